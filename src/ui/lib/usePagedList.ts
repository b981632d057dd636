/**
 * The one paging hook of the lists (KvTable, LayerBrowser, StreamBrowser): the items shown so far, whether
 * more exist, and a load that appends the next page. Each load takes a ticket; the answer of an older load
 * (another filter, layer or stream) is dropped rather than landing in the newer list.
 */
import { useCallback, useRef, useState } from "preact/hooks";
import type { Action } from "./useAction.js";
import type { PageSlice } from "./paging.js";

export interface PagedList<T> {
  items: T[];
  hasMore: boolean;
  setItems: (update: (items: T[]) => T[]) => void;
  /**
   * Runs `fetchPage` through `run` and shows `shown` plus the page it returns; `describe` turns the result
   * into the status line. Resolves as `run` does.
   */
  load: (fetchPage: () => Promise<PageSlice<T>>, shown: T[], describe: (all: T[], hasMore: boolean) => string) => Promise<boolean>;
  /** Empties the list (and drops any load under way). */
  clear: () => void;
}

export function usePagedList<T>(run: Action["run"]): PagedList<T> {
  const [items, setAll] = useState<T[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const listing = useRef(0);

  const load = useCallback<PagedList<T>["load"]>(
    (fetchPage, shown, describe) => {
      const ticket = ++listing.current;
      return run(async () => {
        const page = await fetchPage();
        if (ticket !== listing.current) return;
        const all = [...shown, ...page.items];
        setAll(all);
        setHasMore(page.hasMore);
        return describe(all, page.hasMore);
      });
    },
    [run],
  );

  const clear = useCallback(() => {
    listing.current += 1;
    setAll([]);
    setHasMore(false);
  }, []);

  return { items, hasMore, setItems: setAll, load, clear };
}

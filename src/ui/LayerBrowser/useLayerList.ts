/**
 * The list side of the layer browser: the typed and the applied key filter of the layer shown, and its
 * memories newest first, a page at a time (reloaded when the layer, the filter or the revision changes).
 * A filter belongs to the layer it was typed for ("dad:" means nothing under STM): switching layer starts
 * from the whole layer again.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { Layer, Phoenix, StoredMemory } from "../../index.js";
import { plural } from "../lib/format.js";
import { browsePrefix } from "../lib/memoryKeys.js";
import { takePage } from "../lib/paging.js";
import { useAction, type Action } from "../lib/useAction.js";
import { usePagedList, type PagedList } from "../lib/usePagedList.js";

export const MEMORY_PAGE_SIZE = 20;

export type Pair = [string, StoredMemory];

export interface LayerList {
  filter: string;
  setFilter: (filter: string) => void;
  /** Lists the memories under the typed filter. */
  apply: () => void;
  appliedFilter: string;
  action: Action;
  list: PagedList<Pair>;
  load: (after?: string, shown?: Pair[]) => Promise<boolean>;
}

export function useLayerList(phoenix: Phoenix, layer: Layer, revision: number): LayerList {
  const [draft, setDraft] = useState({ layer, filter: "" });
  const [applied, setApplied] = useState({ layer, filter: "" });
  const filter = draft.layer === layer ? draft.filter : "";
  const appliedFilter = applied.layer === layer ? applied.filter : "";
  const action = useAction();
  const list = usePagedList<Pair>(action.run);
  const load = useCallback(
    (after?: string, shown: Pair[] = []) => {
      const prefix = browsePrefix(layer, appliedFilter);
      return list.load(
        async () => takePage(await phoenix.cortex.recallPrefix(prefix, MEMORY_PAGE_SIZE + 1, { reverse: true, after }), MEMORY_PAGE_SIZE),
        shown,
        (all, hasMore) => `Showing ${plural(all.length, "memory", "memories")} under ${prefix}${hasMore ? ", more available" : ""}.`,
      );
    },
    [phoenix, layer, appliedFilter, list.load],
  );

  useEffect(() => {
    void load();
  }, [load, revision]);

  return {
    filter,
    setFilter: (value) => setDraft({ layer, filter: value }),
    apply: () => setApplied({ layer, filter }),
    appliedFilter,
    action,
    list,
    load,
  };
}

/**
 * The list side of a KvTable: the typed and the applied prefix, the pages shown so far and their loading
 * (reloaded when the source, the applied prefix or the revision changes). Every failure of a call on the
 * source is reported to the table's owner before it is shown (`guarded`).
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import { plural } from "../lib/format.js";
import { takePage } from "../lib/paging.js";
import { useAction, type Action } from "../lib/useAction.js";
import { usePagedList, type PagedList } from "../lib/usePagedList.js";
import type { KvSource } from "./edits.js";

export const KV_PAGE_SIZE = 25;

/**
 * The in-vault prefix for a filter: the README writes routed prefixes ("mind:fact:"), so a leading
 * name of the vault shown is dropped ("mind:fact:" in the Mind list means "fact:").
 */
export function vaultFilterPrefix(vaultName: string, filter: string): string {
  const routed = `${vaultName.toLowerCase()}:`;
  return filter.toLowerCase().startsWith(routed) ? filter.slice(routed.length) : filter;
}

export interface KvList {
  query: string;
  setQuery: (query: string) => void;
  /** Lists the entries under the typed prefix. */
  search: () => void;
  /** The in-vault prefix of the list shown. */
  filterPrefix: string;
  action: Action;
  paged: PagedList<[string, string]>;
  guarded: <T>(work: () => Promise<T>) => Promise<T>;
  load: (after?: string, shown?: Array<[string, string]>) => Promise<boolean>;
}

function describeList(prefix: string, all: Array<[string, string]>, hasMore: boolean): string {
  if (all.length === 0 && prefix) return `No keys start with "${prefix}".`;
  const where = prefix ? ` starting with "${prefix}"` : "";
  return `${plural(all.length, "entry", "entries")}${where}${hasMore ? ", more available" : ""}.`;
}

export function useKvList(source: KvSource, revision: number, onFailure: ((error: unknown) => void) | undefined): KvList {
  const [query, setQuery] = useState("");
  const [appliedQuery, setAppliedQuery] = useState("");
  const action = useAction();
  const paged = usePagedList<[string, string]>(action.run);

  const guarded = useCallback(
    async <T,>(work: () => Promise<T>): Promise<T> => {
      try {
        return await work();
      } catch (error) {
        onFailure?.(error);
        throw error;
      }
    },
    [onFailure],
  );

  const load = useCallback(
    (after?: string, shown: Array<[string, string]> = []) => {
      const prefix = vaultFilterPrefix(source.name, appliedQuery);
      return paged.load(
        async () => takePage(await guarded(() => source.list(prefix, KV_PAGE_SIZE + 1, after)), KV_PAGE_SIZE),
        shown,
        (all, hasMore) => describeList(prefix, all, hasMore),
      );
    },
    [source, appliedQuery, paged.load, guarded],
  );

  useEffect(() => {
    void load();
  }, [load, revision]);

  const filterPrefix = vaultFilterPrefix(source.name, appliedQuery);
  return { query, setQuery, search: () => setAppliedQuery(query), filterPrefix, action, paged, guarded, load };
}

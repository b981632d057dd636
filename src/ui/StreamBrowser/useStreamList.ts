/**
 * The list side of the stream browser: the applied time range and the stream's items in it, a page at a
 * time (emptied and reloaded when the stream, the range or the revision changes). A range that cannot
 * be read (a bad time, From after To) empties the list and is shown as the error.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import { type Phoenix, type CosmicData, PhoenixError } from "../../index.js";
import { fromLocalInputValue, plural } from "../lib/format.js";
import { nextWindowQuery, sliceWindow, type TimeWindow } from "../lib/paging.js";
import { useAction, type Action } from "../lib/useAction.js";
import { usePagedList, type PagedList } from "../lib/usePagedList.js";

export const STREAM_PAGE_SIZE = 25;

/** A datetime-local value as Unix seconds (the seed's unit); INVALID_TIMESTAMP when unreadable. */
function inputSeconds(value: string, label: string): number | undefined {
  if (value === "") return undefined;
  const ms = fromLocalInputValue(value);
  if (ms === undefined) throw new PhoenixError("INVALID_TIMESTAMP", `The "${label}" time "${value}" is not a date and time.`, { replace: true });
  return Math.floor(ms / 1000);
}

/** The range the From/To inputs describe; a PhoenixError when it cannot be read or is empty by order. */
export function readRange(from: string, to: string, newestFirst: boolean): TimeWindow {
  const range = { from: inputSeconds(from, "From"), to: inputSeconds(to, "To"), reverse: newestFirst };
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
    throw new PhoenixError("INVALID_ARGUMENT", "From is later than To, so no item can fall in between: swap them.", { replace: true });
  }
  return range;
}

export interface StreamList {
  action: Action;
  list: PagedList<CosmicData>;
  load: (shown?: CosmicData[]) => void;
  /** Shows the range of the inputs, or its error. */
  apply: (from: string, to: string, newestFirst: boolean) => void;
}

export function useStreamList(phoenix: Phoenix, stream: string | undefined, revision: number): StreamList {
  const [range, setRange] = useState<TimeWindow>({ reverse: true });
  const action = useAction();
  const list = usePagedList<CosmicData>(action.run);

  const load = useCallback(
    (shown: CosmicData[] = []) => {
      if (!stream) return;
      const query = nextWindowQuery(range, shown, STREAM_PAGE_SIZE);
      void list.load(
        async () => sliceWindow(await phoenix.cache.retrieveCosmicData(stream, query), query, STREAM_PAGE_SIZE),
        shown,
        (all, hasMore) => `${plural(all.length, "item", "items")} of ${stream}${hasMore ? ", more available" : ""}.`,
      );
    },
    [phoenix, stream, range, list.load],
  );

  useEffect(() => {
    list.setItems(() => []);
    load();
  }, [load, revision]);

  const apply = (from: string, to: string, newestFirst: boolean) => {
    try {
      setRange(readRange(from, to, newestFirst));
    } catch (error) {
      list.clear();
      action.setError(error);
    }
  };

  return { action, list, load, apply };
}

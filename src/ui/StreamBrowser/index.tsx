/**
 * One stream over a time range, newest or oldest first, a page at a time; and clearing the stream.
 * Paging resumes at the last timestamp shown and skips what is already shown (several items may share
 * a timestamp), see lib/paging.ts.
 */
import { useCallback, useEffect, useId, useState } from "preact/hooks";
import { type Phoenix, type CosmicData, PhoenixError } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { formatUnixSeconds, fromLocalInputValue, plural } from "../lib/format.js";
import { nextWindowQuery, sliceWindow, type TimeWindow } from "../lib/paging.js";
import { useAction } from "../lib/useAction.js";
import { usePagedList } from "../lib/usePagedList.js";
import { LongText } from "../LongText/index.js";
import { Status } from "../Status/index.js";

export const STREAM_PAGE_SIZE = 25;

export interface StreamBrowserProps {
  phoenix: Phoenix;
  streams: readonly string[];
  stream: string | undefined;
  onStreamChange: (stream: string) => void;
  revision: number;
  onCleared: (stream: string) => void;
}

/** A datetime-local value as Unix seconds (the seed's unit); INVALID_TIMESTAMP when unreadable. */
function inputSeconds(value: string, label: string): number | undefined {
  if (value === "") return undefined;
  const ms = fromLocalInputValue(value);
  if (ms === undefined) throw new PhoenixError("INVALID_TIMESTAMP", `The "${label}" time "${value}" is not a date and time.`, { replace: true });
  return Math.floor(ms / 1000);
}

export function StreamBrowser({ phoenix, streams, stream, onStreamChange, revision, onCleared }: StreamBrowserProps) {
  const id = useId();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [newestFirst, setNewestFirst] = useState(true);
  const [range, setRange] = useState<TimeWindow>({ reverse: true });
  const action = useAction();
  const list = usePagedList<CosmicData>(action.run);
  const items = list.items;
  const { dialog, confirm } = useConfirm();

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

  const apply = (event: Event) => {
    event.preventDefault();
    try {
      const range = { from: inputSeconds(from, "From"), to: inputSeconds(to, "To"), reverse: newestFirst };
      if (range.from !== undefined && range.to !== undefined && range.from > range.to) {
        throw new PhoenixError("INVALID_ARGUMENT", "From is later than To, so no item can fall in between: swap them.", { replace: true });
      }
      setRange(range);
    } catch (error) {
      list.clear();
      action.setError(error);
    }
  };

  const clearStream = async () => {
    if (!stream) return;
    const yes = await confirm({ title: `Clear the ${stream} stream?`, message: `Every item of ${stream} will be deleted.`, confirmLabel: "Clear stream" });
    if (!yes) return;
    const ok = await action.run(async () => {
      const removed = await phoenix.cache.clearStream(stream);
      list.clear();
      return `Cleared ${stream}: ${plural(removed, "item", "items")} removed.`;
    });
    if (ok) onCleared(stream);
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Browse a stream</h2>
      <form class="form" onSubmit={apply} data-testid="stream-range-form">
        <div class="field">
          <label for={`${id}-stream`}>Stream</label>
          <select id={`${id}-stream`} data-testid="stream-select" value={stream ?? ""} onChange={(event) => onStreamChange(event.currentTarget.value)}>
            {stream === undefined ? <option value="">Choose a stream</option> : null}
            {streams.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="row">
          <div class="field">
            <label for={`${id}-from`}>From</label>
            <input id={`${id}-from`} data-testid="stream-from" type="datetime-local" step={1} value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
          </div>
          <div class="field">
            <label for={`${id}-to`}>To</label>
            <input id={`${id}-to`} data-testid="stream-to" type="datetime-local" step={1} value={to} onInput={(event) => setTo(event.currentTarget.value)} />
          </div>
        </div>
        <label class="check">
          <input type="checkbox" data-testid="stream-newest-first" checked={newestFirst} onChange={(event) => setNewestFirst(event.currentTarget.checked)} />
          Newest first
        </label>
        <div class="button-row">
          <button type="submit" class="button" data-testid="stream-show" disabled={!stream}>
            Show
          </button>
          <button type="button" class="button button--danger" data-testid="stream-clear" disabled={!stream || action.busy} onClick={() => void clearStream()}>
            Clear stream
          </button>
        </div>
      </form>
      <Status status={action.status} error={action.error} testId="stream" />
      {items.length ? (
        <ul class="entries" data-testid="stream-items" aria-label={`Items of ${stream}`}>
          {items.map((item, index) => (
            <li key={index} class="entry" data-testid="stream-item" data-timestamp={item.timestamp}>
              <p class="entry__key">
                <time dateTime={new Date(item.timestamp * 1000).toISOString()}>{formatUnixSeconds(item.timestamp)}</time> · {item.timestamp} ·{" "}
                {item.source}
              </p>
              <LongText text={item.data} />
            </li>
          ))}
        </ul>
      ) : stream && !action.busy && !action.error ? (
        <p class="empty">No items in this range.</p>
      ) : null}
      {list.hasMore ? (
        <div class="button-row">
          <button type="button" class="button" disabled={action.busy} data-testid="stream-more" onClick={() => load(items)}>
            More
          </button>
        </div>
      ) : null}
      {dialog}
    </section>
  );
}

/**
 * The pieces of the stream browser: the stream and time-range fields, and the items shown. StreamBrowser
 * keeps the state and the calls; these only draw and report.
 */
import type { CosmicData } from "../../index.js";
import { formatUnixSeconds } from "../lib/format.js";
import { LongText } from "../LongText/index.js";

export function StreamSelect({ id, streams, stream, onStreamChange }: { id: string; streams: readonly string[]; stream: string | undefined; onStreamChange: (stream: string) => void }) {
  return (
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
  );
}

export interface RangeFieldsProps {
  id: string;
  from: string;
  to: string;
  newestFirst: boolean;
  onFrom: (from: string) => void;
  onTo: (to: string) => void;
  onNewestFirst: (newestFirst: boolean) => void;
}

export function RangeFields({ id, from, to, newestFirst, onFrom, onTo, onNewestFirst }: RangeFieldsProps) {
  return (
    <>
      <div class="row">
        <div class="field">
          <label for={`${id}-from`}>From</label>
          <input id={`${id}-from`} data-testid="stream-from" type="datetime-local" step={1} value={from} onInput={(event) => onFrom(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={`${id}-to`}>To</label>
          <input id={`${id}-to`} data-testid="stream-to" type="datetime-local" step={1} value={to} onInput={(event) => onTo(event.currentTarget.value)} />
        </div>
      </div>
      <label class="check">
        <input type="checkbox" data-testid="stream-newest-first" checked={newestFirst} onChange={(event) => onNewestFirst(event.currentTarget.checked)} />
        Newest first
      </label>
    </>
  );
}

export interface StreamItemsProps {
  stream: string | undefined;
  items: readonly CosmicData[];
  /** Loading or failed: no "empty" line then. */
  quiet: boolean;
}

export function StreamItems({ stream, items, quiet }: StreamItemsProps) {
  if (!items.length) return stream && !quiet ? <p class="empty">No items in this range.</p> : null;
  return (
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
  );
}

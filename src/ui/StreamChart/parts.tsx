/**
 * What the stream chart says in words: the caption, the hidden table of non-empty slices (the chart's
 * text alternative) and the table of the selected range's items.
 */
import type { CosmicData, Timeline } from "../../index.js";
import { formatUnixSeconds, plural } from "../lib/format.js";
import { BUCKETS, LISTED, type Range } from "./useStreamChart.js";

function busiestSlice(timeline: Timeline): number {
  return timeline.counts.reduce((best, count, i) => (count > (timeline.counts[best] ?? 0) ? i : best), 0);
}

export function ChartCaption({ timeline }: { timeline: Timeline | undefined }) {
  if (!timeline) return <figcaption data-testid="stream-chart-caption">Reading…</figcaption>;
  if (timeline.total === 0) return <figcaption data-testid="stream-chart-caption">No items in this range.</figcaption>;
  const busiest = busiestSlice(timeline);
  return (
    <figcaption data-testid="stream-chart-caption">
      {`${timeline.total.toLocaleString()} ${timeline.total === 1 ? "item" : "items"} from ${formatUnixSeconds(timeline.from)} to ${formatUnixSeconds(timeline.to)}, in ${BUCKETS} slices; the busiest holds ${timeline.counts[busiest]!.toLocaleString()} from ${formatUnixSeconds(timeline.from + busiest * timeline.bucketWidth)}. Drag across the chart to list a range.`}
    </figcaption>
  );
}

export function SliceTable({ timeline }: { timeline: Timeline | undefined }) {
  const slices = timeline ? timeline.counts.map((count, i) => ({ count, at: timeline.from + i * timeline.bucketWidth })).filter((s) => s.count > 0) : [];
  if (slices.length === 0) return null;
  return (
    <table class="visually-hidden">
      <caption>Items per time slice (non-empty slices)</caption>
      <tbody>
        {slices.map((s) => (
          <tr key={s.at}>
            <th scope="row">{formatUnixSeconds(s.at)}</th>
            <td>{s.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ItemsTable({ items }: { items: CosmicData[] }) {
  return (
    <table class="stream-chart__items">
      <caption>{items.length === LISTED ? `The first ${LISTED} items of the selection` : plural(items.length, "item", "items")}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Source</th>
          <th scope="col">Data</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item, i) => (
          <tr key={i}>
            <td>{formatUnixSeconds(item.timestamp)}</td>
            <td>{item.source}</td>
            <td class="stream-chart__data">{item.data}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SelectionItems({ selection, items }: { selection: Range; items: CosmicData[] | undefined }) {
  return (
    <div class="stream-chart__selection" data-testid="stream-chart-selection">
      <h3>
        Selected: {formatUnixSeconds(selection.from)} – {formatUnixSeconds(selection.to)}
      </h3>
      {items === undefined ? <p>Reading…</p> : items.length === 0 ? <p>No items in the selection.</p> : <ItemsTable items={items} />}
    </div>
  );
}

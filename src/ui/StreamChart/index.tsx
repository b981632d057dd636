/**
 * One stream's items over time: a zoomable bar chart (uPlot, loaded with this page only) whose brush
 * (drag across it) selects a range and lists that range's items; "Zoom to selection" narrows the chart
 * to it, "Whole stream" goes back. The figure's caption and a table of the non-empty slices say in words
 * what the chart shows; the listed items are an ordinary table.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type uPlotType from "uplot";
import type { Phoenix, CosmicData, Timeline } from "../../index.js";
import { formatUnixSeconds, plural } from "../lib/format.js";
import { IngestRate } from "./IngestRate.js";
import "./style.css";

const BUCKETS = 60;
const LISTED = 100;

interface Range {
  from: number;
  to: number;
}

export interface StreamChartProps {
  phoenix: Phoenix;
  stream: string;
  revision: number;
}

async function loadUPlot(): Promise<typeof uPlotType> {
  const [module] = await Promise.all([import("uplot"), import("uplot/dist/uPlot.min.css")]);
  return module.default;
}

export function StreamChart({ phoenix, stream, revision }: StreamChartProps) {
  const [zoom, setZoom] = useState<Range | undefined>(undefined);
  const [timeline, setTimeline] = useState<Timeline | undefined>(undefined);
  const [selection, setSelection] = useState<Range | undefined>(undefined);
  const [items, setItems] = useState<CosmicData[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setZoom(undefined);
    setSelection(undefined);
  }, [stream]);

  useEffect(() => {
    let live = true;
    phoenix.cache.timeline(stream, { ...zoom, buckets: BUCKETS }).then(
      (next) => live && setTimeline(next),
      (failure: unknown) => live && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [phoenix, stream, zoom, revision]);

  useEffect(() => {
    if (!selection) return setItems(undefined);
    let live = true;
    phoenix.cache.retrieveCosmicData(stream, { ...selection, limit: LISTED }).then((next) => live && setItems(next), () => undefined);
    return () => {
      live = false;
    };
  }, [phoenix, stream, selection, revision]);

  useEffect(() => {
    const element = box.current;
    if (!element || !timeline || timeline.total === 0) return;
    let chart: uPlotType | undefined;
    let observer: ResizeObserver | undefined;
    let live = true;
    void loadUPlot().then((uPlot) => {
      if (!live) return;
      const xs = timeline.counts.map((_, i) => timeline.from + i * timeline.bucketWidth);
      chart = new uPlot(
        {
          width: element.clientWidth || 320,
          height: 180,
          legend: { show: false },
          cursor: { drag: { x: true, y: false, setScale: false } },
          scales: { x: { time: true } },
          axes: [{ stroke: "currentColor", grid: { show: false } }, { stroke: "currentColor", size: 40 }],
          series: [{}, { label: "items", stroke: "#e8592b", fill: "rgba(232, 89, 43, 0.45)", paths: uPlot.paths.bars!({ size: [0.9, 40] }) }],
          hooks: {
            setSelect: [
              (u) => {
                if (u.select.width < 2) return;
                const from = u.posToVal(u.select.left, "x");
                const to = u.posToVal(u.select.left + u.select.width, "x");
                setSelection({ from, to });
              },
            ],
          },
        },
        [xs, timeline.counts],
        element,
      );
      observer = new ResizeObserver(() => chart?.setSize({ width: element.clientWidth || 320, height: 180 }));
      observer.observe(element);
    });
    return () => {
      live = false;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [timeline]);

  const busiest = timeline ? timeline.counts.reduce((best, count, i) => (count > (timeline.counts[best] ?? 0) ? i : best), 0) : 0;
  const slices = timeline ? timeline.counts.map((count, i) => ({ count, at: timeline.from + i * timeline.bucketWidth })).filter((s) => s.count > 0) : [];
  return (
    <section class="card stream-chart" aria-labelledby="stream-chart-title" data-testid="stream-chart">
      <h2 id="stream-chart-title">{stream} over time</h2>
      {error && <p role="alert">Could not read the stream: {error}</p>}
      <figure class="stream-chart__figure">
        <div ref={box} class="stream-chart__plot" aria-hidden="true" data-testid="stream-chart-plot" />
        <figcaption data-testid="stream-chart-caption">
          {!timeline
            ? "Reading…"
            : timeline.total === 0
              ? "No items in this range."
              : `${timeline.total.toLocaleString()} ${timeline.total === 1 ? "item" : "items"} from ${formatUnixSeconds(timeline.from)} to ${formatUnixSeconds(timeline.to)}, in ${BUCKETS} slices; the busiest holds ${timeline.counts[busiest]!.toLocaleString()} from ${formatUnixSeconds(timeline.from + busiest * timeline.bucketWidth)}. Drag across the chart to list a range.`}
        </figcaption>
        {slices.length > 0 && (
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
        )}
      </figure>
      <div class="button-row">
        <button type="button" class="button button--small" disabled={!selection} onClick={() => setZoom(selection)} data-testid="stream-chart-zoom">
          Zoom to selection
        </button>
        <button type="button" class="button button--small" disabled={!zoom} onClick={() => setZoom(undefined)}>
          Whole stream
        </button>
      </div>
      <IngestRate phoenix={phoenix} stream={stream} />
      {selection && (
        <div class="stream-chart__selection" data-testid="stream-chart-selection">
          <h3>
            Selected: {formatUnixSeconds(selection.from)} – {formatUnixSeconds(selection.to)}
          </h3>
          {items === undefined ? (
            <p>Reading…</p>
          ) : items.length === 0 ? (
            <p>No items in the selection.</p>
          ) : (
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
          )}
        </div>
      )}
    </section>
  );
}

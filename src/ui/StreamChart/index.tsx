/**
 * One stream's items over time: a zoomable bar chart (uPlot, loaded with this page only) whose brush
 * (drag across it) selects a range and lists that range's items; "Zoom to selection" narrows the chart
 * to it, "Whole stream" goes back. The figure's caption and a table of the non-empty slices say in words
 * what the chart shows; the listed items are an ordinary table.
 */
import { useRef } from "preact/hooks";
import type { Phoenix } from "../../index.js";
import { IngestRate } from "./IngestRate.js";
import { ChartCaption, SelectionItems, SliceTable } from "./parts.js";
import { usePlot } from "./usePlot.js";
import { useStreamChart } from "./useStreamChart.js";
import "./style.css";

export interface StreamChartProps {
  phoenix: Phoenix;
  stream: string;
  revision: number;
}

export function StreamChart({ phoenix, stream, revision }: StreamChartProps) {
  const { zoom, setZoom, timeline, selection, setSelection, items, error } = useStreamChart(phoenix, stream, revision);
  const box = useRef<HTMLDivElement>(null);
  usePlot(box, timeline, setSelection);
  return (
    <section class="card stream-chart" aria-labelledby="stream-chart-title" data-testid="stream-chart">
      <h2 id="stream-chart-title">{stream} over time</h2>
      {error && <p role="alert">Could not read the stream: {error}</p>}
      <figure class="stream-chart__figure">
        <div ref={box} class="stream-chart__plot" aria-hidden="true" data-testid="stream-chart-plot" />
        <ChartCaption timeline={timeline} />
        <SliceTable timeline={timeline} />
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
      {selection && <SelectionItems selection={selection} items={items} />}
    </section>
  );
}

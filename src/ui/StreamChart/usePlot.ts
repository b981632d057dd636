/**
 * Draws a timeline as uPlot bars into a box and reports the range the user drags across. uPlot is loaded
 * with this page only; the chart follows the box's width and is destroyed when the timeline changes.
 */
import type { RefObject } from "preact";
import { useEffect } from "preact/hooks";
import type uPlotType from "uplot";
import type { Timeline } from "../../index.js";
import type { Range } from "./useStreamChart.js";

const HEIGHT = 180;

async function loadUPlot(): Promise<typeof uPlotType> {
  const [module] = await Promise.all([import("uplot"), import("uplot/dist/uPlot.min.css")]);
  return module.default;
}

function plotOptions(uPlot: typeof uPlotType, width: number, onSelect: (range: Range) => void): uPlotType.Options {
  return {
    width,
    height: HEIGHT,
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
          onSelect({ from, to });
        },
      ],
    },
  };
}

export function usePlot(box: RefObject<HTMLDivElement | null>, timeline: Timeline | undefined, onSelect: (range: Range) => void): void {
  useEffect(() => {
    const element = box.current;
    if (!element || !timeline || timeline.total === 0) return;
    let chart: uPlotType | undefined;
    let observer: ResizeObserver | undefined;
    let live = true;
    void loadUPlot().then((uPlot) => {
      if (!live) return;
      const xs = timeline.counts.map((_, i) => timeline.from + i * timeline.bucketWidth);
      chart = new uPlot(plotOptions(uPlot, element.clientWidth || 320, onSelect), [xs, timeline.counts], element);
      observer = new ResizeObserver(() => chart?.setSize({ width: element.clientWidth || 320, height: HEIGHT }));
      observer.observe(element);
    });
    return () => {
      live = false;
      observer?.disconnect();
      chart?.destroy();
    };
  }, [timeline]);
}

/**
 * The state behind one stream's chart: the timeline of the zoomed range (re-read when the stream changes or
 * the store's revision moves), the brushed selection and the first items inside it. Kept apart from the
 * markup so that a late answer for an older stream or range is dropped in one place.
 */
import { useEffect, useState } from "preact/hooks";
import type { Phoenix, CosmicData, Timeline } from "../../index.js";

export const BUCKETS = 60;
export const LISTED = 100;

export interface Range {
  from: number;
  to: number;
}

export interface StreamChartState {
  zoom: Range | undefined;
  setZoom: (zoom: Range | undefined) => void;
  timeline: Timeline | undefined;
  selection: Range | undefined;
  setSelection: (selection: Range) => void;
  items: CosmicData[] | undefined;
  error: string | undefined;
}

export function useStreamChart(phoenix: Phoenix, stream: string, revision: number): StreamChartState {
  const [zoom, setZoom] = useState<Range | undefined>(undefined);
  const [timeline, setTimeline] = useState<Timeline | undefined>(undefined);
  const [selection, setSelection] = useState<Range | undefined>(undefined);
  const [items, setItems] = useState<CosmicData[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

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

  return { zoom, setZoom, timeline, selection, setSelection, items, error };
}

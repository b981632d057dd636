/**
 * Ingest rate of one stream while the page is open: its item count sampled every SAMPLE_MS from the
 * per-block counts (getCacheStats reads no items), the difference per second drawn as a sparkline and
 * said in words.
 */
import { useEffect, useState } from "preact/hooks";
import type { Phoenix } from "../../index.js";
import { Sparkline } from "../Sparkline/index.js";

const SAMPLE_MS = 2_000;
const KEEP = 30;

export function IngestRate({ phoenix, stream }: { phoenix: Phoenix; stream: string }) {
  const [rates, setRates] = useState<number[]>([]);

  useEffect(() => {
    setRates([]);
    let last: { at: number; count: number } | undefined;
    let live = true;
    const sample = () => {
      phoenix.cache.getCacheStats().then(
        (stats) => {
          if (!live) return;
          const now = performance.now();
          const count = stats.streams[stream]?.records ?? 0;
          if (last) {
            const rate = Math.max(0, ((count - last.count) * 1000) / (now - last.at));
            setRates((old) => [...old, rate].slice(-KEEP));
          }
          last = { at: now, count };
        },
        () => undefined,
      );
    };
    sample();
    const timer = setInterval(sample, SAMPLE_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [phoenix, stream]);

  const now = rates.at(-1);
  const peak = rates.length ? Math.max(...rates) : undefined;
  return (
    <div class="ingest-rate" data-testid="ingest-rate">
      <Sparkline values={rates} />
      <p class="ingest-rate__text">
        Ingest rate: {now === undefined ? "measuring…" : `${Math.round(now).toLocaleString()} items/s`}
        {peak !== undefined ? `, peak ${Math.round(peak).toLocaleString()} items/s in the last ${Math.round((rates.length * SAMPLE_MS) / 1000)} s` : ""}
      </p>
    </div>
  );
}

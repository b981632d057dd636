/** The seed's one-line summaries of the Cortex, the Vaults and the Hyperspace Cache, and the Vector KB's count. */
import { useEffect, useState } from "preact/hooks";
import type { Phoenix } from "../../index.js";
import { plural } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

interface Lines {
  cortex: string;
  vaults: string;
  vector: string;
  cache: string;
}

export interface SummariesProps {
  phoenix: Phoenix;
  /** Bumped by the page to read again. */
  revision: number;
}

export function Summaries({ phoenix, revision }: SummariesProps) {
  const [lines, setLines] = useState<Lines | undefined>(undefined);
  const action = useAction();

  useEffect(() => {
    void action.run(async () => {
      // The Vector KB is counted in IndexedDB (phoenix.counts), not through vectorKb.count(): that would
      // start the search worker, and build its index, only to show a number.
      const [cortex, vaults, counts, stats] = await Promise.all([
        phoenix.cortex.cosmicRecall(),
        phoenix.vaults.cosmicEssence(),
        phoenix.counts(),
        phoenix.cache.getCacheStats(),
      ]);
      const vectors = counts.vector_kb;
      setLines({ cortex, vaults, vector: `Vector KB: ${plural(vectors, "memory", "memories")} to search by words`, cache: stats.summary });
    });
  }, [phoenix, revision, action.run]);

  return (
    <section class="card" aria-labelledby="summaries-title">
      <h2 id="summaries-title">Summary</h2>
      {lines ? (
        <ul class="entries" data-testid="summaries">
          <li class="entry" data-testid="summary-cortex">
            {lines.cortex}
          </li>
          <li class="entry" data-testid="summary-vaults">
            {lines.vaults}
          </li>
          <li class="entry" data-testid="summary-vector">
            {lines.vector}
          </li>
          <li class="entry" data-testid="summary-cache">
            {lines.cache}
          </li>
        </ul>
      ) : null}
      <Status status={action.busy && !lines ? "Reading the stores…" : ""} error={action.error} testId="summaries" />
    </section>
  );
}

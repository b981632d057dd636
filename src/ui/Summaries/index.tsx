/** The seed's one-line summaries of the Cortex, the Vaults and the Hyperspace Cache. */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { Phoenix } from "../../phoenix.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

interface Lines {
  cortex: string;
  vaults: string;
  cache: string;
}

export function Summaries({ phoenix }: { phoenix: Phoenix }) {
  const [lines, setLines] = useState<Lines | undefined>(undefined);
  const action = useAction();

  const refresh = useCallback(() => {
    void action.run(async () => {
      const [cortex, vaults, stats] = await Promise.all([
        phoenix.cortex.cosmicRecall(),
        phoenix.vaults.cosmicEssence(),
        phoenix.cache.getCacheStats(),
      ]);
      setLines({ cortex, vaults, cache: stats.summary });
    });
  }, [phoenix, action.run]);

  useEffect(refresh, [refresh]);

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
          <li class="entry" data-testid="summary-cache">
            {lines.cache}
          </li>
        </ul>
      ) : null}
      <Status status={action.busy && !lines ? "Reading the stores…" : ""} error={action.error} testId="summaries" />
      <div class="button-row">
        <button type="button" class="button button--small" disabled={action.busy} onClick={refresh} data-testid="summaries-refresh">
          Refresh<span class="visually-hidden"> the summary</span>
        </button>
      </div>
    </section>
  );
}

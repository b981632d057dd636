/** The Memory page's upkeep card: consolidate often-recalled short-term and working memories into long-term ones, sweep expired ones. */
import { useId } from "preact/hooks";
import type { Phoenix } from "../../index.js";
import { plural } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

export function Consolidate({ phoenix, onChanged }: { phoenix: Phoenix; onChanged: () => void }) {
  const id = useId();
  const action = useAction();
  const run = () => {
    void action.run(async () => {
      const { promoted } = await phoenix.cortex.consolidate();
      const removed = await phoenix.cortex.sweep();
      onChanged();
      const moved = promoted.map(({ from, to }) => `${from} → ${to}`).join(", ");
      return `${plural(promoted.length, "memory", "memories")} consolidated${moved ? ` (${moved})` : ""}; ${plural(removed, "expired memory", "expired memories")} swept.`;
    });
  };
  return (
    <section class="card" aria-labelledby={`${id}-title`} data-testid="consolidate">
      <h2 id={`${id}-title`}>Consolidate</h2>
      <p class="field__hint">
        Short-term and working memories recalled at least 3 times become long-term memories. Lifetimes are on the Settings page.
      </p>
      <div class="button-row">
        <button type="button" class="button" disabled={action.busy} onClick={run} data-testid="consolidate-run">
          Consolidate now
        </button>
      </div>
      <Status status={action.status} error={action.error} testId="consolidate" />
    </section>
  );
}

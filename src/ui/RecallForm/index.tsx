/** Recall one memory by its full key, and forget it from there. */
import { useId, useState } from "preact/hooks";
import type { Phoenix } from "../../phoenix.js";
import type { StoredMemory } from "../../stores/cortex.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { useAction } from "../lib/useAction.js";
import { MemoryItem } from "../MemoryItem/index.js";
import { Status } from "../Status/index.js";

export interface RecallFormProps {
  phoenix: Phoenix;
  onForgotten: () => void;
}

export function RecallForm({ phoenix, onForgotten }: RecallFormProps) {
  const id = useId();
  const [key, setKey] = useState("");
  const [found, setFound] = useState<{ key: string; memory: StoredMemory } | undefined>(undefined);
  const action = useAction();
  const { dialog, confirm } = useConfirm();

  const recall = (event: Event) => {
    event.preventDefault();
    const wanted = key.trim();
    void action.run(async () => {
      setFound(undefined);
      const memory = await phoenix.cortex.recall(wanted);
      if (!memory) return `Nothing is stored under ${wanted}.`;
      setFound({ key: wanted, memory });
      return `Found the memory under ${wanted}.`;
    });
  };

  const forget = async (target: string) => {
    if (!(await confirm({ title: "Forget this memory?", message: `The memory under ${target} will be deleted.`, confirmLabel: "Forget" }))) return;
    const ok = await action.run(async () => {
      const existed = await phoenix.cortex.forget(target);
      setFound(undefined);
      return existed ? `Forgot ${target}.` : `Nothing was stored under ${target}.`;
    });
    if (ok) onForgotten();
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Recall by key</h2>
      <form class="row" onSubmit={recall} data-testid="recall-form">
        <div class="field">
          <label for={`${id}-key`}>Key</label>
          <input
            id={`${id}-key`}
            data-testid="recall-key"
            required
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            placeholder="epm:dad:1704067200"
            value={key}
            onInput={(event) => setKey(event.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button" disabled={action.busy} data-testid="recall-submit">
          Recall
        </button>
      </form>
      <Status status={action.status} error={action.error} testId="recall" />
      {found ? (
        <ul class="entries" data-testid="recall-result">
          <MemoryItem memoryKey={found.key} memory={found.memory} busy={action.busy} onForget={forget} />
        </ul>
      ) : null}
      {dialog}
    </section>
  );
}

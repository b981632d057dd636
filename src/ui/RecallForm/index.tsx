/** Recall one memory by its full key, and forget it from there (with Undo for a few seconds). */
import { useId, useState } from "preact/hooks";
import type { Phoenix, StoredMemory } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { clip } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { MemoryItem } from "../MemoryItem/index.js";
import { Status } from "../Status/index.js";
import { useUndo } from "../UndoBar/index.js";

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
  const undo = useUndo("recall", onForgotten);

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
    const memory = found?.key === target ? found.memory : undefined;
    const title = memory ? `Forget the memory '${clip(memory.text)}'?` : "Forget this memory?";
    const message = `The memory under ${target} will be deleted; you can undo for a few seconds.`;
    if (!(await confirm({ title, message, confirmLabel: "Forget" }))) return;
    const ok = await action.run(async () => {
      const existed = await phoenix.cortex.forget(target);
      setFound(undefined);
      if (existed && memory) {
        undo.offer(`Forgot the memory '${clip(memory.text)}'.`, async () => {
          await phoenix.cortex.etch({ layer: memory.layer, text: memory.text }, target);
          return `Put back the memory '${clip(memory.text)}'.`;
        });
      }
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
      {undo.bar}
      {found ? (
        <ul class="entries" data-testid="recall-result">
          <MemoryItem memoryKey={found.key} memory={found.memory} busy={action.busy} onForget={forget} />
        </ul>
      ) : null}
      {dialog}
    </section>
  );
}

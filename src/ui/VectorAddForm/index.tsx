/** Add a memory to the Vector KB with metadata typed as JSON, checked while typing. */
import { useId, useState } from "preact/hooks";
import { PhoenixError, type VectorKb } from "../../index.js";
import { clip } from "../lib/format.js";
import { parseMetadata } from "../lib/metadata.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

export interface VectorAddFormProps {
  vectorKb: VectorKb;
  onAdded: () => void;
}

export function VectorAddForm({ vectorKb, onAdded }: VectorAddFormProps) {
  const id = useId();
  const [text, setText] = useState("");
  const [metadataText, setMetadataText] = useState("");
  const action = useAction();
  const metadata = parseMetadata(metadataText);

  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      if (!metadata.ok) throw new PhoenixError("INVALID_VALUE", metadata.message, { replace: true });
      const entry = await vectorKb.addMemory(text, metadata.value);
      setText("");
      setMetadataText("");
      onAdded();
      return `Added the memory '${clip(entry.text)}'.`;
    });
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add a memory</h2>
      <form class="form" onSubmit={submit} data-testid="vector-add-form">
        <div class="field">
          <label for={`${id}-text`}>Text</label>
          <textarea id={`${id}-text`} data-testid="vector-text" required value={text} onInput={(event) => setText(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for={`${id}-metadata`}>Metadata (JSON, optional)</label>
          <textarea
            id={`${id}-metadata`}
            class="code"
            data-testid="vector-metadata"
            spellcheck={false}
            autocapitalize="off"
            placeholder='{"category": "geography"}'
            aria-invalid={!metadata.ok}
            aria-describedby={`${id}-metadata-check`}
            value={metadataText}
            onInput={(event) => setMetadataText(event.currentTarget.value)}
          />
          <p class="field__hint" id={`${id}-metadata-check`} data-testid="vector-metadata-check">
            {metadata.ok ? "A JSON object, e.g. {\"category\": \"geography\"}." : metadata.message}
          </p>
        </div>
        <div class="button-row">
          <button type="submit" class="button button--primary" disabled={action.busy || !metadata.ok} data-testid="vector-add">
            Add
          </button>
        </div>
      </form>
      <Status status={action.status} error={action.error} testId="vector-add" />
    </section>
  );
}

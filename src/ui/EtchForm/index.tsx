/**
 * Etch a memory into a chosen layer. The form asks only for the parts of the layer's key format and
 * shows the full key as it will be written; EPM keys take the current time when etched.
 */
import { useId, useState } from "preact/hooks";
import { LAYERS, type Layer } from "../../db/schema.js";
import type { Phoenix } from "../../phoenix.js";
import { buildLayerKey, LAYER_NAMES, LAYER_PARTS, previewLayerKey, type KeyPart, type KeyParts } from "../lib/memoryKeys.js";
import { requestPersistenceOnce } from "../lib/storage.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

const PART_LABELS: Record<KeyPart, string> = { key: "Key", user: "User", instinct: "Instinct" };
const PART_HINTS: Record<KeyPart, string> = {
  key: "Any name, e.g. current_topic",
  user: "Who it is about, e.g. dad (no colon)",
  instinct: "e.g. greeting (no colon)",
};

export interface EtchFormProps {
  phoenix: Phoenix;
  /** Called with the layer after a successful etch, so lists can refresh. */
  onEtched: (layer: Layer, key: string) => void;
}

export function EtchForm({ phoenix, onEtched }: EtchFormProps) {
  const id = useId();
  const [layer, setLayer] = useState<Layer>("EPM");
  const [parts, setParts] = useState<KeyParts>({});
  const [text, setText] = useState("");
  const action = useAction();

  const setPart = (part: KeyPart, value: string) => setParts((previous) => ({ ...previous, [part]: value }));

  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      const key = buildLayerKey(layer, parts);
      await phoenix.cortex.etch({ layer, text }, key);
      setText("");
      setParts((previous) => ({ ...previous, key: "" }));
      onEtched(layer, key);
      const persisted = await requestPersistenceOnce();
      const note =
        persisted === true ? " This browser will now keep your data." : persisted === false ? " The browser did not grant persistent storage (see Overview)." : "";
      return `Etched under ${key}.${note}`;
    });
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Etch a memory</h2>
      <form class="form" onSubmit={submit} data-testid="etch-form">
        <div class="field">
          <label for={`${id}-layer`}>Layer</label>
          <select
            id={`${id}-layer`}
            data-testid="etch-layer"
            value={layer}
            onChange={(event) => setLayer(event.currentTarget.value as Layer)}
          >
            {LAYERS.map((name) => (
              <option key={name} value={name}>
                {name} — {LAYER_NAMES[name]}
              </option>
            ))}
          </select>
        </div>
        <div class="row">
          {LAYER_PARTS[layer].map((part) => (
            <div class="field" key={part}>
              <label for={`${id}-${part}`}>{PART_LABELS[part]}</label>
              <input
                id={`${id}-${part}`}
                data-testid={`etch-${part}`}
                required
                autocomplete="off"
                autocapitalize="off"
                spellcheck={false}
                value={parts[part] ?? ""}
                onInput={(event) => setPart(part, event.currentTarget.value)}
                aria-describedby={`${id}-${part}-hint`}
              />
              <p class="field__hint" id={`${id}-${part}-hint`}>
                {PART_HINTS[part]}
              </p>
            </div>
          ))}
        </div>
        <p class="field__hint">
          Key:{" "}
          <output class="code" data-testid="etch-key-preview" for={LAYER_PARTS[layer].map((part) => `${id}-${part}`).join(" ")}>
            {previewLayerKey(layer, parts)}
          </output>
          {layer === "EPM" ? " (the time is added when you etch)" : null}
        </p>
        <div class="field">
          <label for={`${id}-text`}>Memory</label>
          <textarea
            id={`${id}-text`}
            data-testid="etch-text"
            required
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        <div class="button-row">
          <button type="submit" class="button button--primary" disabled={action.busy} data-testid="etch-submit">
            Etch
          </button>
        </div>
      </form>
      <Status status={action.status} error={action.error} testId="etch" />
    </section>
  );
}

/**
 * Etch a memory into a chosen layer. The form asks only for the parts of the layer's key format and
 * shows the full key as it will be written; EPM keys take the current time when etched. A key that
 * already holds a memory is replaced only on the person's word, with Undo for a few seconds after.
 *
 * The memory text area is not a controlled input: a pasted megabyte would otherwise be copied into
 * state and diffed on every keystroke. Its text is read once, on submit; typing only updates a length.
 */
import { useId, useRef, useState } from "preact/hooks";
import { LAYERS, type Layer, type Phoenix } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { clip } from "../lib/format.js";
import { buildLayerKey, LAYER_HINTS, LAYER_NAMES, LAYER_PARTS, previewLayerKey, type KeyPart, type KeyParts } from "../lib/memoryKeys.js";
import { requestPersistenceOnce } from "../lib/storage.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { useUndo } from "../UndoBar/index.js";

const PART_LABELS: Record<KeyPart, string> = { key: "Key", user: "User", instinct: "Instinct" };
const PART_HINTS: Record<KeyPart, string> = {
  key: "Any name, e.g. current_topic",
  user: "Who it is about, e.g. dad (no colon)",
  instinct: "The situation that triggers the reflex, e.g. greeting (no colon)",
};

/** Above this length the browser's spell checker is turned off: it re-checks the whole text as it changes. */
const SPELLCHECK_MAX_CHARS = 20_000;

export interface EtchFormProps {
  phoenix: Phoenix;
  /** Called with the layer after a successful etch, so lists can refresh. */
  onEtched: (layer: Layer, key: string) => void;
}

export function EtchForm({ phoenix, onEtched }: EtchFormProps) {
  const id = useId();
  const [layer, setLayer] = useState<Layer>("EPM");
  const [parts, setParts] = useState<KeyParts>({});
  const textArea = useRef<HTMLTextAreaElement>(null);
  const [textLength, setTextLength] = useState(0);
  const action = useAction();
  const { dialog, confirm } = useConfirm();
  const undo = useUndo("etch");

  const setPart = (part: KeyPart, value: string) => setParts((previous) => ({ ...previous, [part]: value }));

  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      const key = buildLayerKey(layer, parts);
      const text = textArea.current?.value ?? "";
      const previous = await phoenix.cortex.recall(key);
      if (previous) {
        const yes = await confirm({
          title: `Replace the memory '${clip(previous.text)}'?`,
          message: `${key} already holds that memory. Etching puts the new text in its place; you can undo for a few seconds.`,
          confirmLabel: "Replace",
        });
        if (!yes) return "Nothing was changed.";
      }
      await phoenix.cortex.etch({ layer, text }, key);
      if (textArea.current) textArea.current.value = "";
      setTextLength(0);
      setParts((previous) => ({ ...previous, key: "" }));
      onEtched(layer, key);
      if (previous) {
        undo.offer(`Replaced the memory '${clip(previous.text)}' under ${key}.`, async () => {
          await phoenix.cortex.etch({ layer: previous.layer, text: previous.text }, key);
          onEtched(previous.layer, key);
          return `Put back the memory '${clip(previous.text)}'.`;
        });
      }
      const persisted = await requestPersistenceOnce();
      const note =
        persisted === true ? " This browser will now keep your data." : persisted === false ? " The browser did not grant persistent storage (see Overview)." : "";
      return `${previous ? "Replaced" : "Etched"} under ${key}.${note}`;
    });
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Etch a memory</h2>
      <p class="field__hint">To etch is to write a memory into a layer under a key, to be recalled by that key later.</p>
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
          <p class="field__hint" data-testid="etch-layer-hint">
            {LAYER_HINTS[layer]}
          </p>
          <details class="layers-help">
            <summary>What the layers are for</summary>
            <dl class="layers-help__list">
              {LAYERS.map((name) => (
                <div key={name}>
                  <dt>
                    {name} — {LAYER_NAMES[name]}
                  </dt>
                  <dd>{LAYER_HINTS[name]}</dd>
                </div>
              ))}
            </dl>
          </details>
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
            ref={textArea}
            data-testid="etch-text"
            required
            spellcheck={textLength <= SPELLCHECK_MAX_CHARS}
            onInput={(event) => setTextLength(event.currentTarget.textLength)}
          />
        </div>
        <div class="button-row">
          <button type="submit" class="button button--primary" disabled={action.busy} data-testid="etch-submit">
            Etch
          </button>
        </div>
      </form>
      <Status status={action.status} error={action.error} testId="etch" />
      {undo.bar}
      {dialog}
    </section>
  );
}

/**
 * The fields of the Etch form: the layer picker with what each layer is for, the inputs for the parts of
 * the layer's key format, and the key as it will be written.
 */
import { LAYERS, type Layer } from "../../index.js";
import { LAYER_HINTS, LAYER_NAMES, LAYER_PARTS, previewLayerKey, type KeyPart, type KeyParts } from "../lib/memoryKeys.js";

const PART_LABELS: Record<KeyPart, string> = { key: "Key", user: "User", instinct: "Instinct" };
const PART_HINTS: Record<KeyPart, string> = {
  key: "Any name, e.g. current_topic",
  user: "Who it is about, e.g. dad (no colon)",
  instinct: "The situation that triggers the reflex, e.g. greeting (no colon)",
};

function LayersHelp() {
  return (
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
  );
}

export function LayerField({ id, layer, onLayer }: { id: string; layer: Layer; onLayer: (layer: Layer) => void }) {
  return (
    <div class="field">
      <label for={`${id}-layer`}>Layer</label>
      <select id={`${id}-layer`} data-testid="etch-layer" value={layer} onChange={(event) => onLayer(event.currentTarget.value as Layer)}>
        {LAYERS.map((name) => (
          <option key={name} value={name}>
            {name} — {LAYER_NAMES[name]}
          </option>
        ))}
      </select>
      <p class="field__hint" data-testid="etch-layer-hint">
        {LAYER_HINTS[layer]}
      </p>
      <LayersHelp />
    </div>
  );
}

export interface KeyPartFieldsProps {
  id: string;
  layer: Layer;
  parts: KeyParts;
  onPart: (part: KeyPart, value: string) => void;
}

export function KeyPartFields({ id, layer, parts, onPart }: KeyPartFieldsProps) {
  return (
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
            onInput={(event) => onPart(part, event.currentTarget.value)}
            aria-describedby={`${id}-${part}-hint`}
          />
          <p class="field__hint" id={`${id}-${part}-hint`}>
            {PART_HINTS[part]}
          </p>
        </div>
      ))}
    </div>
  );
}

export function KeyPreview({ id, layer, parts }: { id: string; layer: Layer; parts: KeyParts }) {
  return (
    <p class="field__hint">
      Key:{" "}
      <output class="code" data-testid="etch-key-preview" for={LAYER_PARTS[layer].map((part) => `${id}-${part}`).join(" ")}>
        {previewLayerKey(layer, parts)}
      </output>
      {layer === "EPM" ? " (the time is added when you etch)" : null}
    </p>
  );
}

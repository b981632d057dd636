/**
 * The pieces of the layer browser: the layer switch, the key filter, and the memories (or why there are
 * none). LayerBrowser keeps the state and the calls; these only draw and report.
 */
import { LAYERS, type Layer } from "../../index.js";
import { browsePrefix, LAYER_NAMES } from "../lib/memoryKeys.js";
import { MemoryItem } from "../MemoryItem/index.js";
import { QueryField, RowForm } from "../RowForm/index.js";
import type { Pair } from "./useLayerList.js";

export function LayerSwitch({ layer, onLayerChange }: { layer: Layer; onLayerChange: (layer: Layer) => void }) {
  return (
    <div class="segmented" role="group" aria-label="Layer">
      {LAYERS.map((name) => (
        <button
          key={name}
          type="button"
          class="button button--small"
          aria-pressed={name === layer}
          title={LAYER_NAMES[name]}
          data-testid={`browse-layer-${name}`}
          onClick={() => onLayerChange(name)}
        >
          {name}
        </button>
      ))}
    </div>
  );
}

export interface FilterFormProps {
  id: string;
  layer: Layer;
  filter: string;
  onFilter: (filter: string) => void;
  onApply: () => void;
}

export function FilterForm({ id, layer, filter, onFilter, onApply }: FilterFormProps) {
  return (
    <RowForm onSubmit={onApply}>
      <QueryField id={`${id}-filter`} label="Key starts with" testId="browse-filter" placeholder={layer === "EPM" ? "dad:" : ""} value={filter} onInput={onFilter} literal />
      <button type="submit" class="button" data-testid="browse-submit">
        Show
      </button>
    </RowForm>
  );
}

export interface MemoryListProps {
  layer: Layer;
  pairs: readonly Pair[];
  busy: boolean;
  appliedFilter: string;
  onForget: (key: string) => void;
}

export function MemoryList({ layer, pairs, busy, appliedFilter, onForget }: MemoryListProps) {
  if (pairs.length) {
    return (
      <ul class="entries" data-testid="browse-list" aria-label={`${LAYER_NAMES[layer]} memories`}>
        {pairs.map(([key, memory]) => (
          <MemoryItem key={key} memoryKey={key} memory={memory} busy={busy} onForget={onForget} />
        ))}
      </ul>
    );
  }
  if (busy) return null;
  return (
    <p class="empty" data-testid="browse-empty">
      {appliedFilter ? `No keys start with ${browsePrefix(layer, appliedFilter)}.` : "No memories here yet."}
    </p>
  );
}

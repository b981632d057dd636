/**
 * Browse one layer newest first (greatest key first: EPM keys are time-ordered), a page at a time.
 * "More" resumes after the last key shown, so paging stays exact while memories are added.
 */
import { useCallback, useEffect, useId, useState } from "preact/hooks";
import { LAYERS, type Layer, type Phoenix, type StoredMemory } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { clip, plural } from "../lib/format.js";
import { browsePrefix, LAYER_NAMES } from "../lib/memoryKeys.js";
import { lastKey, takePage } from "../lib/paging.js";
import { useAction } from "../lib/useAction.js";
import { usePagedList } from "../lib/usePagedList.js";
import { MemoryItem } from "../MemoryItem/index.js";
import { Status } from "../Status/index.js";
import { useUndo } from "../UndoBar/index.js";

export const MEMORY_PAGE_SIZE = 20;

export interface LayerBrowserProps {
  phoenix: Phoenix;
  layer: Layer;
  onLayerChange: (layer: Layer) => void;
  /** Bumped by the page when memories change elsewhere (etch, forget): the list reloads. */
  revision: number;
}

type Pair = [string, StoredMemory];

export function LayerBrowser({ phoenix, layer, onLayerChange, revision }: LayerBrowserProps) {
  const id = useId();
  // A filter belongs to the layer it was typed for ("dad:" means nothing under STM): switching layer
  // starts from the whole layer again.
  const [draft, setDraft] = useState({ layer, filter: "" });
  const [applied, setApplied] = useState({ layer, filter: "" });
  const filter = draft.layer === layer ? draft.filter : "";
  const appliedFilter = applied.layer === layer ? applied.filter : "";
  const action = useAction();
  const list = usePagedList<Pair>(action.run);
  const pairs = list.items;
  const { dialog, confirm } = useConfirm();
  const undo = useUndo("browse", () => void load());
  const load = useCallback(
    (after?: string, shown: Pair[] = []) => {
      const prefix = browsePrefix(layer, appliedFilter);
      return list.load(
        async () => takePage(await phoenix.cortex.recallPrefix(prefix, MEMORY_PAGE_SIZE + 1, { reverse: true, after }), MEMORY_PAGE_SIZE),
        shown,
        (all, hasMore) => `Showing ${plural(all.length, "memory", "memories")} under ${prefix}${hasMore ? ", more available" : ""}.`,
      );
    },
    [phoenix, layer, appliedFilter, list.load],
  );

  useEffect(() => {
    void load();
  }, [load, revision]);

  const forget = async (key: string) => {
    const memory = pairs.find(([k]) => k === key)?.[1];
    const title = memory ? `Forget the memory '${clip(memory.text)}'?` : "Forget this memory?";
    const yes = await confirm({ title, message: `The memory under ${key} will be deleted; you can undo for a few seconds.`, confirmLabel: "Forget" });
    if (!yes) return;
    await action.run(async () => {
      const found = await phoenix.cortex.forget(key);
      list.setItems((previous) => previous.filter(([k]) => k !== key));
      if (found && memory) {
        undo.offer(`Forgot the memory '${clip(memory.text)}'.`, async () => {
          await phoenix.cortex.etch({ layer: memory.layer, text: memory.text }, key);
          return `Put back the memory '${clip(memory.text)}'.`;
        });
      }
      return found ? `Forgot ${key}.` : `Nothing was stored under ${key}.`;
    });
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Browse, newest first</h2>
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
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied({ layer, filter });
        }}
      >
        <div class="field">
          <label for={`${id}-filter`}>Key starts with</label>
          <input
            id={`${id}-filter`}
            data-testid="browse-filter"
            type="search"
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            placeholder={layer === "EPM" ? "dad:" : ""}
            value={filter}
            onInput={(event) => setDraft({ layer, filter: event.currentTarget.value })}
          />
        </div>
        <button type="submit" class="button" data-testid="browse-submit">
          Show
        </button>
      </form>
      <Status status={action.status} error={action.error} testId="browse" />
      {undo.bar}
      {pairs.length ? (
        <ul class="entries" data-testid="browse-list" aria-label={`${LAYER_NAMES[layer]} memories`}>
          {pairs.map(([key, memory]) => (
            <MemoryItem key={key} memoryKey={key} memory={memory} busy={action.busy} onForget={forget} />
          ))}
        </ul>
      ) : action.busy ? null : appliedFilter ? (
        <p class="empty" data-testid="browse-empty">
          No keys start with {browsePrefix(layer, appliedFilter)}.
        </p>
      ) : (
        <p class="empty" data-testid="browse-empty">
          No memories here yet.
        </p>
      )}
      {list.hasMore ? (
        <div class="button-row">
          <button type="button" class="button" disabled={action.busy} data-testid="browse-more" onClick={() => void load(lastKey(pairs), pairs)}>
            More
          </button>
        </div>
      ) : null}
      {dialog}
    </section>
  );
}

/**
 * Browse one layer newest first (greatest key first: EPM keys are time-ordered), a page at a time.
 * "More" resumes after the last key shown, so paging stays exact while memories are added.
 */
import { useId } from "preact/hooks";
import type { Layer, Phoenix } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { clip } from "../lib/format.js";
import { lastKey } from "../lib/paging.js";
import { MoreRow } from "../MoreRow/index.js";
import { Status } from "../Status/index.js";
import { useUndo } from "../UndoBar/index.js";
import { FilterForm, LayerSwitch, MemoryList } from "./parts.js";
import { useLayerList } from "./useLayerList.js";

export { MEMORY_PAGE_SIZE } from "./useLayerList.js";

export interface LayerBrowserProps {
  phoenix: Phoenix;
  layer: Layer;
  onLayerChange: (layer: Layer) => void;
  /** Bumped by the page when memories change elsewhere (etch, forget): the list reloads. */
  revision: number;
}

export function LayerBrowser({ phoenix, layer, onLayerChange, revision }: LayerBrowserProps) {
  const id = useId();
  const { filter, setFilter, apply, appliedFilter, action, list, load } = useLayerList(phoenix, layer, revision);
  const pairs = list.items;
  const { dialog, confirm } = useConfirm();
  const undo = useUndo("browse", () => void load());

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
      <LayerSwitch layer={layer} onLayerChange={onLayerChange} />
      <FilterForm id={id} layer={layer} filter={filter} onFilter={setFilter} onApply={apply} />
      <Status status={action.status} error={action.error} testId="browse" />
      {undo.bar}
      <MemoryList layer={layer} pairs={pairs} busy={action.busy} appliedFilter={appliedFilter} onForget={forget} />
      <MoreRow hasMore={list.hasMore} busy={action.busy} testId="browse-more" onMore={() => void load(lastKey(pairs), pairs)} />
      {dialog}
    </section>
  );
}

/**
 * What Etch does when submitted: build the key, ask before replacing a memory already under it, etch,
 * offer Undo of a replacement, and ask the browser once to keep the data. Apart from the form so that the
 * markup shows only fields.
 */
import type { RefObject } from "preact";
import type { Layer, Phoenix } from "../../index.js";
import type { Confirm } from "../ConfirmDialog/index.js";
import { clip } from "../lib/format.js";
import { buildLayerKey, type KeyParts } from "../lib/memoryKeys.js";
import { requestPersistenceOnce } from "../lib/storage.js";
import type { Action } from "../lib/useAction.js";
import type { Undo } from "../UndoBar/index.js";

export interface EtchDeps {
  phoenix: Phoenix;
  action: Action;
  confirm: Confirm["confirm"];
  undo: Undo;
  textArea: RefObject<HTMLTextAreaElement | null>;
  onEtched: (layer: Layer, key: string) => void;
  /** Empties the memory text and the key part once etched. */
  reset: () => void;
}

function persistenceNote(persisted: boolean | undefined): string {
  if (persisted === true) return " This browser will now keep your data.";
  if (persisted === false) return " The browser did not grant persistent storage (see Overview).";
  return "";
}

export function etch({ phoenix, action, confirm, undo, textArea, onEtched, reset }: EtchDeps, layer: Layer, parts: KeyParts): Promise<boolean> {
  return action.run(async () => {
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
    reset();
    onEtched(layer, key);
    if (previous) {
      undo.offer(`Replaced the memory '${clip(previous.text)}' under ${key}.`, async () => {
        await phoenix.cortex.etch({ layer: previous.layer, text: previous.text }, key);
        onEtched(previous.layer, key);
        return `Put back the memory '${clip(previous.text)}'.`;
      });
    }
    const note = persistenceNote(await requestPersistenceOnce());
    return `${previous ? "Replaced" : "Etched"} under ${key}.${note}`;
  });
}

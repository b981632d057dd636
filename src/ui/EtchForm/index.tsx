/**
 * Etch a memory into a chosen layer. The form asks only for the parts of the layer's key format and
 * shows the full key as it will be written; EPM keys take the current time when etched. A key that
 * already holds a memory is replaced only on the person's word, with Undo for a few seconds after.
 *
 * The memory text area is not a controlled input: a pasted megabyte would otherwise be copied into
 * state and diffed on every keystroke. Its text is read once, on submit; typing only updates a length.
 */
import { useId, useRef, useState } from "preact/hooks";
import type { Layer, Phoenix } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import type { KeyPart, KeyParts } from "../lib/memoryKeys.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { SubmitRow } from "../SubmitRow/index.js";
import { useUndo } from "../UndoBar/index.js";
import { KeyPartFields, KeyPreview, LayerField } from "./parts.js";
import { etch } from "./etch.js";

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
  const reset = () => {
    if (textArea.current) textArea.current.value = "";
    setTextLength(0);
    setParts((previous) => ({ ...previous, key: "" }));
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void etch({ phoenix, action, confirm, undo, textArea, onEtched, reset }, layer, parts);
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Etch a memory</h2>
      <p class="field__hint">To etch is to write a memory into a layer under a key, to be recalled by that key later.</p>
      <form class="form" onSubmit={submit} data-testid="etch-form">
        <LayerField id={id} layer={layer} onLayer={setLayer} />
        <KeyPartFields id={id} layer={layer} parts={parts} onPart={setPart} />
        <KeyPreview id={id} layer={layer} parts={parts} />
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
        <SubmitRow busy={action.busy} testId="etch-submit">
          Etch
        </SubmitRow>
      </form>
      <Status status={action.status} error={action.error} testId="etch" />
      {undo.bar}
      {dialog}
    </section>
  );
}

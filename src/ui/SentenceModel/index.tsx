/**
 * The sentence model on the Settings page: where models come from (base URL), download one with a
 * progress bar and a cancel, import one from picked files or a folder or a zip (for a device that never
 * goes online), the stored models with their size, switch the embedder (re-embed progress, cancel)
 * and remove a model. Every control is a labelled native element; results and errors go to the live
 * regions of <Status>. The state and calls are in useSentenceModel.ts, the markup's pieces in parts.tsx.
 */
import { useId } from "preact/hooks";
import type { Phoenix } from "../../index.js";
import { Status } from "../Status/index.js";
import { ActiveModel, BaseUrlForm, DownloadForm, ImportInputs, LongCallProgress, ModelList } from "./parts.js";
import { useSentenceModel } from "./useSentenceModel.js";

export function SentenceModel({ phoenix }: { phoenix: Phoenix }) {
  const id = useId();
  const model = useSentenceModel(phoenix);
  const { action } = model;
  return (
    <section class="card" aria-labelledby={`${id}-title`} data-testid="settings-models">
      <h2 id={`${id}-title`}>Sentence model</h2>
      <p class="field__hint">
        Optional: a sentence model finds memories by meaning ("What does my spouse do?" → "Helen is a nurse"). It runs on this device,
        offline once stored. Switching re-embeds every Vector KB entry in the background; searches use the previous vectors until it is done.
        Switching back to the hash embedder is instant (its vectors are always kept).
      </p>
      <ActiveModel status={model.status} />
      <LongCallProgress progress={model.progress} cancellable={model.cancellable} onCancel={model.cancel} />
      <ModelList models={model.models} status={model.status} busy={action.busy} onUse={model.use} onRemove={model.remove} />
      <DownloadForm id={id} value={model.modelId} busy={action.busy} onInput={model.setModelId} onSubmit={model.download} />
      <BaseUrlForm id={id} value={model.baseUrl} busy={action.busy} onInput={model.setBaseUrl} onSubmit={model.saveBaseUrl} />
      <ImportInputs id={id} onPick={model.importPicked} />
      <Status status={action.status} error={action.error} testId="models" />
    </section>
  );
}

/**
 * The pieces of the Settings page's sentence-model section (index.tsx puts them in order): what is in
 * use, the progress bar with its Cancel, the stored models, and the download, base-URL and import
 * forms. Markup only; the state and the calls are in useSentenceModel.ts.
 */
import { useRef } from "preact/hooks";
import { HASH_EMBEDDER, type ModelProgress, type ModelStatus, type StoredModel } from "../../index.js";
import { formatBytes, formatPercent } from "../lib/format.js";
import { ProgressBar } from "../ProgressBar/index.js";

function progressView(progress: ModelProgress) {
  const ratio = progress.total > 0 ? progress.done / progress.total : 0;
  const what =
    progress.phase === "reembed"
      ? `Re-embedding: ${progress.done} of ${progress.total} entries`
      : `${progress.phase === "download" ? "Downloading" : "Importing"}${progress.file ? ` ${progress.file}` : ""}: ${formatBytes(progress.done)}${progress.total > 0 ? ` of ${formatBytes(progress.total)}` : ""}`;
  return { label: `${what} (${formatPercent(ratio)})`, ratio };
}

export function ActiveModel({ status }: { status: ModelStatus | undefined }) {
  const active = status?.active ?? HASH_EMBEDDER;
  return (
    <>
      <p data-testid="models-active">
        In use: <strong>{active === HASH_EMBEDDER ? "hash embedder (built in)" : active}</strong>
        {status?.target ? ` — switching to ${status.target} (${status.reembed?.done ?? 0} of ${status.reembed?.total ?? 0} entries)` : ""}
      </p>
      {status?.error && (
        <p class="field__hint" data-testid="models-failure">
          The model could not be used ({status.error.reason}); the hash embedder answers. {status.error.message}
        </p>
      )}
    </>
  );
}

export function LongCallProgress({ progress, cancellable, onCancel }: { progress: ModelProgress | undefined; cancellable: boolean; onCancel: () => void }) {
  return (
    <>
      {progress && <ProgressBar view={progressView(progress)} testId="models-progress" />}
      {cancellable && (
        <div class="button-row">
          <button type="button" class="button" data-testid="models-cancel" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </>
  );
}

interface ModelListProps {
  models: readonly StoredModel[];
  status: ModelStatus | undefined;
  busy: boolean;
  onUse: (id: string) => void;
  onRemove: (id: string) => void;
}

/** The stored models, each with Use and Remove, and the way back to the hash embedder. */
export function ModelList({ models, status, busy, onUse, onRemove }: ModelListProps) {
  const active = status?.active ?? HASH_EMBEDDER;
  return (
    <>
      <ul class="entries" aria-label="Stored models" data-testid="models-list">
        {models.map((model) => (
          <li key={model.id} class="entry" data-testid="model-item" data-id={model.id}>
            <p class="entry__text">
              {model.id} — {formatBytes(model.size)}, {model.source === "download" ? "downloaded" : "imported"}
              {model.files.every((file) => file.pinned) ? ", digests pinned" : ""}
            </p>
            <div class="button-row">
              <button type="button" class="button button--small" disabled={busy || active === model.id} onClick={() => onUse(model.id)}>
                Use<span class="visually-hidden"> {model.id}</span>
              </button>
              <button type="button" class="button button--small button--danger" disabled={busy} onClick={() => onRemove(model.id)}>
                Remove<span class="visually-hidden"> {model.id}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      <div class="button-row">
        <button type="button" class="button" data-testid="models-use-hash" disabled={busy || (active === HASH_EMBEDDER && !status?.target)} onClick={() => onUse(HASH_EMBEDDER)}>
          Use the hash embedder
        </button>
      </div>
    </>
  );
}

interface TextFormProps {
  /** The id prefix (useId) the label and input ids derive from. */
  id: string;
  value: string;
  busy: boolean;
  onInput: (value: string) => void;
  onSubmit: () => void;
}

const submitted = (onSubmit: () => void) => (event: Event) => {
  event.preventDefault();
  onSubmit();
};

export function DownloadForm({ id, value, busy, onInput, onSubmit }: TextFormProps) {
  return (
    <form class="form" onSubmit={submitted(onSubmit)}>
      <label for={`${id}-model`}>Model to download</label>
      <input id={`${id}-model`} data-testid="models-id" value={value} autoComplete="off" onInput={(event) => onInput(event.currentTarget.value)} />
      <div class="button-row">
        <button type="submit" class="button" data-testid="models-download" disabled={busy || value.trim() === ""}>
          Download
        </button>
      </div>
    </form>
  );
}

export function BaseUrlForm({ id, value, busy, onInput, onSubmit }: TextFormProps) {
  return (
    <form class="form" onSubmit={submitted(onSubmit)}>
      <label for={`${id}-base`}>Download from (base URL; {"{model}"} stands for the model id)</label>
      <input id={`${id}-base`} data-testid="models-base-url" type="url" value={value} autoComplete="off" onInput={(event) => onInput(event.currentTarget.value)} />
      <div class="button-row">
        <button type="submit" class="button" data-testid="models-save-base-url" disabled={busy || value.trim() === ""}>
          Save base URL
        </button>
      </div>
    </form>
  );
}

/** Import from picked files or a zip, or from a folder (for a device that never goes online). */
export function ImportInputs({ id, onPick }: { id: string; onPick: (input: HTMLInputElement) => void }) {
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const picked = (input: HTMLInputElement | null) => input && onPick(input);
  return (
    <div class="form">
      <label for={`${id}-files`}>Import from files (config.json, tokenizer.json, the .onnx model) or one .zip</label>
      <input id={`${id}-files`} ref={files} data-testid="models-import-files" type="file" multiple accept=".json,.onnx,.zip" onChange={() => picked(files.current)} />
      <label for={`${id}-folder`}>Or import a model folder</label>
      <input
        id={`${id}-folder`}
        ref={folder}
        data-testid="models-import-folder"
        type="file"
        {...({ webkitdirectory: "" } as Record<string, string>)}
        onChange={() => picked(folder.current)}
      />
    </div>
  );
}

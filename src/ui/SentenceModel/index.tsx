/**
 * The sentence model on the Settings page: where models come from (base URL), download one with a
 * progress bar and a cancel, import one from picked files or a folder or a zip (for a device that never
 * goes online), the stored models with their size, switch the embedder (re-embed progress, cancel)
 * and remove a model. Every control is a labelled native element; results and errors go to the live
 * regions of <Status>.
 */
import { useCallback, useEffect, useId, useRef, useState } from "preact/hooks";
import { DEFAULT_MODEL_ID, HASH_EMBEDDER, type ModelProgress, type ModelStatus, type Phoenix, type StoredModel } from "../../index.js";
import { formatBytes, formatPercent } from "../lib/format.js";
import { isAbort } from "../lib/errors.js";
import { useAction } from "../lib/useAction.js";
import { ProgressBar } from "../ProgressBar/index.js";
import { Status } from "../Status/index.js";

function progressView(progress: ModelProgress) {
  const ratio = progress.total > 0 ? progress.done / progress.total : 0;
  const what =
    progress.phase === "reembed"
      ? `Re-embedding: ${progress.done} of ${progress.total} entries`
      : `${progress.phase === "download" ? "Downloading" : "Importing"}${progress.file ? ` ${progress.file}` : ""}: ${formatBytes(progress.done)}${progress.total > 0 ? ` of ${formatBytes(progress.total)}` : ""}`;
  return { label: `${what} (${formatPercent(ratio)})`, ratio };
}

export function SentenceModel({ phoenix }: { phoenix: Phoenix }) {
  const id = useId();
  const [status, setStatus] = useState<ModelStatus | undefined>(undefined);
  const [models, setModels] = useState<StoredModel[]>([]);
  const [baseUrl, setBaseUrl] = useState("");
  const [modelId, setModelId] = useState(DEFAULT_MODEL_ID);
  const [progress, setProgress] = useState<ModelProgress | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const files = useRef<HTMLInputElement>(null);
  const folder = useRef<HTMLInputElement>(null);
  const action = useAction();

  const refresh = useCallback(async () => {
    const [next, list] = await Promise.all([phoenix.models.status(), phoenix.models.list()]);
    setStatus(next);
    setModels(list);
    setBaseUrl((current) => current || next.baseUrl);
  }, [phoenix]);
  useEffect(() => {
    void action.run(refresh);
  }, [refresh]);

  /** Runs a long call with a progress bar and a Cancel button. */
  const long = (work: (signal: AbortSignal, onProgress: (p: ModelProgress) => void) => Promise<string>) => {
    const abort = new AbortController();
    controller.current = abort;
    void action.run(async () => {
      try {
        return await work(abort.signal, setProgress);
      } catch (error) {
        if (isAbort(error)) return "Cancelled; nothing already stored was changed.";
        throw error;
      } finally {
        controller.current = undefined;
        setProgress(undefined);
        await refresh().catch(() => undefined);
      }
    });
  };

  const saveBaseUrl = (event: Event) => {
    event.preventDefault();
    void action.run(async () => {
      setStatus(await phoenix.models.setBaseUrl(baseUrl.trim()));
      return "Base URL saved.";
    });
  };
  const download = (event: Event) => {
    event.preventDefault();
    long(async (signal, onProgress) => {
      const model = await phoenix.models.download({ model: modelId.trim(), signal, onProgress });
      return `${model.id} stored (${formatBytes(model.size)}).`;
    });
  };
  const importPicked = (input: HTMLInputElement | null) => {
    const picked = input?.files;
    if (!picked || picked.length === 0) return;
    long(async (signal, onProgress) => {
      const model = await phoenix.models.import(picked, { signal, onProgress });
      if (input) input.value = "";
      return `${model.id} imported (${formatBytes(model.size)}).`;
    });
  };
  const use = (model: string) =>
    long(async (signal, onProgress) => {
      const next = await phoenix.models.use(model, { signal, onProgress });
      setStatus(next);
      return model === HASH_EMBEDDER ? "The hash embedder answers searches again." : `${model} now answers searches.`;
    });
  const remove = (model: string) =>
    void action.run(async () => {
      await phoenix.models.remove(model);
      await refresh();
      return `${model} removed.`;
    });

  const active = status?.active ?? HASH_EMBEDDER;
  return (
    <section class="card" aria-labelledby={`${id}-title`} data-testid="settings-models">
      <h2 id={`${id}-title`}>Sentence model</h2>
      <p class="field__hint">
        Optional: a sentence model finds memories by meaning ("What does my spouse do?" → "Helen is a nurse"). It runs on this device,
        offline once stored. Switching re-embeds every Vector KB entry in the background; searches use the previous vectors until it is done.
        Switching back to the hash embedder is instant (its vectors are always kept).
      </p>
      <p data-testid="models-active">
        In use: <strong>{active === HASH_EMBEDDER ? "hash embedder (built in)" : active}</strong>
        {status?.target ? ` — switching to ${status.target} (${status.reembed?.done ?? 0} of ${status.reembed?.total ?? 0} entries)` : ""}
      </p>
      {status?.error && (
        <p class="field__hint" data-testid="models-failure">
          The model could not be used ({status.error.reason}); the hash embedder answers. {status.error.message}
        </p>
      )}
      {progress && <ProgressBar view={progressView(progress)} testId="models-progress" />}
      {action.busy && controller.current && (
        <div class="button-row">
          <button type="button" class="button" data-testid="models-cancel" onClick={() => controller.current?.abort()}>
            Cancel
          </button>
        </div>
      )}
      <ul class="entries" aria-label="Stored models" data-testid="models-list">
        {models.map((model) => (
          <li key={model.id} class="entry" data-testid="model-item" data-id={model.id}>
            <p class="entry__text">
              {model.id} — {formatBytes(model.size)}, {model.source === "download" ? "downloaded" : "imported"}
              {model.files.every((file) => file.pinned) ? ", digests pinned" : ""}
            </p>
            <div class="button-row">
              <button type="button" class="button button--small" disabled={action.busy || active === model.id} onClick={() => use(model.id)}>
                Use<span class="visually-hidden"> {model.id}</span>
              </button>
              <button type="button" class="button button--small button--danger" disabled={action.busy} onClick={() => remove(model.id)}>
                Remove<span class="visually-hidden"> {model.id}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      <div class="button-row">
        <button type="button" class="button" data-testid="models-use-hash" disabled={action.busy || (active === HASH_EMBEDDER && !status?.target)} onClick={() => use(HASH_EMBEDDER)}>
          Use the hash embedder
        </button>
      </div>
      <form class="form" onSubmit={download}>
        <label for={`${id}-model`}>Model to download</label>
        <input id={`${id}-model`} data-testid="models-id" value={modelId} autoComplete="off" onInput={(event) => setModelId(event.currentTarget.value)} />
        <div class="button-row">
          <button type="submit" class="button" data-testid="models-download" disabled={action.busy || modelId.trim() === ""}>
            Download
          </button>
        </div>
      </form>
      <form class="form" onSubmit={saveBaseUrl}>
        <label for={`${id}-base`}>Download from (base URL; {"{model}"} stands for the model id)</label>
        <input id={`${id}-base`} data-testid="models-base-url" type="url" value={baseUrl} autoComplete="off" onInput={(event) => setBaseUrl(event.currentTarget.value)} />
        <div class="button-row">
          <button type="submit" class="button" data-testid="models-save-base-url" disabled={action.busy || baseUrl.trim() === ""}>
            Save base URL
          </button>
        </div>
      </form>
      <div class="form">
        <label for={`${id}-files`}>Import from files (config.json, tokenizer.json, the .onnx model) or one .zip</label>
        <input id={`${id}-files`} ref={files} data-testid="models-import-files" type="file" multiple accept=".json,.onnx,.zip" onChange={() => importPicked(files.current)} />
        <label for={`${id}-folder`}>Or import a model folder</label>
        <input
          id={`${id}-folder`}
          ref={folder}
          data-testid="models-import-folder"
          type="file"
          {...({ webkitdirectory: "" } as Record<string, string>)}
          onChange={() => importPicked(folder.current)}
        />
      </div>
      <Status status={action.status} error={action.error} testId="models" />
    </section>
  );
}

/**
 * The state and the calls behind the Settings page's sentence-model section: what is in use and
 * stored, the base URL and model id being typed, and the long calls (download, import, switch) that
 * show a progress bar and can be cancelled. Apart from the markup (parts.tsx) so each stays small.
 */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { DEFAULT_MODEL_ID, HASH_EMBEDDER, type ModelProgress, type ModelStatus, type Phoenix, type StoredModel } from "../../index.js";
import { formatBytes } from "../lib/format.js";
import { isAbort } from "../lib/errors.js";
import { useAction, type Action } from "../lib/useAction.js";

type LongWork = (signal: AbortSignal, onProgress: (p: ModelProgress) => void) => Promise<string>;

/** A long call with a progress bar and a Cancel button; a cancel is reported as such, not as an error. */
function useLongCall(action: Action, refresh: () => Promise<void>) {
  const [progress, setProgress] = useState<ModelProgress | undefined>(undefined);
  const controller = useRef<AbortController | undefined>(undefined);
  const long = (work: LongWork) => {
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
  return { progress, long, cancellable: action.busy && controller.current !== undefined, cancel: () => controller.current?.abort() };
}

export function useSentenceModel(phoenix: Phoenix) {
  const [status, setStatus] = useState<ModelStatus | undefined>(undefined);
  const [models, setModels] = useState<StoredModel[]>([]);
  const [baseUrl, setBaseUrl] = useState("");
  const [modelId, setModelId] = useState(DEFAULT_MODEL_ID);
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
  const { progress, long, cancellable, cancel } = useLongCall(action, refresh);

  const saveBaseUrl = () =>
    void action.run(async () => {
      setStatus(await phoenix.models.setBaseUrl(baseUrl.trim()));
      return "Base URL saved.";
    });
  const download = () =>
    long(async (signal, onProgress) => {
      const model = await phoenix.models.download({ model: modelId.trim(), signal, onProgress });
      return `${model.id} stored (${formatBytes(model.size)}).`;
    });
  const importPicked = (input: HTMLInputElement) => {
    const picked = input.files;
    if (!picked || picked.length === 0) return;
    long(async (signal, onProgress) => {
      const model = await phoenix.models.import(picked, { signal, onProgress });
      input.value = "";
      return `${model.id} imported (${formatBytes(model.size)}).`;
    });
  };
  const use = (model: string) =>
    long(async (signal, onProgress) => {
      setStatus(await phoenix.models.use(model, { signal, onProgress }));
      return model === HASH_EMBEDDER ? "The hash embedder answers searches again." : `${model} now answers searches.`;
    });
  const remove = (model: string) =>
    void action.run(async () => {
      await phoenix.models.remove(model);
      await refresh();
      return `${model} removed.`;
    });

  return { action, status, models, progress, cancellable, cancel, baseUrl, setBaseUrl, modelId, setModelId, saveBaseUrl, download, importPicked, use, remove };
}

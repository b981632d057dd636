/**
 * The `phoenix.models` calls the search worker answers (merged into worker-api.ts's object). Downloads
 * run here rather than on the page: the page's Content-Security-Policy allows connections to its own
 * origin only, and the worker is where the model is used. Progress comes back through a comlink
 * callback; cancellation arrives as the bridge's cancel(operation).
 */
import { transfer } from "comlink";
import { PhoenixError } from "../../src/errors.js";
import type { ModelProgress, ModelStatus, StoredModel, Tokenized } from "../../src/models/types.js";
import { DEFAULT_MODEL_ID } from "../../src/models/known.js";
import { ModelManager } from "./manager.js";
import { checkBaseUrl, checkModelId, downloadModel, findModel, listModels, removeModel, storeModel, type ModelFileBytes } from "./store.js";

type Progress = ((progress: ModelProgress) => unknown) | undefined;

export function createModelWorkerApi(manager: () => ModelManager) {
  const operations = new Map<number, AbortController>();
  let busy = false;

  const withSignal = async <T>(operation: number | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    const controller = new AbortController();
    if (operation !== undefined) operations.set(operation, controller);
    try {
      return await work(controller.signal);
    } finally {
      if (operation !== undefined) operations.delete(operation);
    }
  };
  /** Downloads and imports one at a time: two writers of one model's files would mix them. */
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    if (busy) throw new PhoenixError("MODEL_BUSY");
    busy = true;
    try {
      return await work();
    } finally {
      busy = false;
    }
  };
  const report = (onProgress: Progress) => (progress: ModelProgress) => {
    void Promise.resolve(onProgress?.(progress)).catch(() => undefined);
  };

  return {
    modelStatus(): Promise<ModelStatus> {
      return manager().status();
    },
    modelList(): Promise<StoredModel[]> {
      return listModels();
    },
    async modelDownload(model: string | undefined, baseUrl: string | undefined, onProgress: Progress, operation?: number): Promise<StoredModel> {
      const id = checkModelId(model ?? DEFAULT_MODEL_ID);
      const root = baseUrl === undefined ? await manager().baseUrl() : checkBaseUrl(baseUrl);
      return exclusive(() => withSignal(operation, (signal) => downloadModel(id, root, signal, report(onProgress))));
    },
    async modelImport(model: string, files: ModelFileBytes[]): Promise<StoredModel> {
      const id = checkModelId(model);
      return exclusive(() => storeModel(id, files, "import"));
    },
    async modelRemove(model: string): Promise<boolean> {
      const id = checkModelId(model);
      const known = (await findModel(id)) !== undefined;
      await manager().forget(id);
      return (await removeModel(id)) || known;
    },
    modelUse(model: string, onProgress: Progress, operation?: number): Promise<ModelStatus> {
      if (typeof model !== "string") throw new PhoenixError("INVALID_ARGUMENT", "use() takes a model id or \"hash\".");
      return withSignal(operation, (signal) => manager().use(model, signal, report(onProgress)));
    },
    modelCancelSwitch(): Promise<ModelStatus> {
      return manager().cancelSwitch();
    },
    modelSetBaseUrl(url: string): Promise<ModelStatus> {
      return manager().setBaseUrl(checkBaseUrl(url));
    },
    async modelEmbed(texts: string[], model?: string): Promise<Float32Array[]> {
      const vectors = await manager().embed(texts, model);
      return transfer(vectors, vectors.map((vector) => vector.buffer as ArrayBuffer));
    },
    modelTokenize(text: string, model?: string): Promise<Tokenized> {
      return manager().tokenize(text, model);
    },
    /** The bridge's cancel: stops a download or a switch started with this operation id. */
    modelAbort(operation: number): void {
      operations.get(operation)?.abort();
    },
  };
}

/**
 * `phoenix.models`, the page side: checks arguments, reads picked files, and forwards each call to
 * the search worker (workers/models/api.ts) through the Vector KB's bridge, with progress callbacks proxied
 * and AbortSignal turned into the worker's cancel.
 *
 *     await phoenix.models.download({ onProgress: (p) => bar.value = p.done / p.total, signal });
 *     await phoenix.models.use("Xenova/all-MiniLM-L6-v2", { onProgress });   // re-embeds, then searches use it
 *     await phoenix.models.use("hash");                                        // instant: hash vectors are kept
 */
import { proxy } from "comlink";
import { PhoenixError } from "../errors.js";
import type { VectorKbHandle } from "../vector/kb.js";
import type { CallOptions } from "../shared/vector-types.js";
import { DEFAULT_BASE_URL } from "./known.js";
import type { DownloadOptions, ImportOptions, ModelProgress, ModelsHandle, ModelStatus, StoredModel, Tokenized, UseOptions } from "./types.js";

function progressProxy(onProgress: ((progress: ModelProgress) => void) | undefined) {
  if (onProgress === undefined) return undefined;
  if (typeof onProgress !== "function") throw new PhoenixError("INVALID_ARGUMENT", "onProgress must be a function.");
  return proxy((progress: ModelProgress) => onProgress(progress));
}

function assertId(id: unknown, what = "model id"): asserts id is string {
  if (typeof id !== "string" || id.length === 0) throw new PhoenixError("INVALID_ARGUMENT", `The ${what} must be a non-empty string.`);
}

export function createModelsNow(kb: VectorKbHandle): ModelsHandle {
  const call = <T>(work: Parameters<VectorKbHandle["callWorker"]>[0], options: CallOptions = {}) =>
    kb.callWorker(work, options) as Promise<T>;
  return {
    defaultBaseUrl: DEFAULT_BASE_URL,
    status: (options = {}) => call<ModelStatus>((api) => api.modelStatus(), options),
    list: (options = {}) => call<StoredModel[]>((api) => api.modelList(), options),
    async download(options: DownloadOptions = {}): Promise<StoredModel> {
      if (options.model !== undefined) assertId(options.model);
      if (options.baseUrl !== undefined && typeof options.baseUrl !== "string") throw new PhoenixError("INVALID_ARGUMENT", "baseUrl must be a string.");
      const onProgress = progressProxy(options.onProgress);
      return call<StoredModel>((api, operation) => api.modelDownload(options.model, options.baseUrl, onProgress, operation), options);
    },
    async import(picked: readonly File[] | FileList, options: ImportOptions = {}): Promise<StoredModel> {
      if (options.id !== undefined) assertId(options.id);
      const list = Array.from(picked as ArrayLike<File>);
      if (!list.every((file) => file instanceof Blob)) throw new PhoenixError("INVALID_ARGUMENT", "import() takes the picked File objects.");
      // fflate's unzip is loaded only for an import, so the app shell does not carry it.
      const { idFromConfig, readPickedFiles } = await import("./import-files.js");
      const files = await readPickedFiles(list, (done, total) => options.onProgress?.({ phase: "import", done, total }));
      if (options.signal?.aborted) throw new PhoenixError("ABORTED", "The import was cancelled; nothing was stored.");
      const id = options.id ?? idFromConfig(files) ?? "imported-model";
      return call<StoredModel>((api) => api.modelImport(id, files), options);
    },
    async remove(id: string, options: CallOptions = {}): Promise<boolean> {
      assertId(id);
      return call<boolean>((api) => api.modelRemove(id), options);
    },
    async use(id: string, options: UseOptions = {}): Promise<ModelStatus> {
      assertId(id, "embedder (a model id or \"hash\")");
      const onProgress = progressProxy(options.onProgress);
      return call<ModelStatus>((api, operation) => api.modelUse(id, onProgress, operation), options);
    },
    cancelSwitch: (options = {}) => call<ModelStatus>((api) => api.modelCancelSwitch(), options),
    async setBaseUrl(url: string, options: CallOptions = {}): Promise<ModelStatus> {
      if (typeof url !== "string") throw new PhoenixError("INVALID_ARGUMENT", "The base URL must be a string.");
      return call<ModelStatus>((api) => api.modelSetBaseUrl(url), options);
    },
    async embed(texts: readonly string[], options: CallOptions & { model?: string } = {}): Promise<Float32Array[]> {
      if (!Array.isArray(texts) || !texts.every((text) => typeof text === "string")) throw new PhoenixError("INVALID_ARGUMENT", "embed() takes an array of strings.");
      return call<Float32Array[]>((api) => api.modelEmbed([...texts], options.model), options);
    },
    async tokenize(text: string, options: CallOptions & { model?: string } = {}): Promise<Tokenized> {
      if (typeof text !== "string") throw new PhoenixError("INVALID_ARGUMENT", "tokenize() takes a string.");
      return call<Tokenized>((api) => api.modelTokenize(text, options.model), options);
    },
  };
}

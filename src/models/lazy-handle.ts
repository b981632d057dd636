/**
 * `phoenix.models` as the facade holds it: each call loads the real handle (handle.ts) on first use,
 * so the app shell carries these few lines and not the model code.
 */
import type { VectorKbHandle } from "../vector/kb.js";
import { DEFAULT_BASE_URL } from "./defaults.js";
import type { ModelsHandle } from "./types.js";

export function createModels(kb: VectorKbHandle): ModelsHandle {
  let real: Promise<ModelsHandle> | undefined;
  const load = () => (real ??= import("./handle.js").then(({ createModelsNow }) => createModelsNow(kb)));
  return {
    defaultBaseUrl: DEFAULT_BASE_URL,
    status: async (...args) => (await load()).status(...args),
    list: async (...args) => (await load()).list(...args),
    download: async (...args) => (await load()).download(...args),
    import: async (...args) => (await load()).import(...args),
    remove: async (...args) => (await load()).remove(...args),
    use: async (...args) => (await load()).use(...args),
    cancelSwitch: async (...args) => (await load()).cancelSwitch(...args),
    setBaseUrl: async (...args) => (await load()).setBaseUrl(...args),
    embed: async (...args) => (await load()).embed(...args),
    tokenize: async (...args) => (await load()).tokenize(...args),
  };
}

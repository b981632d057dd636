/** `phoenix.models`: the optional offline sentence model (see README, "Sentence model"). */
export { createModels } from "./lazy-handle.js";
export { DEFAULT_BASE_URL, DEFAULT_MODEL_ID, KNOWN_MODELS, modelEmbedderId, type KnownModel } from "./known.js";
export {
  HASH_EMBEDDER,
  type DownloadOptions,
  type ImportOptions,
  type ModelFailure,
  type ModelProgress,
  type ModelsHandle,
  type ModelStatus,
  type StoredModel,
  type StoredModelFile,
  type Tokenized,
  type UseOptions,
} from "./types.js";

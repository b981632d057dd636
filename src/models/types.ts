/**
 * `phoenix.models`: the optional sentence model that can replace the hash embedder. The types live
 * here, shared by the page-side handle (handle.ts) and the worker half (worker/), so the two cannot
 * disagree about a status, a progress report or a stored model's listing.
 */
import type { CallOptions } from "../shared/vector-types.js";

/** The built-in embedder's name in `use()` and `status().active`. */
export const HASH_EMBEDDER = "hash";

/** What `MODEL_UNAVAILABLE` says went wrong (also `error.subject`). */
export type ModelFailure =
  | "missing-file"
  | "digest-mismatch"
  | "download-failed"
  | "bad-file"
  | "load-failed"
  | "run-failed"
  | "out-of-memory";

/** One file of a stored model. */
export interface StoredModelFile {
  /** Path inside the model, as on the hub: "config.json", "tokenizer.json", "onnx/model_quantized.onnx". */
  name: string;
  bytes: number;
  /** SHA-256 of the bytes, lowercase hex; checked again each time the model loads. */
  sha256: string;
  /** True when the digest matched a pinned digest of a known model. */
  pinned: boolean;
}

/** A model stored in this origin (Cache Storage), as `models.list()` shows it. */
export interface StoredModel {
  /** The model's id, e.g. "Xenova/all-MiniLM-L6-v2", and the embedder id its vectors carry ("model:<id>"). */
  id: string;
  embedderId: string;
  source: "download" | "import";
  /** Where it was downloaded from (download only). */
  baseUrl?: string;
  files: StoredModelFile[];
  /** Total bytes of its files. */
  size: number;
  /** Vector width (config.json hidden_size). */
  dim: number;
  storedAt: number;
}

export interface ModelProgress {
  phase: "download" | "import" | "reembed";
  /** Bytes (download, import) or entries (re-embed) done so far, and the total when known. */
  done: number;
  total: number;
  /** The file being read (download, import). */
  file?: string;
}

/** What `models.status()` tells. */
export interface ModelStatus {
  /** The embedder answering searches now: "hash" or a stored model's id. */
  active: string;
  /** The model being switched to while its vectors are made; absent when no switch is under way. */
  target?: string;
  /** Re-embedding progress of `target` (entries with a vector from it / entries). */
  reembed?: { done: number; total: number; running: boolean };
  /** The base URL downloads use (`setBaseUrl`). */
  baseUrl: string;
  /** The last failure to load or run a model: the hash embedder took over. */
  error?: { code: "MODEL_UNAVAILABLE"; reason: ModelFailure; message: string };
}

export interface DownloadOptions extends CallOptions {
  /** Model id; default the known all-MiniLM-L6-v2 (quantised). */
  model?: string;
  /** Overrides the stored base URL for this download. `{model}` in it is replaced by the id. */
  baseUrl?: string;
  onProgress?: (progress: ModelProgress) => void;
}

/** A file picked by the user: a folder's files (webkitRelativePath is used) or one zip. */
export interface ImportOptions extends CallOptions {
  /** The id to store the model under; default: config.json `_name_or_path`, else "imported-model". */
  id?: string;
  onProgress?: (progress: ModelProgress) => void;
}

export interface UseOptions extends CallOptions {
  /** Called as entries get their vectors from the new model. */
  onProgress?: (progress: ModelProgress) => void;
}

/** A tokenised text, as the model sees it. */
export interface Tokenized {
  ids: number[];
  tokens: string[];
}

export interface ModelsHandle {
  /** Default base URL (the model hub's files of the model id). */
  readonly defaultBaseUrl: string;
  status(options?: CallOptions): Promise<ModelStatus>;
  list(options?: CallOptions): Promise<StoredModel[]>;
  /** Downloads a model's files into this origin, checking pinned digests; resolves to its listing. */
  download(options?: DownloadOptions): Promise<StoredModel>;
  /** Stores a model from picked files (a folder's files, or one .zip). */
  import(files: readonly File[] | FileList, options?: ImportOptions): Promise<StoredModel>;
  /** Removes a stored model and the vectors it made; the hash embedder takes over if it was in use. */
  remove(id: string, options?: CallOptions): Promise<boolean>;
  /**
   * Switches the embedder: "hash" is instant (its vectors are always kept); a model re-embeds every
   * entry in the background, searches answering on the previous vectors until it is complete.
   * Resolves when the switch is complete; `signal` cancels it (vectors made so far are kept).
   */
  use(id: string, options?: UseOptions): Promise<ModelStatus>;
  /** Stops a switch under way, keeping the vectors made so far (a later `use` resumes). */
  cancelSwitch(options?: CallOptions): Promise<ModelStatus>;
  setBaseUrl(url: string, options?: CallOptions): Promise<ModelStatus>;
  /** The active model's vectors for `texts` (mean pooled, unit length). */
  embed(texts: readonly string[], options?: CallOptions & { model?: string }): Promise<Float32Array[]>;
  /** The active model's tokens for `text` ([CLS] … [SEP]). */
  tokenize(text: string, options?: CallOptions & { model?: string }): Promise<Tokenized>;
}

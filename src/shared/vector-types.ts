/** The Vector KB's public types: the seed's MemoryEntry and MemoryResult, and the options around them. */
import type { JsonObject } from "../db/schema.js";
import type { Embedder } from "./embedder.js";

/** A stored memory: the seed's `MemoryEntry`. */
export interface MemoryEntry {
  id: string;
  text: string;
  /** `embeddingDim` float32 values, unit length unless the text has no tokens (then all zero). */
  embedding: Float32Array;
  metadata: JsonObject;
}

/** A search hit: the seed's `MemoryResult`. `score` is the cosine similarity, in [-1, 1]. */
export interface MemoryResult {
  id: string;
  text: string;
  score: number;
  metadata: JsonObject;
}

export interface NewMemory {
  text: string;
  metadata?: JsonObject;
}

export interface CallOptions {
  /** Cancels the call: reads stop waiting at once; a write is cancelled unless it is already committing. */
  signal?: AbortSignal;
}

export interface SearchOptions extends CallOptions {
  /** Keeps entries whose metadata fields equal these values, e.g. `{ category: "geography" }`. */
  filter?: JsonObject;
  /** Drops results scoring below this. */
  minScore?: number;
}

export interface VectorKbOptions {
  /** The IndexedDB database holding `vector_kb` (the Phoenix database). */
  dbName: string;
  /** Defaults to the seed's hash embedder (384 dimensions), which runs inside the worker. */
  embedder?: Embedder;
  /** Stop the worker after this long without calls (ms); it restarts on the next call. Default 5 minutes. */
  idleMs?: number;
}

/** `phoenix.vectorKb`: the seed's VectorKB, searched in a worker. */
export interface VectorKb {
  /** Dimension of every embedding (the seed's `embedding_dim()`): 384 with the default embedder. */
  readonly embeddingDim: number;
  addMemory(text: string, metadata?: JsonObject, options?: CallOptions): Promise<MemoryEntry>;
  /** Adds all items in one transaction: all are stored, or none. */
  addMemories(items: readonly NewMemory[], options?: CallOptions): Promise<MemoryEntry[]>;
  /** Every entry, oldest first. */
  all(options?: CallOptions): Promise<MemoryEntry[]>;
  get(id: string, options?: CallOptions): Promise<MemoryEntry | undefined>;
  /** True when an entry was removed. */
  remove(id: string, options?: CallOptions): Promise<boolean>;
  count(options?: CallOptions): Promise<number>;
  /**
   * The `topK` entries most similar to `query` by cosine, best first; equal scores keep the order
   * the entries were added in.
   */
  semanticSearch(query: string, topK?: number, options?: SearchOptions): Promise<MemoryResult[]>;
  /** Stops the worker; later calls fail with DB_CLOSED. */
  close(): void;
}

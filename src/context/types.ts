/** The Context Engine's public types: hits, search and build options. */
import type { JsonObject, Layer } from "../db/schema.js";

/** The stores `context.search` reads. */
export const CONTEXT_SOURCES = ["vector_kb", "mind_vault", "eternal_memory", "soul_kb"] as const;
export type ContextSource = (typeof CONTEXT_SOURCES)[number];

/** Upper bound on `topK` for context search. */
export const CONTEXT_MAX_TOP_K = 1_000;

export interface Hit {
  source: ContextSource;
  /** The Vector KB entry's id (vector_kb only). */
  id?: string;
  /** The Mind Vault, cortex or Soul Vault key. */
  key?: string;
  /** Exactly as stored: the entry's text, the Mind or Soul value, the memory's text. */
  text: string;
  /** As stored, for Vector KB entries. */
  metadata?: JsonObject;
  /** In [0, 1]; higher is more relevant. */
  score: number;
  /** What matched, for a person: words, a corrected typo, the name a relationship word stood for, neighbours. */
  why: string[];
}

export interface ContextSearchOptions {
  /** How many hits at most (1–1,000). Default 10. */
  topK?: number;
  /** The Vector KB's metadata filter; with a filter only Vector KB entries are searched unless `sources` says otherwise. */
  filter?: JsonObject;
  /** The stores to search; default all (the Soul Vault only while unlocked). */
  sources?: readonly ContextSource[];
  signal?: AbortSignal;
}

/** How `build()` ranks its items: relevance^relevance × (floor + (1 − floor) × recency) × layer weight. */
export interface BuildWeights {
  /** Exponent on search relevance (0 ignores it). Default 1. */
  relevance: number;
  /** Half-life of recency, ms. Default 30 days. */
  recencyHalfLifeMs: number;
  /** What an old item keeps of its score (0–1). Default 0.5. */
  recencyFloor: number;
  /** Importance of each cortex layer and store. */
  layers: Partial<Record<Layer | "MIND" | "VECTOR" | "SOUL", number>>;
}

export interface BuildOptions {
  /** Characters the rendered text may take. Default 4,000. */
  budgetChars?: number;
  /** The time recency is measured from (ms since the epoch). Default now. */
  now?: number;
  /** Search hits to take. Default 10. */
  topK?: number;
  /** Overrides of the default weights. */
  weights?: Partial<BuildWeights>;
  signal?: AbortSignal;
}

export interface BuiltContext {
  items: Hit[];
  text: string;
}

/** What `context.info()` tells of the search index in the worker. */
export interface ContextIndexInfo {
  /**
   * How the worker got its index: "loaded" (the persisted index, in step with the stores), "updated" (the
   * persisted index, with what changed while no worker held it read again), "built" (nothing usable
   * was persisted: every text tokenised), "none" (no search yet since the worker started).
   */
  origin: "none" | "loaded" | "updated" | "built";
  /** The index came from storage rather than from tokenising every text. */
  loaded: boolean;
  /** Some or all texts were tokenised again to get in step (a stale, damaged or missing index). */
  rebuilt: boolean;
  /** Documents tokenised since the worker started. */
  tokenized: number;
  /** Where the index is persisted: the Origin Private File System, or IndexedDB (`context_index`). */
  storage: "opfs" | "indexeddb";
  /** Whether the persisted copy holds every change made so far. */
  persisted: boolean;
  /** Size of the last copy written, bytes (0: none written by this worker). */
  persistedBytes: number;
  /** How long reading and taking over the persisted index took, ms (0: none was read). */
  loadMs: number;
  docs: number;
  postings: number;
  /** Bytes of the full-text index's arrays in memory. */
  indexBytes: number;
  /** Bytes of the meaning vectors in memory (0 without the lexicon). */
  meaningBytes: number;
  /** Characters of the texts indexed. */
  textBytes: number;
}

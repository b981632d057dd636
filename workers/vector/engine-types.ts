/**
 * The types the Vector KB engine shows to others: its options, the figures the page reads (EngineInfo),
 * and the view the Context Engine reads entries through. Apart from the engine so the page can import
 * them as types without pulling in worker code.
 */
import type { JsonObject } from "../../src/db/schema.js";

export interface EngineOptions {
  dbName: string;
  /** Turn the WebAssembly kernel off (tests compare both paths). */
  simd?: boolean;
  /**
   * Open without loading the index: only the stored dimension and embedder are checked. The first
   * operation (or `warm()`) loads it. The search worker opens so, so that the Context Engine can
   * answer its first search from its own persisted index while the vectors are not yet needed.
   */
  deferLoad?: boolean;
}

export interface EngineInfo {
  dim: number;
  count: number;
  simd: boolean;
  /** Bytes held by the index buffers. */
  indexBytes: number;
  /** How long the last (re)load from IndexedDB took, ms. */
  loadMs: number;
}

/** What the Context Engine reads of the Vector KB, inside the engine's queue (see withEntries). */
export interface EntryView {
  /** Changes whenever the entries may have changed. */
  readonly version: number;
  /** The Vector KB state token the entries are in step with (undefined: none stored yet). */
  readonly token: string | undefined;
  readonly db: IDBDatabase;
  /** id → row, valid until the operation ends. */
  rows(): ReadonlyMap<string, number>;
  text(row: number): string;
  metadata(row: number): JsonObject;
  matches(row: number, filter: JsonObject): boolean;
}

/** A write is cancelled if this says so just before its transaction opens. */
export type AbortCheck = () => boolean;

/** What a context search sends to the search worker and gets back (the page imports these as types). */
import type { JsonObject } from "../../src/db/schema.js";
import type { ContextSource } from "../../src/context/types.js";
import type { StoreChange } from "./plain-stores.js";

export interface WorkerContextOptions {
  topK: number;
  sources: readonly ContextSource[];
  filter?: JsonObject;
  /** Keys written on the page since the last call. */
  changes?: readonly StoreChange[];
  /** Decrypted soul memories, for this search only. */
  soul?: ReadonlyArray<readonly [string, string]>;
}

export interface WorkerHit {
  source: ContextSource;
  ref: string;
  text: string;
  metadata?: JsonObject;
  score: number;
  why: string[];
}

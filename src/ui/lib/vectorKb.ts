/**
 * The part of `phoenix.vectorKb` the Search page uses, as issue 4 and ARCHITECTURE.md describe it. Written
 * against that contract (the store may land after the page): `vectorKbOf` returns undefined when the
 * facade has none, and the page says so instead of failing.
 */
import type { JsonObject } from "../../db/schema.js";
import type { Phoenix } from "../../phoenix.js";

export interface VectorSearchResult {
  id: string;
  text: string;
  score: number;
  metadata: JsonObject;
}

export interface VectorSearchOptions {
  filter?: JsonObject;
  minScore?: number;
  signal?: AbortSignal;
}

export interface VectorKbForPages {
  addMemory(text: string, metadata?: JsonObject): Promise<{ id: string }>;
  semanticSearch(query: string, topK?: number, options?: VectorSearchOptions): Promise<VectorSearchResult[]>;
  remove(id: string): Promise<unknown>;
  count(): Promise<number>;
}

export function vectorKbOf(phoenix: Phoenix): VectorKbForPages | undefined {
  const candidate = (phoenix as { vectorKb?: unknown }).vectorKb;
  if (typeof candidate !== "object" || candidate === null) return undefined;
  const kb = candidate as Partial<VectorKbForPages>;
  return typeof kb.semanticSearch === "function" && typeof kb.addMemory === "function" ? (kb as VectorKbForPages) : undefined;
}

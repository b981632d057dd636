/**
 * Cosine search over a sentence model's vectors, with the Vector KB's filter, minimum score and tie
 * order (equal scores keep the order the entries were added in). Brute force over unit vectors: a
 * dot product per entry, the same cost as the hash embedder's dense path.
 */
import type { JsonObject } from "../../src/db/schema.js";
import type { EntryView } from "../vector/vector-engine.js";
import type { MemoryResult } from "../../src/shared/vector-types.js";

/** undefined when an entry has no vector yet (the caller then answers with the hash embedder). */
export function searchModelVectors(
  view: EntryView,
  vectors: ReadonlyMap<string, Float32Array>,
  query: Float32Array,
  topK: number,
  filter: JsonObject | undefined,
  minScore: number | undefined,
): MemoryResult[] | undefined {
  const hits: Array<{ row: number; id: string; score: number }> = [];
  for (const [id, row] of view.rows()) {
    const vector = vectors.get(id);
    if (!vector) return undefined;
    if (filter && !view.matches(row, filter)) continue;
    let score = 0;
    for (let d = 0; d < query.length; d += 1) score += query[d]! * vector[d]!;
    score = Math.max(-1, Math.min(1, score));
    if (minScore !== undefined && score < minScore) continue;
    hits.push({ row, id, score });
  }
  hits.sort((a, b) => b.score - a.score || a.row - b.row);
  return hits.slice(0, topK).map(({ row, id, score }) => ({ id, text: view.text(row), score, metadata: view.metadata(row) }));
}

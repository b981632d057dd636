/**
 * The typed-array helpers of the full-text index (bm25.ts): postings that grow in place,
 * and the choice of the best-scoring documents among those a query touched.
 */
import { TopK } from "../../src/shared/topk.js";

/** Postings grow by half (not double): less slack in memory, still amortised O(1) per add. */
export function grownInt32(array: Int32Array<ArrayBuffer>, need: number): Int32Array<ArrayBuffer> {
  if (need <= array.length) return array;
  const out = new Int32Array(Math.max(need, Math.ceil(array.length * 1.5), 4));
  out.set(array);
  return out;
}

export function grownUint8(array: Uint8Array<ArrayBuffer>, need: number): Uint8Array<ArrayBuffer> {
  if (need <= array.length) return array;
  const out = new Uint8Array(Math.max(need, Math.ceil(array.length * 1.5), 4));
  out.set(array);
  return out;
}

/**
 * The `limit` best of the `count` documents in `touched` by their score in `sums` (all of them, best
 * first, without a limit), ties by document number; `accept` filters, asked only of contenders.
 */
export function bestTouched(
  touched: Int32Array,
  count: number,
  sums: Float64Array,
  accept: ((doc: number) => boolean) | undefined,
  limit: number | undefined,
): Array<{ doc: number; score: number }> {
  if (limit === undefined || count <= limit) {
    const kept: Array<{ doc: number; score: number }> = [];
    for (let i = 0; i < count; i += 1) {
      const doc = touched[i]!;
      if (!accept || accept(doc)) kept.push({ doc, score: sums[doc]! });
    }
    return kept.sort((a, b) => b.score - a.score || a.doc - b.doc);
  }
  const top = new TopK(limit);
  for (let i = 0; i < count; i += 1) {
    const doc = touched[i]!;
    if (top.accepts(sums[doc]!, doc) && (!accept || accept(doc))) top.push(doc, sums[doc]!, doc);
  }
  return top.drain().map(({ item, score }) => ({ doc: item, score }));
}

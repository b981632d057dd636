/**
 * Bench-only worker: the same VectorIndex the search worker uses, next to Orama, over the same
 * vectors, so both are timed in the same kind of thread in the same run. Also the exact float
 * scan for recall, and the million-vector run (vectors only: writing a million memories to
 * IndexedDB would take minutes and measure IndexedDB, not search).
 */
import { expose } from "comlink";
import { create, insertMultiple, search, type AnyOrama } from "@orama/orama";
import { HashEmbedder } from "../../../src/shared/embedder.js";
import { VectorIndex } from "../../../src/shared/vector-index.js";
import { TopK } from "../../../src/shared/topk.js";
import { memoryTexts, queryTexts, seededRandom } from "./corpus.js";

const DIM = 384;
const embedder = new HashEmbedder(DIM);

let index: VectorIndex | undefined;
let orama: AnyOrama | undefined;
/** Exact vectors kept for the recall check (100,000 × 384 float32 = 154 MB; not kept for 1M). */
let exact: Float32Array | undefined;
let queries: Float32Array[] = [];

function randomUnit(random: () => number): Float32Array {
  const v = new Float32Array(DIM);
  let norm = 0;
  for (let i = 0; i < DIM; i += 1) {
    const x = random() + random() + random() + random() - 2;
    v[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < DIM; i += 1) v[i] = v[i]! / norm;
  return v;
}

function heapBytes(): number | undefined {
  return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
}

const api = {
  async build(options: { count: number; kind: "hash" | "dense"; withOrama: boolean; keepExact: boolean; queries: number }) {
    index = undefined;
    orama = undefined;
    exact = undefined;
    const { count, kind } = options;
    const random = seededRandom(77);
    const vector = new Float32Array(DIM);
    const texts = kind === "hash" ? memoryTexts(count) : [];
    const started = performance.now();
    index = new VectorIndex(DIM);
    index.reserve(count, kind === "hash" ? count * 16 : count * DIM, kind === "hash" ? count * 16 : 0);
    if (options.keepExact) exact = new Float32Array(count * DIM);
    // Orama's schema check accepts plain arrays only.
    const docs: Array<{ embedding: number[] }> = [];
    for (let i = 0; i < count; i += 1) {
      const v = kind === "hash" ? (embedder.encodeInto(texts[i]!, vector, 0), vector) : randomUnit(random);
      index.add(v, i);
      exact?.set(v, i * DIM);
      if (options.withOrama) docs.push({ embedding: Array.from(v) });
    }
    const buildMs = performance.now() - started;
    let oramaMs: number | undefined;
    if (options.withOrama) {
      const oramaStarted = performance.now();
      orama = create({ schema: { embedding: `vector[${DIM}]` } as const });
      await insertMultiple(orama, docs as never[], 5000);
      oramaMs = performance.now() - oramaStarted;
    }
    queries =
      kind === "hash"
        ? queryTexts(options.queries).map((text) => embedder.encode(text))
        : Array.from({ length: options.queries }, () => randomUnit(random));
    return { buildMs, oramaMs, indexBytes: index.byteLength, heapBytes: heapBytes(), simd: index.simd };
  },

  /** Times of each query: ours (index.search), and Orama's at similarity 0 and at its default 0.8. */
  async time(k: number) {
    const ours: number[] = [];
    const oramaAll: number[] = [];
    const oramaDefault: number[] = [];
    for (const query of queries) {
      const start = performance.now();
      index!.search(query, k);
      ours.push(performance.now() - start);
    }
    if (orama) {
      for (const query of queries.map((q) => Array.from(q))) {
        let start = performance.now();
        await search(orama, { mode: "vector", vector: { value: query, property: "embedding" }, similarity: 0, limit: k });
        oramaAll.push(performance.now() - start);
        start = performance.now();
        await search(orama, { mode: "vector", vector: { value: query, property: "embedding" }, limit: k });
        oramaDefault.push(performance.now() - start);
      }
    }
    return { ours, oramaAll, oramaDefault, heapBytes: heapBytes() };
  },

  /**
   * recall@k of the index (int8 scan + exact re-rank) against an exact float scan of every vector,
   * ranking by the same rule (float32 cosine, then insertion order); and the float scan's times.
   */
  recall(k: number) {
    const n = index!.size;
    let hits = 0;
    const exactTimes: number[] = [];
    for (const query of queries) {
      const start = performance.now();
      let queryNorm = 0;
      for (let i = 0; i < DIM; i += 1) queryNorm += query[i]! * query[i]!;
      queryNorm = Math.sqrt(queryNorm);
      const best = new TopK(k);
      for (let row = 0; row < n; row += 1) {
        let dot = 0;
        let norm = 0;
        const base = row * DIM;
        for (let i = 0; i < DIM; i += 1) {
          const x = exact![base + i]!;
          dot += x * query[i]!;
          norm += x * x;
        }
        const score = norm === 0 || queryNorm === 0 ? 0 : Math.fround(Math.min(1, Math.max(-1, dot / (queryNorm * Math.sqrt(norm)))));
        best.push(row, score, row);
      }
      exactTimes.push(performance.now() - start);
      const truth = new Set(best.drain().map((hit) => hit.item));
      for (const hit of index!.search(query, k)) if (truth.has(hit.item)) hits += 1;
    }
    return { recall: hits / (queries.length * k), exactTimes };
  },

  release() {
    index = undefined;
    orama = undefined;
    exact = undefined;
    queries = [];
  },
};

expose(api);
export type IndexBenchApi = typeof api;

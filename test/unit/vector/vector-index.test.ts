import { describe, expect, test } from "vitest";
import { VectorIndex } from "../../../src/shared/vector-index.js";
import { HashEmbedder } from "../../../src/shared/embedder.js";
import { randomUnitVector, referenceCosine, seededRandom } from "./reference.js";

interface Item {
  vector: Float32Array;
  tie: number;
}

/** Exact float search by sorting everything: the answer the index must give. */
function bruteForce(items: Item[], query: Float32Array, k: number, keep: (i: number) => boolean = () => true) {
  return items
    .map((item, i) => ({ i, score: Math.fround(referenceCosine(item.vector, query)), tie: item.tie }))
    .filter(({ i }) => keep(i))
    .sort((a, b) => (a.score !== b.score ? b.score - a.score : a.tie - b.tie))
    .slice(0, k);
}

const WORDS = "the a of in is and capital city river mountain france paris europe rome italy berlin germany sea sun moon star dad mom work day night love".split(" ");

function sentence(random: () => number): string {
  const length = 1 + Math.floor(random() * 8);
  return Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]).join(" ");
}

function build(items: Item[], simd?: boolean): VectorIndex {
  const index = new VectorIndex(items[0]?.vector.length ?? 384, simd === undefined ? {} : { simd });
  for (const item of items) index.add(item.vector, item.tie);
  return index;
}

describe("VectorIndex search", () => {
  test.each([true, false])("equals exact float search on dense random vectors (simd %s)", (simd) => {
    const random = seededRandom(11);
    const items = Array.from({ length: 3000 }, (_, i) => ({ vector: randomUnitVector(random, 384), tie: i }));
    const index = build(items, simd);
    expect(index.simd).toBe(simd);
    for (let q = 0; q < 20; q += 1) {
      const query = randomUnitVector(random, 384);
      const got = index.search(query, 10);
      const want = bruteForce(items, query, 10);
      expect(got.map((r) => r.item)).toEqual(want.map((r) => r.i));
      got.forEach((r, j) => expect(r.score).toBeCloseTo(want[j]!.score, 6));
    }
  });

  test("equals exact search on hash-embedded sentences, where scores tie a lot", () => {
    const random = seededRandom(12);
    const embedder = new HashEmbedder();
    const items = Array.from({ length: 5000 }, () => ({ vector: embedder.encode(sentence(random)), tie: Math.floor(random() * 1e12) }));
    const index = build(items);
    for (let q = 0; q < 30; q += 1) {
      const query = embedder.encode(sentence(random));
      for (const k of [1, 5, 10, 50]) {
        const got = index.search(query, k);
        const want = bruteForce(items, query, k);
        expect(got.map((r) => r.item)).toEqual(want.map((r) => r.i));
      }
    }
  });

  test("stays exact when int8 cannot tell candidates apart (near-duplicates)", () => {
    // Differences of 1e-4 are far below one int8 step, so the int8 scan sees near-equal scores and
    // its candidates are a coin toss; the error bound must send the search back for the rest.
    const random = seededRandom(21);
    const base = randomUnitVector(random, 128);
    const items = Array.from({ length: 2000 }, (_, i) => ({
      vector: Float32Array.from(base, (x) => x + (random() - 0.5) * 2e-4),
      tie: 2000 - i,
    }));
    const index = build(items);
    for (let q = 0; q < 10; q += 1) {
      const query = Float32Array.from(base, (x) => x + (random() - 0.5) * 2e-2);
      const got = index.search(query, 10);
      expect(got.map((r) => r.item)).toEqual(bruteForce(items, query, 10).map((r) => r.i));
    }
  });

  test("results are sorted by score, then tie key", () => {
    const embedder = new HashEmbedder();
    const items = ["paris", "paris", "paris france", "rome"].map((text, i) => ({ vector: embedder.encode(text), tie: 10 - i }));
    const got = build(items).search(embedder.encode("paris"), 4);
    expect(got.map((r) => r.item)).toEqual([1, 0, 2, 3]);
    expect(got[0]!.score).toBeCloseTo(1, 6);
    expect(got[3]!.score).toBe(0);
  });

  test("accept filters lazily and the answer is the best of the accepted rows", () => {
    const random = seededRandom(13);
    const items = Array.from({ length: 2000 }, (_, i) => ({ vector: randomUnitVector(random, 64), tie: i }));
    const index = build(items);
    const keep = (i: number) => i % 7 === 3;
    const query = randomUnitVector(random, 64);
    const got = index.search(query, 10, { accept: keep });
    expect(got.map((r) => r.item)).toEqual(bruteForce(items, query, 10, keep).map((r) => r.i));
    expect(index.search(query, 10, { accept: () => false })).toEqual([]);
  });

  test("minScore drops weaker results", () => {
    const random = seededRandom(14);
    const items = Array.from({ length: 1000 }, (_, i) => ({ vector: randomUnitVector(random, 32), tie: i }));
    const index = build(items);
    const query = items[5]!.vector;
    const got = index.search(query, 50, { minScore: 0.3 });
    const want = bruteForce(items, query, 50).filter((r) => r.score >= 0.3);
    expect(got.map((r) => r.item)).toEqual(want.map((r) => r.i));
    expect(got[0]!.item).toBe(5);
  });

  test("a zero query scores everything 0, ordered by tie key, never NaN", () => {
    const embedder = new HashEmbedder();
    const items = ["b", "a", "c"].map((text, i) => ({ vector: embedder.encode(text), tie: [3, 1, 2][i]! }));
    const index = build(items);
    const got = index.search(embedder.encode("?!"), 2);
    expect(got).toEqual([
      { item: 1, score: 0, tie: 1 },
      { item: 2, score: 0, tie: 2 },
    ]);
    expect(index.search(embedder.encode(""), 2, { minScore: 0.1 })).toEqual([]);
  });

  test("stored zero vectors score 0 against any query", () => {
    const embedder = new HashEmbedder();
    const index = build([{ vector: embedder.encode("!!!"), tie: 0 }, { vector: embedder.encode("paris"), tie: 1 }]);
    const got = index.search(embedder.encode("paris"), 5);
    expect(got.map((r) => [r.item, r.score])).toEqual([
      [1, 1],
      [0, 0],
    ]);
  });

  test("remove moves the last row into the hole and search stays exact", () => {
    const random = seededRandom(15);
    const items = Array.from({ length: 1500 }, (_, i) => ({ vector: randomUnitVector(random, 48), tie: i }));
    const index = build(items);
    const rows = items.map((_, i) => i); // row → item
    const alive = new Set(rows);
    for (let step = 0; step < 700; step += 1) {
      const row = Math.floor(random() * index.size);
      const removedItem = rows[row]!;
      const moved = index.remove(row);
      alive.delete(removedItem);
      if (moved >= 0) rows[row] = rows[moved]!;
      rows.length = index.size;
    }
    expect(index.size).toBe(800);
    const query = randomUnitVector(random, 48);
    const got = index.search(query, 10).map((r) => rows[r.item]);
    expect(got).toEqual(bruteForce(items, query, 10, (i) => alive.has(i)).map((r) => r.i));
    for (let row = 0; row < index.size; row += 1) {
      expect(index.tie(row)).toBe(rows[row]);
      expect(Array.from(index.vector(row))).toEqual(Array.from(items[rows[row]!]!.vector));
    }
  });

  test("vector() returns the exact stored float32 values, sparse or dense", () => {
    const embedder = new HashEmbedder();
    const sparse = embedder.encode("The capital of France is Paris");
    const dense = randomUnitVector(seededRandom(16), 384);
    const index = build([{ vector: sparse, tie: 0 }, { vector: dense, tie: 1 }]);
    expect(index.vector(0)).toEqual(sparse);
    expect(index.vector(1)).toEqual(dense);
    const copy = index.encoded(0);
    const again = new VectorIndex(384);
    again.addEncoded(copy.count, copy.indices, copy.values, 0);
    expect(again.vector(0)).toEqual(sparse);
  });

  test("k larger than the index returns everything", () => {
    const random = seededRandom(17);
    const index = build(Array.from({ length: 7 }, (_, i) => ({ vector: randomUnitVector(random, 8), tie: i })));
    expect(index.search(randomUnitVector(random, 8), 100)).toHaveLength(7);
    expect(new VectorIndex(8).search(randomUnitVector(random, 8), 5)).toEqual([]);
  });
});

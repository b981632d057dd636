import { describe, expect, test } from "vitest";
import { TopK, compareRanked, type Ranked } from "../../../src/shared/topk.js";
import { seededRandom } from "./reference.js";

function sortTopK(items: Ranked[], k: number): Ranked[] {
  return [...items].sort((a, b) => (a.score !== b.score ? b.score - a.score : a.tie - b.tie)).slice(0, k);
}

function heapTopK(items: Ranked[], k: number): Ranked[] {
  const heap = new TopK(k);
  for (const { item, score, tie } of items) heap.push(item, score, tie);
  return heap.drain();
}

describe("bounded heap top-k", () => {
  test("equals sort-based top-k on random data, including heavy ties", () => {
    const random = seededRandom(99);
    for (let trial = 0; trial < 200; trial += 1) {
      const n = Math.floor(random() * 500);
      const k = 1 + Math.floor(random() * 40);
      const distinctScores = trial % 2 === 0 ? 5 : 1_000_000;
      const items: Ranked[] = Array.from({ length: n }, (_, i) => ({
        item: i,
        score: Math.floor(random() * distinctScores) / distinctScores,
        tie: Math.floor(random() * 1e9),
      }));
      expect(heapTopK(items, k)).toEqual(sortTopK(items, k));
    }
  });

  test("keeps everything, best first, when there are fewer items than k", () => {
    const items = [0.1, 0.9, 0.5].map((score, i) => ({ item: i, score, tie: i }));
    expect(heapTopK(items, 10).map((r) => r.item)).toEqual([1, 2, 0]);
  });

  test("breaks equal scores by the lower tie key", () => {
    const items = [5, 3, 9, 1].map((tie, i) => ({ item: i, score: 0.5, tie }));
    expect(heapTopK(items, 2).map((r) => r.tie)).toEqual([1, 3]);
  });

  test("never keeps NaN scores", () => {
    const heap = new TopK(3);
    heap.push(1, Number.NaN, 0);
    heap.push(2, 0.2, 0);
    expect(heap.drain()).toEqual([{ item: 2, score: 0.2, tie: 0 }]);
  });

  test("threshold and accepts describe what would enter", () => {
    const heap = new TopK(2);
    expect(heap.threshold).toBe(-Infinity);
    heap.push(1, 0.5, 1);
    heap.push(2, 0.7, 2);
    expect(heap.threshold).toBe(0.5);
    expect(heap.accepts(0.4, 0)).toBe(false);
    expect(heap.accepts(0.5, 0)).toBe(true);
    expect(heap.accepts(0.5, 5)).toBe(false);
    expect(heap.size).toBe(2);
  });

  test("k = 0 keeps nothing", () => {
    const heap = new TopK(0);
    expect(heap.push(1, 1, 1)).toBe(false);
    expect(heap.drain()).toEqual([]);
  });

  test("compareRanked sorts best first", () => {
    const sorted = [
      { item: 0, score: 0.1, tie: 0 },
      { item: 1, score: 0.9, tie: 3 },
      { item: 2, score: 0.9, tie: 1 },
    ].sort(compareRanked);
    expect(sorted.map((r) => r.item)).toEqual([2, 1, 0]);
  });
});

// A quality floor on the labelled set (test/context): the hybrid ranks at least as well as each
// single method overall, on every metric. Not a timing.
import { expect, test } from "vitest";
import { evaluate, setUp } from "../../context/score.js";

test("the hybrid is at or above cosine only and BM25 only on the labelled set", () => {
  const results = evaluate(setUp(), ["cosine", "bm25", "hybrid"]);
  const all = (method: "cosine" | "bm25" | "hybrid") => results.get(method)!.get("all")!;
  for (const single of ["cosine", "bm25"] as const) {
    expect(all("hybrid").ndcg10).toBeGreaterThanOrEqual(all(single).ndcg10);
    expect(all("hybrid").recall5).toBeGreaterThanOrEqual(all(single).recall5);
    expect(all("hybrid").mrr10).toBeGreaterThanOrEqual(all(single).mrr10);
  }
});

test("the labelled set has the promised size and kinds", async () => {
  const { MEMORIES } = await import("../../context/memories.js");
  const { QUERIES } = await import("../../context/queries.js");
  expect(MEMORIES.length).toBeGreaterThanOrEqual(250);
  expect(QUERIES.length).toBeGreaterThanOrEqual(60);
  const ids = new Set(MEMORIES.map((memory) => memory.id));
  expect(ids.size).toBe(MEMORIES.length);
  for (const kind of ["keyword", "question", "paraphrase", "typo", "multi"]) {
    expect(QUERIES.filter((query) => query.kind === kind).length).toBeGreaterThanOrEqual(12);
  }
  for (const query of QUERIES) for (const id of query.relevant) expect(ids.has(id), `${query.query}: ${id}`).toBe(true);
});

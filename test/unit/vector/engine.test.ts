import { describe, expect, test } from "vitest";
import { PhoenixError } from "../../../src/errors.js";
import { MAX_TOP_K } from "../../../src/shared/vector-input.js";
import { HashEmbedder } from "../../../src/shared/embedder.js";
import { freshName } from "../../helpers/db.js";
import { failure, openEngine, SEED_MEMORIES } from "./helpers.js";
import { referenceCosine, referenceEmbed } from "./reference.js";

describe("Vector KB engine: the seed's API", () => {
  test("use case 3: the geography entry comes first for the capital of France", async () => {
    const kb = await openEngine();
    for (const { text, metadata } of SEED_MEMORIES) await kb.addMemory(text, metadata);
    const results = await kb.semanticSearch("What is the capital of France?", 3);
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({ text: "The capital of France is Paris", metadata: { category: "geography" } });
    const query = referenceEmbed("What is the capital of France?");
    for (const result of results) {
      expect(result.score).toBeCloseTo(referenceCosine(query, referenceEmbed(result.text)), 6);
    }
    expect(results.map((r) => r.score)).toEqual([...results.map((r) => r.score)].sort((a, b) => b - a));
  });

  test("addMemory returns the stored entry with the seed's embedding", async () => {
    const kb = await openEngine();
    const entry = await kb.addMemory("The capital of France is Paris", { category: "geography" });
    expect(Object.keys(entry).sort()).toEqual(["embedding", "id", "metadata", "text"]);
    expect(entry.text).toBe("The capital of France is Paris");
    expect(entry.metadata).toEqual({ category: "geography" });
    expect(entry.embedding).toBeInstanceOf(Float32Array);
    expect(Array.from(entry.embedding)).toEqual(Array.from(referenceEmbed("The capital of France is Paris")));
    expect(typeof entry.id).toBe("string");
    expect(await kb.get(entry.id)).toEqual(entry);
  });

  test("Unicode texts and metadata come back exactly, from memory and after a reload", async () => {
    const name = freshName("vector");
    const kb = await openEngine(name);
    const texts = ["Straße in Köln", "東京タワー", "emoji 🔥 words 🐦", "Ελληνικά κείμενα"];
    const added = await kb.addMemories(texts.map((text, i) => ({ text, metadata: { note: `${text} ✓`, i } })));
    const check = async (engine: typeof kb) => {
      for (const entry of added) expect(await engine.get(entry.id)).toEqual(entry);
      expect((await engine.semanticSearch("東京タワー", 1))[0]).toMatchObject({ text: "東京タワー", metadata: { note: "東京タワー ✓", i: 1 } });
    };
    await check(kb);
    kb.close();
    await check(await openEngine(name));
  });

  test("metadata defaults to an empty object", async () => {
    const kb = await openEngine();
    const entry = await kb.addMemory("no labels here");
    expect(entry.metadata).toEqual({});
    expect((await kb.semanticSearch("labels", 1))[0]!.metadata).toEqual({});
  });

  test("addMemories stores a batch and returns entries in order with distinct ids", async () => {
    const kb = await openEngine();
    const entries = await kb.addMemories(SEED_MEMORIES);
    expect(entries.map((e) => e.text)).toEqual(SEED_MEMORIES.map((m) => m.text));
    expect(new Set(entries.map((e) => e.id)).size).toBe(3);
    expect(await kb.count()).toBe(3);
    expect(await kb.addMemories([])).toEqual([]);
  });

  test("all() returns every entry, oldest first", async () => {
    const kb = await openEngine();
    await kb.addMemories(SEED_MEMORIES);
    await kb.addMemory("later");
    const all = await kb.all();
    expect(all.map((e) => e.text)).toEqual([...SEED_MEMORIES.map((m) => m.text), "later"]);
    for (const entry of all) expect(Array.from(entry.embedding)).toEqual(Array.from(referenceEmbed(entry.text)));
  });

  test("get of an unknown id is undefined; remove says whether something was removed", async () => {
    const kb = await openEngine();
    const [paris, beautiful] = await kb.addMemories(SEED_MEMORIES);
    expect(await kb.get("nope")).toBeUndefined();
    expect(await kb.remove(paris!.id)).toBe(true);
    expect(await kb.remove(paris!.id)).toBe(false);
    expect(await kb.get(paris!.id)).toBeUndefined();
    expect(await kb.count()).toBe(2);
    const results = await kb.semanticSearch("What is the capital of France?", 5);
    expect(results.map((r) => r.id)).not.toContain(paris!.id);
    expect(results.map((r) => r.id)).toContain(beautiful!.id);
  });

  test("filter keeps entries whose metadata fields equal the given values", async () => {
    const kb = await openEngine();
    await kb.addMemories([...SEED_MEMORIES, { text: "Paris hosts the Louvre", metadata: { category: "travel", tags: ["art", "museum"] } }]);
    const geography = await kb.semanticSearch("Paris", 10, { filter: { category: "geography" } });
    expect(geography.map((r) => r.text)).toEqual(["The capital of France is Paris", "France is in Europe"]);
    const tagged = await kb.semanticSearch("Paris", 10, { filter: { tags: ["art", "museum"] } });
    expect(tagged.map((r) => r.text)).toEqual(["Paris hosts the Louvre"]);
    expect(await kb.semanticSearch("Paris", 10, { filter: { category: "none" } })).toEqual([]);
    expect(await kb.semanticSearch("Paris", 10, { filter: { missing: null } })).toEqual([]);
    expect(await kb.semanticSearch("Paris", 10, { filter: {} })).toHaveLength(4);
  });

  test("minScore drops weaker results", async () => {
    const kb = await openEngine();
    await kb.addMemories(SEED_MEMORIES);
    const all = await kb.semanticSearch("capital of France", 10);
    const cut = all[1]!.score;
    const strong = await kb.semanticSearch("capital of France", 10, { minScore: cut });
    expect(strong).toEqual(all.filter((r) => r.score >= cut));
    expect(strong.length).toBeLessThan(all.length);
  });

  test("equal scores keep insertion order, on every run", async () => {
    const kb = await openEngine();
    const entries = await kb.addMemories(Array.from({ length: 12 }, (_, i) => ({ text: "the same words", metadata: { i } })));
    const first = await kb.semanticSearch("same words", 5);
    expect(first.map((r) => r.id)).toEqual(entries.slice(0, 5).map((e) => e.id));
    expect(await kb.semanticSearch("same words", 5)).toEqual(first);
  });

  test("empty and symbol-only queries give defined scores (0), never NaN", async () => {
    const kb = await openEngine();
    await kb.addMemories([...SEED_MEMORIES, { text: "?!?" }]);
    for (const query of ["", "   ", "?!.,", "🔥"]) {
      const results = await kb.semanticSearch(query, 10);
      expect(results).toHaveLength(4);
      for (const result of results) expect(result.score).toBe(0);
    }
    const symbols = await kb.semanticSearch("Paris", 10);
    expect(symbols.find((r) => r.text === "?!?")!.score).toBe(0);
  });

  test("topK defaults to 5", async () => {
    const kb = await openEngine();
    await kb.addMemories(Array.from({ length: 8 }, (_, i) => ({ text: `memory number ${i}` })));
    expect(await kb.semanticSearch("memory")).toHaveLength(5);
  });

  test("search over an empty knowledge base is empty", async () => {
    const kb = await openEngine();
    expect(await kb.semanticSearch("anything", 5)).toEqual([]);
    expect(await kb.count()).toBe(0);
    expect(await kb.all()).toEqual([]);
  });

  test("results do not share objects with the index", async () => {
    const kb = await openEngine();
    await kb.addMemory("Paris", { category: "geography" });
    const [hit] = await kb.semanticSearch("Paris", 1);
    (hit!.metadata as Record<string, unknown>).category = "changed";
    expect((await kb.semanticSearch("Paris", 1, { filter: { category: "geography" } }))[0]!.metadata).toEqual({ category: "geography" });
  });
});

describe("Vector KB engine: bad input is a typed error and changes nothing", () => {
  test("non-string text or query", async () => {
    const kb = await openEngine();
    await kb.addMemory("kept");
    for (const text of [42, null, undefined, { text: "x" }, ["x"]]) {
      expect(await failure(() => kb.addMemory(text))).toMatchObject({ name: "PhoenixError", code: "INVALID_VALUE" });
      expect(await failure(() => kb.semanticSearch(text, 5))).toMatchObject({ code: "INVALID_VALUE" });
    }
    expect(await kb.count()).toBe(1);
  });

  test("topK that is not an integer from 1 to the limit", async () => {
    const kb = await openEngine();
    await kb.addMemory("kept");
    for (const topK of [0, -1, 1.5, Number.NaN, Infinity, MAX_TOP_K + 1, 1e12, "5", null]) {
      const error = await failure(() => kb.semanticSearch("kept", topK));
      expect(error).toBeInstanceOf(PhoenixError);
      expect(error).toMatchObject({ code: "INVALID_ARGUMENT" });
    }
    expect(await kb.semanticSearch("kept", MAX_TOP_K)).toHaveLength(1);
  });

  test("metadata that is not a plain JSON object", async () => {
    const kb = await openEngine();
    for (const metadata of ["geo", 5, [1], null, new Date(), { nested: { f: () => 1 } }, { n: Number.NaN }]) {
      expect(await failure(() => kb.addMemory("x", metadata))).toMatchObject({ code: "INVALID_VALUE" });
    }
    expect(await kb.count()).toBe(0);
  });

  test("one bad item rejects the whole batch", async () => {
    const kb = await openEngine();
    const batch = [{ text: "fine" }, { text: 7 }, { text: "also fine" }];
    expect(await failure(() => kb.addMemories(batch))).toMatchObject({ code: "INVALID_VALUE" });
    expect(await failure(() => kb.addMemories("not a list"))).toMatchObject({ code: "INVALID_VALUE" });
    expect(await kb.count()).toBe(0);
  });

  test("bad filter or minScore", async () => {
    const kb = await openEngine();
    for (const options of [{ filter: "geo" }, { filter: [1] }, { minScore: "high" }, { minScore: Number.NaN }, "fast"]) {
      expect(await failure(() => kb.semanticSearch("x", 5, options))).toMatchObject({ code: "INVALID_ARGUMENT" });
    }
  });

  test("ids must be non-empty strings", async () => {
    const kb = await openEngine();
    for (const id of ["", 5, null]) {
      expect(await failure(() => kb.get(id))).toMatchObject({ code: "INVALID_KEY" });
      expect(await failure(() => kb.remove(id))).toMatchObject({ code: "INVALID_KEY" });
    }
  });

  test("an embedder that returns vectors of the wrong size: DIM_MISMATCH, nothing stored", async () => {
    const wrong = { dim: 8, id: "wrong", encode: () => new Float32Array(5), encodeMany: (texts: readonly string[]) => texts.map(() => new Float32Array(5)) };
    const kb = await openEngine(freshName("vector"), { embedder: wrong });
    expect(await failure(() => kb.addMemory("x"))).toMatchObject({ code: "DIM_MISMATCH" });
    expect(await failure(() => kb.semanticSearch("x", 1))).toMatchObject({ code: "DIM_MISMATCH" });
    expect(await kb.count()).toBe(0);
  });

  test("an embedder returning NaN is refused", async () => {
    const nan = { dim: 2, id: "nan", encode: () => new Float32Array([Number.NaN, 0]), encodeMany: (t: readonly string[]) => t.map(() => new Float32Array([Number.NaN, 0])) };
    const kb = await openEngine(freshName("vector"), { embedder: nan });
    expect(await failure(() => kb.addMemory("x"))).toMatchObject({ code: "INVALID_VALUE" });
  });

  test("a cancelled write stores nothing", async () => {
    const kb = await openEngine();
    expect(await failure(() => kb.addMemories(SEED_MEMORIES, () => true))).toMatchObject({ code: "ABORTED" });
    expect(await kb.count()).toBe(0);
    const entry = await kb.addMemory("stays");
    expect(await failure(() => kb.remove(entry.id, () => true))).toMatchObject({ code: "ABORTED" });
    expect(await kb.count()).toBe(1);
  });

  test("a failure halfway through a large batch stores none of it", async () => {
    class FailsLate extends HashEmbedder {
      calls = 0;
      failAt = Infinity;
      override encodeInto(text: string, out: Float32Array, offset: number): void {
        this.calls += 1;
        if (this.calls === this.failAt) throw new PhoenixError("INVALID_VALUE", "test failure");
        super.encodeInto(text, out, offset);
      }
    }
    const embedder = new FailsLate();
    const kb = await openEngine(freshName("vector"), { embedder });
    await kb.addMemory("before");
    // Entries go to IndexedDB in slices of 512: this fails in the fourth, after 1,500 puts.
    embedder.calls = 0;
    embedder.failAt = 1800;
    const batch = Array.from({ length: 2000 }, (_, i) => ({ text: `memory ${i}` }));
    expect(await failure(() => kb.addMemories(batch))).toMatchObject({ code: "INVALID_VALUE" });
    expect(embedder.calls).toBe(1800);
    expect(await kb.count()).toBe(1);
    expect((await kb.semanticSearch("memory", 5)).map((r) => r.text)).toEqual(["before"]);
  });

  test("after close, calls fail with DB_CLOSED", async () => {
    const kb = await openEngine();
    kb.close();
    expect(await failure(() => kb.count())).toMatchObject({ code: "DB_CLOSED" });
  });
});

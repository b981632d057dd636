/** The Vector KB across an import: entries bit-exact, searches identical, no stale packed chunks. */
import { afterEach, describe, expect, it } from "vitest";
import { VECTOR_CHUNKS_STORE } from "../../../src/db/schema.js";
import { closeAll, openTestPhoenix, unpack } from "./fixtures.js";

afterEach(closeAll);

const SEED = [
  { text: "The capital of France is Paris", metadata: { category: "geography" } },
  { text: "Paris is in Europe", metadata: { category: "geography" } },
  { text: "Dad likes strong coffee in the morning", metadata: { category: "family" } },
];
const OTHER = [
  { text: "Tokyo is the capital of Japan", metadata: { category: "geography" } },
  { text: "Whales are mammals", metadata: { category: "biology" } },
  { text: "The kettle is broken", metadata: { category: "home" } },
];
const QUERIES = ["What is the capital of France?", "coffee", "Europe"];

describe("vectors through a backup", () => {
  it("searches give identical results after export and import, entries bit-exact", async () => {
    const source = await openTestPhoenix();
    await source.vectorKb.addMemories(SEED);
    const before = await Promise.all(QUERIES.map((q) => source.vectorKb.semanticSearch(q, 3)));
    const file = await source.backups.export();
    const meta = await source.db.getAllKeys("meta");
    expect(meta.some((key) => String(key).startsWith("vector_kb:"))).toBe(true);
    // The chunk bookkeeping is derived data: it stays out of the archive.
    expect(new TextDecoder().decode((await unpack(file)).get("stores/meta.ndjson"))).not.toContain("vector_kb:");

    const target = await openTestPhoenix();
    await target.backups.import(file);
    expect(await target.db.getAll("vector_kb")).toEqual(await source.db.getAll("vector_kb"));
    expect(await Promise.all(QUERIES.map((q) => target.vectorKb.semanticSearch(q, 3)))).toEqual(before);
  });

  it("a database whose own vectors were indexed answers with the imported vectors, not its old chunks", async () => {
    const source = await openTestPhoenix();
    await source.vectorKb.addMemories(SEED);
    const expected = await Promise.all(QUERIES.map((q) => source.vectorKb.semanticSearch(q, 3)));
    const file = await source.backups.export();

    // Same count, same generation: the old chunk bookkeeping would look just as valid.
    const target = await openTestPhoenix();
    await target.vectorKb.addMemories(OTHER);
    expect(await target.db.count(VECTOR_CHUNKS_STORE as "meta")).toBeGreaterThan(0);
    await target.backups.import(file, { snapshot: false });
    expect(await Promise.all(QUERIES.map((q) => target.vectorKb.semanticSearch(q, 3)))).toEqual(expected);
  });

  it("a merge that brings vectors drops the old chunks too; one that brings none keeps them", async () => {
    const source = await openTestPhoenix();
    await source.vectorKb.addMemories(SEED);
    const file = await source.backups.export();
    const target = await openTestPhoenix();
    await target.vectorKb.addMemories(OTHER);
    await target.backups.import(file, { mode: "merge", snapshot: false });
    const results = await target.vectorKb.semanticSearch("What is the capital of France?", 6);
    expect(results.map((r) => r.text).sort()).toEqual([...SEED, ...OTHER].map((m) => m.text).sort());

    const chunks = await target.db.count(VECTOR_CHUNKS_STORE as "meta");
    expect(chunks).toBeGreaterThan(0);
    const report = await target.backups.import(file, { mode: "merge", snapshot: false });
    expect(report.stores.vector_kb).toMatchObject({ added: 0, updated: 0 });
    expect(await target.db.count(VECTOR_CHUNKS_STORE as "meta")).toBe(chunks);
  });
});

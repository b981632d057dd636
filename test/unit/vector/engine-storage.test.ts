import { describe, expect, test } from "vitest";
import { openDB, unwrap } from "idb";
import { openPhoenixDB } from "../../../src/db/open.js";
import { transactionDone } from "../../../src/db/write.js";
import { DB_VERSION, VECTOR_CHUNKS_STORE, type PhoenixSchema, type VectorRecord } from "../../../src/db/schema.js";
import { HashEmbedder, type Embedder } from "../../../src/shared/embedder.js";
import { CHUNK_SIZE, STATE_KEY, embeddingBytes } from "../../../workers/vector/vector-records.js";
import { isVectorChunk } from "../../../workers/vector/vector-chunk.js";
import { freshName } from "../../helpers/db.js";
import { failure, openEngine, SEED_MEMORIES } from "./helpers.js";
import { referenceCosine, referenceEmbed, seededRandom } from "./reference.js";

const WORDS = "the a of in capital city river mountain france paris europe rome italy sea sun moon star dad mom work day night".split(" ");

function sentences(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const words = Array.from({ length: 2 + Math.floor(random() * 6) }, () => WORDS[Math.floor(random() * WORDS.length)]);
    return `${words.join(" ")} ${i % 17}`;
  });
}

/** Exact search by the reference embedder over (id, text) pairs, ties by position (insertion order). */
function expectedTop(entries: ReadonlyArray<{ id: string; text: string }>, query: string, k: number): string[] {
  const q = referenceEmbed(query);
  return entries
    .map((entry, i) => ({ id: entry.id, i, score: Math.fround(referenceCosine(q, referenceEmbed(entry.text))) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, k)
    .map((r) => r.id);
}

async function rawDb(name: string) {
  return openDB<PhoenixSchema>(name, DB_VERSION);
}

describe("Vector KB storage", () => {
  test("entries survive closing and reopening (loaded from the chunks)", async () => {
    const name = freshName("vector");
    const first = await openEngine(name);
    const added = await first.addMemories(SEED_MEMORIES);
    const before = await first.semanticSearch("What is the capital of France?", 3);
    first.close();
    const second = await openEngine(name);
    expect(await second.count()).toBe(3);
    expect(await second.semanticSearch("What is the capital of France?", 3)).toEqual(before);
    expect(await second.get(added[0]!.id)).toEqual(added[0]);
  });

  test("stores one binary record per entry and packed chunks of at most 1,024", async () => {
    const name = freshName("vector");
    const kb = await openEngine(name);
    await kb.addMemories(sentences(CHUNK_SIZE + 10, 1).map((text) => ({ text })));
    await kb.addMemory("one more");
    const db = await rawDb(name);
    try {
      expect(await db.count("vector_kb")).toBe(CHUNK_SIZE + 11);
      const [record] = await db.getAll("vector_kb", undefined, 1);
      expect(record!.embedding).toBeInstanceOf(Uint8Array);
      expect(record!.embedding.byteLength).toBe(384 * 4);
      const chunks = (await unwrapAll(db, VECTOR_CHUNKS_STORE)) as unknown[];
      expect(chunks.map((chunk) => (chunk as { seqs: Float64Array }).seqs.length)).toEqual([CHUNK_SIZE, 11]);
      expect(chunks.every((chunk) => isVectorChunk(chunk, 384))).toBe(true);
    } finally {
      db.close();
    }
  });

  test("search stays exact across chunk boundaries, removals and a reload", async () => {
    const name = freshName("vector");
    const kb = await openEngine(name);
    const texts = sentences(2600, 2);
    const entries = [
      ...(await kb.addMemories(texts.slice(0, 1500).map((text) => ({ text })))),
      ...(await kb.addMemories(texts.slice(1500, 2590).map((text) => ({ text })))),
    ];
    for (const text of texts.slice(2590)) entries.push(await kb.addMemory(text));
    const random = seededRandom(3);
    const removed = new Set<string>();
    for (let i = 0; i < 120; i += 1) {
      const victim = entries[Math.floor(random() * entries.length)]!;
      expect(await kb.remove(victim.id)).toBe(!removed.has(victim.id));
      removed.add(victim.id);
    }
    const alive = entries.filter((e) => !removed.has(e.id));
    const queries = ["capital of france", "paris", "sun moon star 3", "dad work night", "river 12"];
    for (const query of queries) {
      expect((await kb.semanticSearch(query, 10)).map((r) => r.id)).toEqual(expectedTop(alive, query, 10));
    }
    kb.close();
    const reopened = await openEngine(name);
    expect(await reopened.count()).toBe(alive.length);
    for (const query of queries) {
      expect((await reopened.semanticSearch(query, 10)).map((r) => r.id)).toEqual(expectedTop(alive, query, 10));
    }
    expect((await reopened.all()).map((e) => e.id)).toEqual(alive.map((e) => e.id));
  });

  test("a second connection (another tab) sees adds and removes on its next call", async () => {
    const name = freshName("vector");
    const tabA = await openEngine(name);
    const tabB = await openEngine(name);
    expect(await tabB.count()).toBe(0);
    const [paris] = await tabA.addMemories(SEED_MEMORIES);
    const seen = await tabB.semanticSearch("What is the capital of France?", 3);
    expect(seen[0]!.id).toBe(paris!.id);
    await tabB.addMemory("Rome is the capital of Italy", { category: "geography" });
    expect(await tabA.count()).toBe(4);
    await tabA.remove(paris!.id);
    expect((await tabB.semanticSearch("capital", 5)).map((r) => r.id)).not.toContain(paris!.id);
    expect(await tabB.get(paris!.id)).toBeUndefined();
  });

  test("two tabs appending to the same tail chunk lose nothing", async () => {
    const name = freshName("vector");
    const tabA = await openEngine(name);
    const tabB = await openEngine(name);
    await Promise.all([
      tabA.addMemories(sentences(300, 4).map((text) => ({ text: `a ${text}` }))),
      tabB.addMemories(sentences(300, 5).map((text) => ({ text: `b ${text}` }))),
      tabA.addMemory("single from a"),
      tabB.addMemory("single from b"),
    ]);
    expect(await tabA.count()).toBe(602);
    expect(await tabB.count()).toBe(602);
    const fresh = await openEngine(name);
    expect((await fresh.all()).map((e) => e.id).sort()).toEqual((await tabA.all()).map((e) => e.id).sort());
  });

  test("lost chunks are rebuilt from vector_kb with the same answers", async () => {
    const name = freshName("vector");
    const kb = await openEngine(name);
    await kb.addMemories(sentences(1200, 6).map((text, i) => ({ text, metadata: { i } })));
    const before = await kb.semanticSearch("paris capital", 10);
    const all = await kb.all();
    kb.close();
    const db = await rawDb(name);
    const clearing = unwrap(db).transaction(VECTOR_CHUNKS_STORE, "readwrite");
    clearing.objectStore(VECTOR_CHUNKS_STORE).clear();
    await transactionDone(clearing);
    db.close();
    const rebuilt = await openEngine(name);
    expect(await rebuilt.semanticSearch("paris capital", 10)).toEqual(before);
    expect(await rebuilt.all()).toEqual(all);
  });

  test("a rewritten vector_kb (as by a backup import) is noticed and the index follows it", async () => {
    const name = freshName("vector");
    const kb = await openEngine(name);
    await kb.addMemories(SEED_MEMORIES);
    const db = await rawDb(name);
    const tx = db.transaction(["vector_kb", "meta"], "readwrite");
    await tx.objectStore("vector_kb").clear();
    const record: VectorRecord = {
      id: "imported-1",
      text: "Berlin is the capital of Germany",
      metadata: { category: "geography" },
      embedding: embeddingBytes(referenceEmbed("Berlin is the capital of Germany")),
      createdAt: 1,
    };
    await tx.objectStore("vector_kb").put(record, record.id);
    await tx.objectStore("meta").put("restored", "vector_kb:token");
    await tx.done;
    db.close();
    const results = await kb.semanticSearch("capital", 5);
    expect(results.map((r) => r.id)).toEqual(["imported-1"]);
    expect(await kb.count()).toBe(1);
  });

  test("reload() finds entries written straight into vector_kb (a merge import) and indexes them", async () => {
    const name = freshName("vector");
    const kb = await openEngine(name);
    await kb.addMemories(SEED_MEMORIES);
    const db = await rawDb(name);
    const record: VectorRecord = {
      id: "merged-1",
      text: "Madrid is the capital of Spain",
      metadata: { category: "geography" },
      embedding: embeddingBytes(referenceEmbed("Madrid is the capital of Spain")),
      createdAt: 2,
    };
    await db.put("vector_kb", record, record.id);
    db.close();
    expect(await kb.count()).toBe(3);
    expect(await kb.reload()).toBe(4);
    expect((await kb.semanticSearch("capital of Spain", 1))[0]!.id).toBe("merged-1");
  });

  test("opening with an embedder of another dimension is DIM_MISMATCH and changes nothing", async () => {
    const name = freshName("vector");
    const kb = await openEngine(name);
    await kb.addMemories(SEED_MEMORIES);
    kb.close();
    expect(await failure(() => openEngine(name, { embedder: new HashEmbedder(16) }))).toMatchObject({ code: "DIM_MISMATCH" });
    const again = await openEngine(name);
    expect(await again.count()).toBe(3);
  });

  test("opening with another embedder of the same dimension is EMBEDDER_MISMATCH and changes nothing", async () => {
    const name = freshName("vector");
    const kb = await openEngine(name);
    await kb.addMemories(SEED_MEMORIES);
    kb.close();
    const seed = new HashEmbedder();
    const impostor: Embedder = {
      dim: seed.dim,
      id: "another-method",
      encode: (text) => seed.encode(text),
      encodeMany: (texts) => seed.encodeMany(texts),
    };
    expect(await failure(() => openEngine(name, { embedder: impostor }))).toMatchObject({ code: "EMBEDDER_MISMATCH" });
    const again = await openEngine(name);
    expect(await again.count()).toBe(3);
  });

  test("an empty knowledge base may switch embedders", async () => {
    const name = freshName("vector");
    const kb = await openEngine(name);
    const entry = await kb.addMemory("temporary");
    await kb.remove(entry.id);
    kb.close();
    const small = await openEngine(name, { embedder: new HashEmbedder(16) });
    expect((await small.addMemory("paris")).embedding).toHaveLength(16);
  });

  test("the plain JavaScript kernel gives the same answers as WebAssembly SIMD", async () => {
    const name = freshName("vector");
    const simd = await openEngine(name);
    await simd.addMemories(sentences(3000, 7).map((text) => ({ text })));
    const plain = await openEngine(name, { simd: false });
    expect(simd.info().simd).toBe(true);
    expect(plain.info().simd).toBe(false);
    for (const query of ["capital of france", "moon star", "the"]) {
      expect(await plain.semanticSearch(query, 20)).toEqual(await simd.semanticSearch(query, 20));
    }
  });
});

describe("the v2 migration", () => {
  test("upgrades a v1 database holding data; its vector entries become searchable", async () => {
    const name = freshName("vector-v1");
    const v1 = await openPhoenixDB(name, { version: 1 });
    expect(unwrap(v1).objectStoreNames.contains(VECTOR_CHUNKS_STORE)).toBe(false);
    const texts = ["The capital of France is Paris", "Paris is a beautiful city", "France is in Europe"];
    const tx = v1.transaction(["vector_kb", "mind_vault", "eternal_memory"], "readwrite");
    texts.forEach((text, i) => {
      const record: VectorRecord = { id: `legacy-${i}`, text, metadata: { i }, embedding: embeddingBytes(referenceEmbed(text)), createdAt: 1000 + i };
      void tx.objectStore("vector_kb").put(record, record.id);
    });
    void tx.objectStore("mind_vault").put({ value: "Paris", updatedAt: 1 }, "fact:capital_france");
    void tx.objectStore("eternal_memory").put({ layer: "LTM", text: "kept", createdAt: 1, updatedAt: 1 }, "ltm:kept");
    await tx.done;
    v1.close();

    const kb = await openEngine(name);
    const results = await kb.semanticSearch("What is the capital of France?", 3);
    expect(results[0]).toMatchObject({ id: "legacy-0", text: texts[0], metadata: { i: 0 } });
    expect((await kb.all()).map((e) => e.id)).toEqual(["legacy-0", "legacy-1", "legacy-2"]);
    const added = await kb.addMemory("Europe has many capitals");
    expect((await kb.all()).at(-1)!.id).toBe(added.id);

    const db = await rawDb(name);
    try {
      expect(db.version).toBe(DB_VERSION);
      expect(unwrap(db).objectStoreNames.contains(VECTOR_CHUNKS_STORE)).toBe(true);
      expect(await db.get("mind_vault", "fact:capital_france")).toEqual({ value: "Paris", updatedAt: 1 });
      expect(await db.get("eternal_memory", "ltm:kept")).toMatchObject({ text: "kept" });
      expect(await db.count("vector_kb")).toBe(4);
      expect(await db.get("meta", STATE_KEY)).toMatchObject({ type: "vector-kb-state", dim: 384 });
    } finally {
      db.close();
    }
  });

  test("v1 entries without a usable embedding are embedded again from their text", async () => {
    const name = freshName("vector-v1");
    const v1 = await openPhoenixDB(name, { version: 1 });
    await v1.put("vector_kb", { id: "short", text: "Paris", metadata: {}, embedding: new Uint8Array(8), createdAt: 1 }, "short");
    v1.close();
    const kb = await openEngine(name);
    expect(Array.from((await kb.get("short"))!.embedding)).toEqual(Array.from(referenceEmbed("Paris")));
  });
});

function unwrapAll(db: Awaited<ReturnType<typeof rawDb>>, store: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const request = unwrap(db).transaction(store, "readonly").objectStore(store).getAll();
    request.onsuccess = () => resolve(request.result as unknown[]);
    request.onerror = () => reject(request.error);
  });
}

/**
 * The first search after a restart, answered from the persisted index alone when it is in step with
 * the stores: no Vector KB vectors are needed for it (the searcher is given an engine that fails if
 * its entries are asked for), the hits are those a full worker gives (metadata included), and the
 * Vector KB starts loading after. A stale index, or a filtered search, takes the usual path.
 */
import { afterEach, describe, expect, test } from "vitest";
import { unwrap } from "idb";
import type { Phoenix } from "../../../src/index.js";
import { openPhoenixDB } from "../../../src/db/open.js";
import { VECTOR_TOKEN_KEY } from "../../../src/db/meta-keys.js";
import { CONTEXT_SOURCES } from "../../../src/context/types.js";
import { HashEmbedder } from "../../../src/shared/embedder.js";
import { ContextSearcher } from "../../../workers/context/searcher.js";
import type { VectorEngine } from "../../../workers/vector/vector-engine.js";
import { freshName } from "../../helpers/db.js";
import { failure, openEngine } from "../vector/helpers.js";
import { closeAll, closeNow, openNamedPhoenix } from "../../helpers/fixtures.js";

/** Raw databases and searchers this file opens itself; the facades go through the shared fixtures. */
const toClose: Array<{ close(): unknown }> = [];
afterEach(() => {
  for (const item of toClose.splice(0)) item.close();
  closeAll();
});

const open = openNamedPhoenix;

/** A profile with each store in use, searched once (so its index is persisted), then closed. */
async function persisted(name: string): Promise<{ hits: Awaited<ReturnType<Phoenix["context"]["search"]>> }> {
  const p = await open(name);
  await p.vaults.storeMind("person:Anna", "sister");
  await p.vaults.storeMind("fact:capital_france", "Paris");
  await p.vectorKb.addMemories([
    { text: "Anna moved to Lisbon last spring and rents a flat there.", metadata: { topic: "family" } },
    { text: "I am allergic to penicillin; it gave me hives.", metadata: { topic: "health" } },
  ]);
  await p.cortex.etch({ layer: "EPM", text: "Video call with Anna from her new flat by the river." }, "epm:me:1795168800");
  const hits = await p.context.search("Where does my sister live these days?");
  await p.context.info(); // waits for the index's write
  closeNow(p);
  return { hits };
}

/** An engine whose entries must not be needed: asking for them fails the search. */
function unloadedEngine(db: IDBDatabase) {
  const calls = { withEntries: 0, warm: 0 };
  const engine = {
    database: db,
    withEntries: () => {
      calls.withEntries += 1;
      return Promise.reject(new Error("the Vector KB was asked for its entries"));
    },
    warm: () => {
      calls.warm += 1;
    },
  } as unknown as VectorEngine;
  return { engine, calls };
}

async function searcherOver(name: string) {
  const db = await openPhoenixDB(name, {});
  toClose.push(db);
  const { engine, calls } = unloadedEngine(unwrap(db));
  const searcher = new ContextSearcher(engine, async () => undefined, name, "indexeddb");
  toClose.push(searcher);
  return { searcher, calls, db };
}

const everywhere = { topK: 10, sources: [...CONTEXT_SOURCES] };

describe("the first search after a restart", () => {
  test("is answered from the persisted index alone, as a full worker answers it, then the Vector KB loads", async () => {
    const name = freshName("ctx-first");
    const { hits } = await persisted(name);
    const { searcher, calls } = await searcherOver(name);
    const first = await searcher.search("Where does my sister live these days?", everywhere, () => false);
    expect(first.map(({ source, ref, text, metadata, why }) => ({ source, ref, text, metadata, why }))).toEqual(
      hits.map(({ source, id, key, text, metadata, why }) => ({ source, ref: id ?? key, text, metadata, why })),
    );
    expect(first.find((hit) => hit.source === "vector_kb")).toMatchObject({ ref: expect.any(String), metadata: { topic: "family" } });
    expect(calls).toEqual({ withEntries: 0, warm: 1 });
    expect(await searcher.info()).toMatchObject({ origin: "loaded", tokenized: 0, persisted: true });
  });

  test("takes the usual path when the Vector KB changed since the index was written", async () => {
    const name = freshName("ctx-first-stale");
    await persisted(name);
    const { searcher, calls, db } = await searcherOver(name);
    await db.put("meta", "someone-else's-write", VECTOR_TOKEN_KEY);
    expect(await failure(() => searcher.search("sister", everywhere, () => false))).toMatchObject({ message: "the Vector KB was asked for its entries" });
    expect(calls.withEntries).toBe(1);
  });

  test("takes the usual path for a filtered search (the filter reads the Vector KB's metadata)", async () => {
    const name = freshName("ctx-first-filter");
    await persisted(name);
    const { searcher, calls } = await searcherOver(name);
    expect(await failure(() => searcher.search("sister", { ...everywhere, filter: { topic: "family" } }, () => false))).toMatchObject({
      message: "the Vector KB was asked for its entries",
    });
    expect(calls).toEqual({ withEntries: 1, warm: 0 });
  });

  test("through the facade: writes and filters after a first answer from the index see every entry", async () => {
    const name = freshName("ctx-first-after");
    await persisted(name);
    const p = await open(name);
    expect((await p.context.search("penicillin"))[0]).toMatchObject({ source: "vector_kb", metadata: { topic: "health" } });
    await p.vectorKb.addMemory("Anna's flat in Lisbon has a view of the river.", { topic: "family" });
    const family = await p.context.search("Anna flat", { filter: { topic: "family" } });
    expect(family.map((hit) => hit.text).sort()).toEqual([
      "Anna moved to Lisbon last spring and rents a flat there.",
      "Anna's flat in Lisbon has a view of the river.",
    ]);
    expect(await p.context.search("penicillin", { filter: { topic: "family" } })).toEqual([]);
    expect((await p.context.info()).docs).toBe(6);
  });
});

describe("a Vector KB engine opened with deferLoad", () => {
  test("still refuses another embedder's vectors at open, and loads its entries on first need", async () => {
    const name = freshName("vector-defer");
    const writer = await openEngine(name);
    await writer.addMemories([{ text: "one" }, { text: "two" }, { text: "three" }]);
    writer.close();
    expect(await failure(() => openEngine(name, { embedder: new HashEmbedder(16), deferLoad: true }))).toMatchObject({ code: "DIM_MISMATCH" });
    const deferred = await openEngine(name, { deferLoad: true });
    expect(deferred.info().count).toBe(0);
    await deferred.whenLoaded();
    expect(deferred.info().count).toBe(3);
    expect((await deferred.semanticSearch("two", 1))[0]?.text).toBe("two");
  });
});

/**
 * The Context Engine's persisted index on fake-indexeddb (no Origin Private File System in Node, so
 * the `context_index` store): taken over by a restarted worker without tokenising, read again where a
 * write happened while no worker held it, built again when damaged or of another version, dropped by
 * an import, and never in a backup nor holding soul plaintext.
 */
import { afterEach, describe, expect, test } from "vitest";
import type { Phoenix } from "../../../src/index.js";
import { CONTEXT_INDEX_STORE, CONTEXT_STAMP_KEY } from "../../../src/db/schema.js";
import { SNAPSHOT_VERSION, encodeSnapshot, decodeSnapshot } from "../../../workers/context/snapshot.js";
import { isStoredIndexRecord } from "../../../workers/context/persist.js";
import { freshName } from "../../helpers/db.js";
import { unpack } from "../backup/fixtures.js";
import { closeAll, closeNow, openNamedPhoenix } from "../../helpers/fixtures.js";

afterEach(closeAll);

const open = openNamedPhoenix;

/** Closes like a tab that goes away, once the index's last write is done (info() waits for it). */
async function closeAfterSave(phoenix: Phoenix): Promise<void> {
  await phoenix.context.info();
  closeNow(phoenix);
}

async function seeded(name: string): Promise<Phoenix> {
  const p = await open(name);
  await p.vaults.storeMind("person:Anna", "sister");
  await p.vaults.storeMind("fact:capital_france", "Paris");
  await p.vectorKb.addMemories([
    { text: "Anna moved to Lisbon last spring and rents a flat there.", metadata: { topic: "family" } },
    { text: "I am allergic to penicillin; it gave me hives.", metadata: { topic: "health" } },
    { text: "The boiler is making a banging noise again.", metadata: { topic: "home" } },
  ]);
  await p.cortex.etch({ layer: "EPM", text: "Video call with Anna from her new flat by the river." }, "epm:me:1795168800");
  return p;
}

const texts = (hits: ReadonlyArray<{ text: string }>) => hits.map((hit) => hit.text);

async function storedRecord(p: Phoenix): Promise<unknown> {
  return p.db.get(CONTEXT_INDEX_STORE as "meta", "snapshot");
}

describe("the persisted context index", () => {
  test("a restarted worker takes the index over without tokenising a single text", async () => {
    const name = freshName("ctx-persist");
    const first = await seeded(name);
    const before = await first.context.search("Where does my sister live these days?");
    const built = await first.context.info();
    expect(built).toMatchObject({ origin: "built", loaded: false, storage: "indexeddb", persisted: true, docs: 6 });
    expect(built.tokenized).toBe(6);
    expect(built.persistedBytes).toBeGreaterThan(0);
    await closeAfterSave(first);

    const second = await open(name);
    const after = await second.context.search("Where does my sister live these days?");
    expect(after).toEqual(before);
    expect(await second.context.info()).toMatchObject({ origin: "loaded", loaded: true, rebuilt: false, tokenized: 0, docs: 6 });
    // Typos and the kinship table work from the loaded vocabulary and people too.
    const [typo] = await second.context.search("penicilin");
    expect(typo?.why).toContain("typo: penicilin → penicillin");
  });

  test("writes made while no worker held the index are read again, and only they are tokenised", async () => {
    const name = freshName("ctx-stale");
    const first = await seeded(name);
    await first.context.search("anything");
    await closeAfterSave(first);

    // Another tab writes Mind, cortex and Vector KB, and never searches.
    const other = await open(name);
    await other.vaults.storeMind("fact:wifi_password", "sunflower river");
    await other.vaults.forgetMind("fact:capital_france");
    await other.cortex.etch({ layer: "LTM", text: "The spare key hides under the blue flowerpot." }, "ltm:spare_key");
    await other.vectorKb.addMemory("Bought a kayak for the summer on the lake.");
    closeNow(other);

    const third = await open(name);
    expect((await third.context.search("wifi password"))[0]).toMatchObject({ source: "mind_vault", key: "fact:wifi_password" });
    expect((await third.context.search("flowerpot"))[0]).toMatchObject({ source: "eternal_memory", key: "ltm:spare_key" });
    expect(texts(await third.context.search("kayak"))).toEqual(["Bought a kayak for the summer on the lake."]);
    expect(await third.context.search("Paris")).toEqual([]);
    const info = await third.context.info();
    expect(info).toMatchObject({ origin: "updated", loaded: true, rebuilt: true, docs: 8 });
    expect(info.tokenized).toBe(3);
  });

  test("a damaged or other-version index is built again from the stores", async () => {
    const name = freshName("ctx-damaged");
    const first = await seeded(name);
    const expected = await first.context.search("boiler noise");
    await closeAfterSave(first);
    const raw = await open(name);
    const record = await storedRecord(raw);
    expect(isStoredIndexRecord(record)).toBe(true);
    const bytes = new Uint8Array((record as { bytes: ArrayBuffer }).bytes);
    const decoded = decodeSnapshot(bytes.slice().buffer)!;
    expect(decoded).toBeDefined();
    // Postings that point past the documents: the header is fine, the content is not.
    const pointing = decoded.corpus.text.postDocs.slice();
    pointing[0] = 10_000;
    const damaged = encodeSnapshot({ ...decoded.corpus, text: { ...decoded.corpus.text, postDocs: pointing } }, decoded.stamp);
    const otherVersion = bytes.slice();
    const header = new TextDecoder().decode(otherVersion.subarray(8, 8 + new DataView(otherVersion.buffer).getUint32(4, true)));
    otherVersion.set(new TextEncoder().encode(header.replace(`"version":${SNAPSHOT_VERSION}`, `"version":${SNAPSHOT_VERSION + 7}`)), 8);
    const truncated = bytes.slice(0, bytes.length >> 1);
    closeNow(raw);

    for (const variant of [damaged, otherVersion, truncated, new Uint8Array([1, 2, 3])]) {
      const writer = await open(name);
      await writer.db.put(CONTEXT_INDEX_STORE as "meta", { type: "context-index-bytes", version: 1, bytes: variant.slice().buffer }, "snapshot");
      closeNow(writer);
      const reader = await open(name);
      expect(await reader.context.search("boiler noise")).toEqual(expected);
      expect(await reader.context.info()).toMatchObject({ origin: "built", tokenized: 6 });
      await closeAfterSave(reader);
    }
  });

  test("the index and its stamp are never in a backup; an import drops them", async () => {
    const name = freshName("ctx-backup");
    const p = await seeded(name);
    await p.context.search("boiler");
    await p.context.info();
    expect(await storedRecord(p)).toBeDefined();
    expect(typeof (await p.db.get("meta", CONTEXT_STAMP_KEY))).toBe("string");
    const file = await p.backups.export();
    const files = await unpack(file);
    const all = [...files.entries()].map(([entry, bytes]) => `${entry}\n${new TextDecoder().decode(bytes)}`).join("\n");
    expect(all).not.toContain(CONTEXT_INDEX_STORE);
    expect(all).not.toContain(CONTEXT_STAMP_KEY);

    await p.vaults.storeMind("fact:after_export", "written after the export");
    await p.context.search("after export");
    await p.backups.import(file, { mode: "replace", snapshot: false });
    expect(await p.db.get("meta", CONTEXT_STAMP_KEY)).toBeUndefined();
    expect(await p.context.search("after export")).toEqual([]);
    expect(texts(await p.context.search("boiler"))).toEqual(["The boiler is making a banging noise again."]);
  });

  test("Vector KB entries are indexed while their add commits: the next search tokenises nothing", async () => {
    const p = await open(freshName("ctx-add"));
    await p.context.search("anything");
    const before = (await p.context.info()).tokenized;
    await p.vectorKb.addMemories([{ text: "Bought a kayak for the lake." }, { text: "The kayak paddle is in the shed." }]);
    const afterAdd = (await p.context.info()).tokenized;
    expect(afterAdd).toBe(before + 2);
    expect(texts(await p.context.search("kayak paddle"))[0]).toBe("The kayak paddle is in the shed.");
    expect((await p.context.info()).tokenized).toBe(afterAdd);
  });

  test("the stamp moves with every Mind and cortex write, and not with reads, empty sweeps or recall counts", async () => {
    const p = await open(freshName("ctx-stamp"));
    const stamp = () => p.db.get("meta", CONTEXT_STAMP_KEY);
    expect(await stamp()).toBeUndefined();
    await p.vaults.storeMind("fact:a", "one");
    const afterMind = await stamp();
    expect(typeof afterMind).toBe("string");
    await p.cortex.etch({ layer: "LTM", text: "two" }, "ltm:b");
    const afterEtch = await stamp();
    expect(afterEtch).not.toBe(afterMind);
    await p.cortex.recall("ltm:b");
    await p.cortex.flushStats();
    expect(await p.cortex.sweep()).toBe(0);
    await p.vaults.storeBody("state:x", "body writes are not indexed");
    expect(await stamp()).toBe(afterEtch);
    await p.vaults.forgetMind("fact:a");
    expect(await stamp()).not.toBe(afterEtch);
  });

  test("soul plaintext never reaches the persisted index", async () => {
    const name = freshName("ctx-soul");
    const p = await seeded(name);
    await p.vaults.soul.setup("correct horse battery staple");
    await p.vaults.storeSoul("dream:1", "I secretly dream of becoming a xylophonist.");
    const hits = await p.context.search("xylophonist dream");
    expect(hits[0]).toMatchObject({ source: "soul_kb", key: "dream:1" });
    await p.vaults.storeMind("fact:new", "a Mind write so the index is written again");
    await p.context.search("xylophonist");
    await p.context.info();
    const record = (await storedRecord(p)) as { bytes: ArrayBuffer };
    const asText = new TextDecoder().decode(record.bytes);
    expect(asText).toContain("boiler");
    expect(asText).not.toMatch(/xylophon|dream:1/);
    p.vaults.soul.lock();
    expect((await p.context.search("xylophonist")).filter((hit) => hit.source === "soul_kb")).toEqual([]);
  });
});

describe("the meaning vectors in the snapshot", () => {
  test("a corpus read back from its bytes ranks exactly as the one that wrote them, meaning channel included", async () => {
    const { readFile } = await import("node:fs/promises");
    const { Lexicon } = await import("../../../workers/context/lexicon.js");
    const { MeaningIndex } = await import("../../../workers/context/meaning.js");
    const { Corpus } = await import("../../../workers/context/corpus.js");
    const { rankCorpus } = await import("../../../workers/context/rank.js");
    const lexicon = Lexicon.parse(await readFile("public/lexicon/words.txt", "utf8"), (await readFile("public/lexicon/vectors.i8")).buffer as ArrayBuffer);
    const written = new Corpus();
    written.attachMeaning(new MeaningIndex(lexicon, { simd: false }));
    const texts = ["Anna moved to Lisbon last spring.", "Dental checkup booked for Tuesday.", "The boiler is banging again.", "Dad takes metformin for diabetes."];
    texts.forEach((text, i) => written.put({ source: "vector_kb", ref: `v${i}`, text }));
    written.remove("vector_kb", "v2");
    written.put({ source: "mind_vault", ref: "person:Anna", text: "sister" });
    const stamp = { stamp: "s", vectorToken: "t", counts: { mind_vault: 1, eternal_memory: 0 }, lexicon: { words: lexicon.words.length, vectors: lexicon.vectorCount } };
    const decoded = decodeSnapshot(encodeSnapshot(written.pack(), stamp).buffer)!;
    expect(decoded.stamp).toEqual(stamp);
    const read = new Corpus();
    read.restore(decoded.corpus, new MeaningIndex(lexicon, { simd: false }));
    expect(read.analysed).toBe(0);
    expect(written.meaning!.size).toBeGreaterThan(2);
    expect(read.meaning?.size).toBe(written.meaning!.size);
    for (const query of ["Where does my sister live?", "dentist appointment", "medicine for dad"]) {
      const ranked = (corpus: InstanceType<typeof Corpus>) =>
        rankCorpus(corpus, lexicon, query, { topK: 5 }).hits.map((hit) => ({ ref: corpus.doc(hit.doc)!.ref, score: hit.score, why: hit.why }));
      expect(ranked(read)).toEqual(ranked(written));
    }
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { SOUL_PASSPHRASE, closeAll, dump, openTestPhoenix, populate } from "./fixtures.js";

afterEach(closeAll);

const memory = (text: string, updatedAt: number) => ({ layer: "LTM" as const, text, createdAt: 1, updatedAt });

describe("merge import", () => {
  it("keeps the newer of two records with the same key, by stored update time, and counts", async () => {
    const source = await openTestPhoenix();
    await source.db.put("eternal_memory", memory("archive newer", 200), "ltm:a");
    await source.db.put("eternal_memory", memory("archive older", 100), "ltm:b");
    await source.db.put("eternal_memory", memory("archive same time", 150), "ltm:c");
    await source.db.put("eternal_memory", memory("only in archive", 1), "ltm:d");
    await source.db.put("mind_vault", { value: "newer", updatedAt: 9 }, "fact");
    await source.db.put("vector_kb", { id: "v", text: "archive", metadata: {}, embedding: new Uint8Array(4), createdAt: 5 }, "v");
    const file = await source.backups.export();

    const target = await openTestPhoenix();
    await target.db.put("eternal_memory", memory("here older", 100), "ltm:a");
    await target.db.put("eternal_memory", memory("here newer", 200), "ltm:b");
    await target.db.put("eternal_memory", memory("here same time", 150), "ltm:c");
    await target.db.put("eternal_memory", memory("only here", 1), "ltm:e");
    await target.db.put("mind_vault", { value: "older", updatedAt: 3 }, "fact");
    await target.db.put("vector_kb", { id: "v", text: "here", metadata: {}, embedding: new Uint8Array(4), createdAt: 7 }, "v");
    const report = await target.backups.import(file, { mode: "merge" });

    expect(report.mode).toBe("merge");
    expect(report.stores.eternal_memory).toEqual({ added: 1, updated: 1, kept: 3, removed: 0, skipped: 0 });
    expect(report.stores.mind_vault).toMatchObject({ updated: 1, kept: 0 });
    expect(report.stores.vector_kb).toMatchObject({ updated: 0, kept: 1 });
    const texts = Object.fromEntries((await dump(target.db)).eternal_memory.map(([k, v]) => [k, (v as { text: string }).text]));
    expect(texts).toEqual({
      "ltm:a": "archive newer",
      "ltm:b": "here newer",
      "ltm:c": "here same time",
      "ltm:d": "only in archive",
      "ltm:e": "only here",
    });
    expect((await target.db.get("mind_vault", "fact"))?.value).toBe("newer");
    expect((await target.db.get("vector_kb", "v"))?.text).toBe("here");
  });

  it("merges cosmic data by content, as a multiset, never overwriting an item under a clashing key", async () => {
    const source = await openTestPhoenix();
    const item = (data: string, timestamp = 1) => ({ source: "s", timestamp, data, streamType: "quantum" });
    await source.cache.storeCosmicBatch([item("A"), item("A"), item("B"), item("C", 2)]);
    const file = await source.backups.export();

    const target = await openTestPhoenix();
    await target.cache.storeCosmicBatch([item("A"), item("Z"), item("Y")]);
    const report = await target.backups.import(file, { mode: "merge" });
    expect(report.stores.hyperspace_cache).toEqual({ added: 3, updated: 0, kept: 3, removed: 0, skipped: 0 });
    const datas = (await target.cache.retrieveCosmicData("quantum")).map((d) => d.data).sort();
    expect(datas).toEqual(["A", "A", "B", "C", "Y", "Z"]);
    expect((await target.cache.getCacheStats()).totalRecords).toBe(6);

    const again = await target.backups.import(file, { mode: "merge" });
    expect(again.stores.hyperspace_cache.added).toBe(0);
    expect((await target.cache.getCacheStats()).totalRecords).toBe(6);
    expect(await target.cache.pendingRecords()).toBe(0);
  });

  it("keeps cosmic keys when they are free, so a merge into an empty database restores them exactly", async () => {
    const source = await openTestPhoenix();
    await populate(source);
    const file = await source.backups.export();
    const target = await openTestPhoenix();
    await target.backups.import(file, { mode: "merge" });
    expect((await dump(target.db)).hyperspace_cache).toEqual((await dump(source.db)).hyperspace_cache);
  });

  it("brings the archive's Soul Vault into a database that has none", async () => {
    const source = await openTestPhoenix();
    await populate(source);
    const file = await source.backups.export();
    const target = await openTestPhoenix();
    const report = await target.backups.import(file, { mode: "merge" });
    expect(report.stores.soul_kb).toMatchObject({ added: 2, skipped: 0 });
    await target.vaults.soul.unlock(SOUL_PASSPHRASE);
    expect(await target.vaults.recallSoul("dad:last_soft_memory:x")).toBe("I love you, Dad.");
  });

  it("keeps this database's Soul Vault whole when the archive's was sealed with other keys", async () => {
    const source = await openTestPhoenix();
    await populate(source, "theirs");
    const file = await source.backups.export();
    const target = await openTestPhoenix();
    await populate(target, "ours");
    const ring = await target.db.get("meta", "soul:keyring");
    const report = await target.backups.import(file, { mode: "merge" });
    expect(report.stores.soul_kb).toMatchObject({ added: 0, skipped: 2, kept: 2 });
    expect(await target.db.get("meta", "soul:keyring")).toEqual(ring);
    await target.vaults.soul.unlock(SOUL_PASSPHRASE);
    expect(await target.vaults.recallSoul("dad:last_soft_memory:ours")).toBe("I love you, Dad.");
    expect(await target.vaults.recallSoul("dad:last_soft_memory:theirs")).toBeUndefined();
    // Everything else did merge.
    expect(await target.vaults.recallMind("fact:capital_france:theirs")).toBe("Paris");
  });

  it("merges soul records of the same vault (an older backup of this database) by time", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    const file = await phoenix.backups.export();
    await phoenix.vaults.storeSoul("dad:last_soft_memory:x", "changed since the backup");
    await phoenix.vaults.soul.forgetSoul("dad:second:x");
    const report = await phoenix.backups.import(file, { mode: "merge", snapshot: false });
    expect(report.stores.soul_kb).toMatchObject({ added: 1, updated: 0, skipped: 0 });
    expect(phoenix.vaults.soul.isLocked).toBe(true);
    await phoenix.vaults.soul.unlock(SOUL_PASSPHRASE);
    expect(await phoenix.vaults.recallSoul("dad:last_soft_memory:x")).toBe("changed since the backup");
    expect(await phoenix.vaults.recallSoul("dad:second:x")).toBe("ünïcödé ✓");
  });

  it("rejects an unknown mode before reading anything", async () => {
    const phoenix = await openTestPhoenix();
    const file = await phoenix.backups.export();
    await expect(phoenix.backups.import(file, { mode: "overwrite" as "merge" })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

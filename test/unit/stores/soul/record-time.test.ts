/**
 * Soul record formats v2/v3: the write time is authenticated, so a merge import cannot roll a value back with
 * an old ciphertext under a forged newer time; records of the landed format (v1) are moved at unlock.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { SoulRecord } from "../../../../src/db/schema.js";
import { sealText } from "../../../../src/crypto/seal.js";
import { SOUL_PASSPHRASE, closeAll, openTestPhoenix, populate, repack, unpack } from "../../backup/fixtures.js";
import { rawSoulRecords, reopenVault } from "./fixtures.js";

afterEach(() => {
  vi.restoreAllMocks();
  closeAll();
});

const KEY = "dad:last_soft_memory:x";
const SOUL_FILE = "stores/soul_kb.ndjson";

/** The archive with every soul record's stored time set to `updatedAt` (manifest hashes made right again). */
async function withForgedTimes(file: Blob, updatedAt: number): Promise<Blob> {
  const files = await unpack(file);
  return repack(files, (copy) => {
    const lines = new TextDecoder().decode(copy.get(SOUL_FILE)).split("\n").filter(Boolean);
    const forged = lines.map((line) => {
      const [key, record] = JSON.parse(line) as [string, Record<string, unknown>];
      return JSON.stringify([key, { ...record, updatedAt }]);
    });
    copy.set(SOUL_FILE, new TextEncoder().encode(forged.join("\n") + "\n"));
  });
}

describe("Soul records: the write time is authenticated", () => {
  it("stores records with the time authenticated (format v3, which also hides the name)", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    for (const record of (await rawSoulRecords(phoenix.db)).values()) expect(record.v).toBe(3);
  });

  it("a merge import of an old backup with a forged newer updatedAt keeps the current value", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    const old = await phoenix.backups.export();
    await phoenix.vaults.storeSoul(KEY, "the current value");
    const forged = await withForgedTimes(old, Date.now() + 86_400_000);
    const report = await phoenix.backups.import(forged, { mode: "merge", snapshot: false });
    expect(report.stores.soul_kb).toMatchObject({ updated: 0, skipped: 2 });
    await phoenix.vaults.soul.unlock(SOUL_PASSPHRASE);
    expect(await phoenix.vaults.recallSoul(KEY)).toBe("the current value");
  });

  it("an authentic newer record from a backup of this vault still wins a merge", async () => {
    const phoenix = await openTestPhoenix();
    const now = vi.spyOn(Date, "now").mockReturnValue(1_800_000_000_000);
    await populate(phoenix);
    const older = await phoenix.backups.export();
    now.mockReturnValue(1_800_000_001_000);
    await phoenix.vaults.storeSoul(KEY, "newer, in the second backup");
    const newer = await phoenix.backups.export();
    await phoenix.backups.import(older, { snapshot: false });
    await phoenix.vaults.soul.unlock(SOUL_PASSPHRASE);
    expect(await phoenix.vaults.recallSoul(KEY)).toBe("I love you, Dad.");
    const report = await phoenix.backups.import(newer, { mode: "merge", snapshot: false });
    expect(report.stores.soul_kb).toMatchObject({ updated: 1, skipped: 0 });
    await phoenix.vaults.soul.unlock(SOUL_PASSPHRASE);
    expect(await phoenix.vaults.recallSoul(KEY)).toBe("newer, in the second backup");
  });

  it("while the vault is locked no archive soul record replaces one here (its time cannot be checked)", async () => {
    const phoenix = await openTestPhoenix();
    const now = vi.spyOn(Date, "now").mockReturnValue(1_800_000_000_000);
    await populate(phoenix);
    now.mockReturnValue(1_800_000_001_000);
    await phoenix.vaults.storeSoul(KEY, "newer");
    const newer = await phoenix.backups.export();
    now.mockReturnValue(1_800_000_002_000);
    await phoenix.vaults.storeSoul(KEY, "newest, here");
    const id = await phoenix.vaults.soul.storedId(KEY);
    const here = (await rawSoulRecords(phoenix.db)).get(id);
    phoenix.vaults.soul.lock();
    const report = await phoenix.backups.import(await withForgedTimes(newer, 1_900_000_000_000), { mode: "merge", snapshot: false });
    expect(report.stores.soul_kb.updated).toBe(0);
    expect((await rawSoulRecords(phoenix.db)).get(id)).toEqual(here);
  });
});

describe("Soul records: migration from format v1", () => {
  it("moves v1 records (stored under their plaintext name) to v3 under hashed ids at the next unlock, keeping values and times", async () => {
    const phoenix = await openTestPhoenix();
    await populate(phoenix);
    const names = (await phoenix.vaults.soul.recallPrefix("")).map(([name]) => name);
    // Rewrite each record in the landed format (v: 1, AAD ["phoenix-seal", 1, store, key], stored under its
    // name) with the vault's own data key, which is not extractable, so it is borrowed from the unlocked vault.
    const soul = phoenix.vaults.soul as unknown as { unlocked: { keys: Map<string, CryptoKey>; currentKeyId: string } };
    const v1: Array<[string, SoulRecord]> = [];
    for (const name of names) {
      const dataKey = soul.unlocked.keys.get(soul.unlocked.currentKeyId)!;
      const value = await phoenix.vaults.recallSoul(name);
      const { iv, ct } = await sealText(dataKey, value!, { store: "soul_kb", key: name });
      v1.push([name, { v: 1, keyId: soul.unlocked.currentKeyId, iv, ct, updatedAt: 1_700_000_000_000 }]);
    }
    await phoenix.db.clear("soul_kb");
    for (const [key, record] of v1) await phoenix.db.put("soul_kb", record, key);
    const reloaded = reopenVault(phoenix.db);
    await reloaded.unlock(SOUL_PASSPHRASE);
    const after = await rawSoulRecords(phoenix.db);
    expect(after.size).toBe(v1.length);
    for (const [name] of v1) {
      expect(after.has(name)).toBe(false);
      expect(after.get(await reloaded.storedId(name))).toMatchObject({ v: 3, updatedAt: 1_700_000_000_000 });
    }
    expect(await reloaded.recallPrefix("dad:")).toEqual([
      ["dad:last_soft_memory:x", "I love you, Dad."],
      ["dad:second:x", "ünïcödé ✓"],
    ]);
  });
});

/**
 * Denial of service by one record or one keyring: a damaged soul record is reported per record (recall,
 * rotation) instead of failing everything, and a keyring asking for an Argon2id cost far above the
 * defaults is refused before any derivation.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { KEYRING_META_KEY, type SoulKeyring } from "../../../../src/crypto/keyring.js";
import { defaultDeriveKeyBytes } from "../../../../src/crypto/kdf-runner.js";
import { MAX_KDF_SETTINGS } from "../../../../src/crypto/kdf.js";
import { createSoulVault } from "../../../../src/stores/soul/vault.js";
import { PASSPHRASE, TEST_KDF, closeAll, flipBit, openSoulPhoenix, rawSoulRecords, reopenVault } from "./fixtures.js";

afterEach(closeAll);

const entries = [
  ["dad:a", "first"],
  ["dad:b", "second, to be damaged"],
  ["dad:c", "third"],
] as const;

async function vaultWithDamagedRecord() {
  const phoenix = await openSoulPhoenix();
  await phoenix.vaults.soul.setup(PASSPHRASE);
  await phoenix.vaults.soul.storeSoulMany(entries);
  const id = await phoenix.vaults.soul.storedId("dad:b");
  const record = (await rawSoulRecords(phoenix.db)).get(id)!;
  await phoenix.db.put("soul_kb", { ...record, ct: flipBit(record.ct, 3) }, id);
  return phoenix;
}

describe("Soul Vault: one damaged record", () => {
  it("recallPrefix with onFailure returns the good records and reports the bad one (key, INTEGRITY)", async () => {
    const { vaults } = await vaultWithDamagedRecord();
    const failures: unknown[] = [];
    const good = await vaults.recallPrefix("soul:dad:", 10, { onFailure: (failure) => failures.push(failure) });
    expect(good).toEqual([entries[0], entries[2]]);
    expect(failures).toEqual([{ key: "dad:b", code: "INTEGRITY", message: expect.stringContaining("dad:b") }]);
    // Without the option the call fails as before, naming the record.
    await expect(vaults.recallPrefix("soul:dad:", 10)).rejects.toMatchObject({ code: "INTEGRITY", subject: "dad:b" });
    const settled = await vaults.soul.recallPrefixSettled("dad:");
    expect(settled.entries).toEqual([entries[0], entries[2]]);
    expect(settled.failures.map((f) => [f.key, f.code])).toEqual([["dad:b", "INTEGRITY"]]);
  });

  it("a rotation skips, reports and keeps it; the rest is re-encrypted; forgetting it lets the rotation finish", async () => {
    const { vaults, db } = await vaultWithDamagedRecord();
    const id = await vaults.soul.storedId("dad:b");
    const damaged = (await rawSoulRecords(db)).get(id);
    const result = await vaults.soul.rotateKey({ batchSize: 1 });
    expect(result.skipped).toEqual([expect.objectContaining({ key: "dad:b", code: "INTEGRITY" })]);
    expect(result.reencrypted).toBe(2);
    const records = await rawSoulRecords(db);
    expect(records.get(id)).toEqual(damaged);
    expect(records.get(await vaults.soul.storedId("dad:a"))!.keyId).toBe(result.keyId);
    expect(((await db.get("meta", KEYRING_META_KEY)) as SoulKeyring).keys).toHaveLength(2);
    const reloaded = reopenVault(db);
    await reloaded.unlock(PASSPHRASE);
    expect(await reloaded.recallSoul("dad:a")).toBe("first");
    await vaults.soul.forgetSoul("dad:b");
    const again = await vaults.soul.rotateKey();
    expect(again.skipped).toEqual([]);
    expect(((await db.get("meta", KEYRING_META_KEY)) as SoulKeyring).keys).toHaveLength(1);
  });
});

describe("Soul Vault: Argon2id cost bound", () => {
  it("accepts at most about 4x the defaults", () => {
    expect(MAX_KDF_SETTINGS).toMatchObject({ memoryKiB: 256 * 1024, iterations: 8, parallelism: 4 });
  });

  it.each([
    { memoryKiB: 2 * 1024 * 1024 },
    { iterations: 64 },
    { parallelism: 16, memoryKiB: 1024 },
  ])("refuses a keyring asking for %o with SOUL_KDF_TOO_COSTLY, before deriving anything", async (cost) => {
    const { db, vaults } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    const ring = (await db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
    await db.put("meta", { ...ring, kdf: { ...ring.kdf, ...cost } }, KEYRING_META_KEY);
    const derive = vi.fn(defaultDeriveKeyBytes);
    const soul = createSoulVault(db, { kdf: TEST_KDF, deriveKeyBytes: derive });
    await expect(soul.unlock(PASSPHRASE)).rejects.toMatchObject({ code: "SOUL_KDF_TOO_COSTLY" });
    expect(derive).not.toHaveBeenCalled();
  });

  it("refuses such settings as an option too (INVALID_ARGUMENT)", async () => {
    const { db } = await openSoulPhoenix();
    expect(() => createSoulVault(db, { kdf: { ...TEST_KDF, memoryKiB: 1024 * 1024 } })).toThrow(
      expect.objectContaining({ code: "INVALID_ARGUMENT" }),
    );
  });
});

describe("Context search over a Soul Vault with one damaged record", () => {
  it("leaves the damaged record out instead of failing the search", async () => {
    const phoenix = await vaultWithDamagedRecord();
    const hits = await phoenix.context.search("third", { topK: 5 });
    expect(hits.map((hit) => hit.key)).toContain("dad:c");
    expect(hits.map((hit) => hit.key)).not.toContain("dad:b");
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { KEYRING_META_KEY, type SoulKeyring } from "../../../../src/crypto/keyring.js";
import type { PhoenixDB } from "../../../../src/db/schema.js";
import type { SoulVault } from "../../../../src/stores/soul/vault.js";
import { PASSPHRASE, closeAll, openSoulPhoenix, rawSoulRecordOf, rawSoulRecords, reopenVault } from "./fixtures.js";

afterEach(() => {
  vi.restoreAllMocks();
  closeAll();
});

const RECORDS = 60;
const entries = Array.from({ length: RECORDS }, (_, i) => [`mem:${String(i).padStart(3, "0")}`, `memory number ${i}`] as const);

async function filledVault(): Promise<{ soul: SoulVault; db: PhoenixDB }> {
  const { vaults, db } = await openSoulPhoenix();
  await vaults.soul.setup(PASSPHRASE);
  await vaults.soul.storeSoulMany(entries);
  return { soul: vaults.soul, db };
}

async function keyring(db: PhoenixDB): Promise<SoulKeyring> {
  return (await db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
}

async function keyIdsInUse(db: PhoenixDB): Promise<Set<string>> {
  return new Set([...(await rawSoulRecords(db)).values()].map((record) => record.keyId));
}

async function expectAllReadableAfterReload(db: PhoenixDB): Promise<SoulVault> {
  const reloaded = reopenVault(db);
  await reloaded.unlock(PASSPHRASE);
  expect(await reloaded.recallPrefix("mem:")).toEqual(entries);
  return reloaded;
}

describe("Soul Vault: key rotation", () => {
  it("re-encrypts every record under a new key and drops the old one", async () => {
    const { soul, db } = await filledVault();
    const oldKeyId = (await keyring(db)).currentKeyId;
    const before = await rawSoulRecords(db);
    const result = await soul.rotateKey({ batchSize: 7 });
    expect(result.reencrypted).toBe(RECORDS);
    expect(result.keyId).not.toBe(oldKeyId);
    const ring = await keyring(db);
    expect(ring.keys.map((k) => k.keyId)).toEqual([result.keyId]);
    expect(await keyIdsInUse(db)).toEqual(new Set([result.keyId]));
    const after = await rawSoulRecords(db);
    for (const [key, record] of after) {
      expect(Buffer.from(record.ct)).not.toEqual(Buffer.from(before.get(key)!.ct));
      expect(record.updatedAt).toBe(before.get(key)!.updatedAt);
    }
    expect(await soul.recallPrefix("mem:")).toEqual(entries);
    expect(await soul.isRotationPending()).toBe(false);
    await expectAllReadableAfterReload(db);
  });

  it.each([1, 21, 35, 59])(
    "interrupted after %i records (page closed between batches): everything readable, a later rotateKey finishes",
    async (stopAfter) => {
      const { soul, db } = await filledVault();
      const oldKeyId = (await keyring(db)).currentKeyId;
      const closed = new Error("page closed");
      await expect(
        soul.rotateKey({
          batchSize: 1,
          onProgress: ({ done }) => {
            if (done >= stopAfter) throw closed;
          },
        }),
      ).rejects.toBe(closed);
      expect(await soul.isRotationPending()).toBe(true);
      const ring = await keyring(db);
      expect(ring.keys).toHaveLength(2);
      expect(await keyIdsInUse(db)).toEqual(new Set([oldKeyId, ring.currentKeyId]));
      const reloaded = await expectAllReadableAfterReload(db);

      // A write while the rotation is pending goes under the new key.
      await reloaded.storeSoul("mem:new", "written mid-rotation");
      expect((await rawSoulRecordOf(db, reloaded, "mem:new"))!.keyId).toBe(ring.currentKeyId);

      const result = await reloaded.rotateKey({ batchSize: 8 });
      expect(result.keyId).toBe(ring.currentKeyId);
      expect(result.reencrypted).toBe(RECORDS - stopAfter);
      expect((await keyring(db)).keys.map((k) => k.keyId)).toEqual([ring.currentKeyId]);
      expect(await keyIdsInUse(db)).toEqual(new Set([ring.currentKeyId]));
      await reloaded.forgetSoul("mem:new");
      await expectAllReadableAfterReload(db);
    },
  );

  it("a record that fails to open mid-rotation is skipped and reported, keeps its key, and the next rotation finishes", async () => {
    const { soul, db } = await filledVault();
    const decrypt = crypto.subtle.decrypt.bind(crypto.subtle);
    // The first decryption opens the name key (moved to the new data key); the second is a record's.
    vi.spyOn(crypto.subtle, "decrypt")
      .mockImplementationOnce(decrypt)
      .mockImplementationOnce(() => Promise.reject(new Error("crash")));
    const result = await soul.rotateKey();
    vi.mocked(crypto.subtle.decrypt).mockImplementation(decrypt);
    // Reported by its name, which lives only in the ciphertext: the name index knows it.
    expect(result.skipped).toEqual([expect.objectContaining({ key: expect.stringMatching(/^mem:\d{3}$/), code: "INTEGRITY" })]);
    expect(result.reencrypted).toBe(RECORDS - 1);
    expect((await keyring(db)).keys).toHaveLength(2);
    expect(await soul.isRotationPending()).toBe(true);
    expect((await keyIdsInUse(db)).size).toBe(2);
    await expectAllReadableAfterReload(db);
    await soul.rotateKey();
    expect((await keyring(db)).keys).toHaveLength(1);
    await expectAllReadableAfterReload(db);
  });

  it("needs the passphrase: a locked vault, or one opened by the device key, cannot rotate", async () => {
    const { vaults } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE, { rememberOnDevice: true });
    vaults.soul.lock();
    await expect(vaults.soul.rotateKey()).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    expect(await vaults.soul.unlockWithDevice()).toBe(true);
    await expect(vaults.soul.rotateKey()).rejects.toMatchObject({ code: "SOUL_LOCKED" });
  });

  it("rejects a bad batch size before changing anything", async () => {
    const { soul, db } = await filledVault();
    const ring = await keyring(db);
    await expect(soul.rotateKey({ batchSize: 0 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(soul.rotateKey({ batchSize: 1.5 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(await keyring(db)).toEqual(ring);
  });

  it("another tab that unlocked before the rotation keeps reading and writing under the new key", async () => {
    const { soul, db } = await filledVault();
    const otherTab = reopenVault(db);
    await otherTab.unlock(PASSPHRASE);
    const { keyId } = await soul.rotateKey();
    expect(await otherTab.recallPrefix("mem:")).toEqual(entries);
    await otherTab.storeSoul("from:other-tab", "hello");
    expect((await rawSoulRecordOf(db, otherTab, "from:other-tab"))!.keyId).toBe(keyId);
    expect(await soul.recallSoul("from:other-tab")).toBe("hello");
  });

  it("a tab unlocked before another tab changed the passphrase and rotated must unlock again", async () => {
    const { soul, db } = await filledVault();
    const otherTab = reopenVault(db);
    await otherTab.unlock(PASSPHRASE);
    await soul.changePassphrase(PASSPHRASE, "a brand new passphrase");
    await soul.rotateKey();
    await expect(otherTab.storeSoul("x", "y")).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    expect(otherTab.isLocked).toBe(true);
    expect((await rawSoulRecords(db)).size).toBe(RECORDS);
  });
});

describe("Soul Vault: rotations in one tab", () => {
  it("runs two rotateKey calls one after the other, each to completion", async () => {
    const { soul, db } = await filledVault();
    const [first, second] = await Promise.all([soul.rotateKey({ batchSize: 9 }), soul.rotateKey({ batchSize: 9 })]);
    expect(first.keyId).not.toBe(second.keyId);
    expect(second.reencrypted).toBe(RECORDS);
    expect((await keyring(db)).keys.map((k) => k.keyId)).toEqual([second.keyId]);
    expect(await keyIdsInUse(db)).toEqual(new Set([second.keyId]));
    await expectAllReadableAfterReload(db);
  });
});

describe("Soul Vault: rotation racing a writer", () => {
  it("never puts back an old value over one written while its batch was being re-encrypted", async () => {
    const { soul, db } = await filledVault();
    const otherTab = reopenVault(db);
    await otherTab.unlock(PASSPHRASE);
    const decrypt = crypto.subtle.decrypt.bind(crypto.subtle);
    let raced = false;
    vi.spyOn(crypto.subtle, "decrypt").mockImplementation(async (...args) => {
      if (!raced) {
        raced = true;
        // The rotation has read its batch; another tab rewrites one of its records before it writes back.
        await otherTab.storeSoul("mem:000", "rewritten during the rotation");
      }
      return decrypt(...args);
    });
    await soul.rotateKey();
    vi.mocked(crypto.subtle.decrypt).mockImplementation(decrypt);
    expect(raced).toBe(true);
    expect(await soul.recallSoul("mem:000")).toBe("rewritten during the rotation");
    expect(await soul.recallSoul("mem:001")).toBe("memory number 1");
    expect((await keyring(db)).keys).toHaveLength(1);
  });
});

/**
 * Keyring format v2: each key's creation time is bound into its wrapping and the current key must be the
 * newest, so a retired key put back by someone who can edit IndexedDB is refused with INTEGRITY.
 * A keyring of the landed format (v1) is upgraded at the next passphrase unlock.
 */
import { afterEach, describe, expect, it } from "vitest";
import { deviceRecordFor } from "../../../../src/crypto/device.js";
import { DEVICE_META_KEY, KEYRING_META_KEY, KEYRING_TYPE, type SoulKeyring } from "../../../../src/crypto/keyring.js";
import { defaultDeriveKeyBytes } from "../../../../src/crypto/kdf-runner.js";
import { newSalt } from "../../../../src/crypto/kdf.js";
import { derivePassphraseKey, generateDataKey, generateDeviceKey, wrapDataKey } from "../../../../src/crypto/keys.js";
import { sealText } from "../../../../src/crypto/seal.js";
import { PASSPHRASE, TEST_KDF, closeAll, openSoulPhoenix, rawSoulRecords, reopenVault } from "./fixtures.js";

afterEach(closeAll);

async function keyring(db: Parameters<typeof reopenVault>[0]): Promise<SoulKeyring> {
  return (await db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
}

describe("Soul keyring: authenticated metadata", () => {
  it("writes format v2: every key's creation time is bound into its wrapping", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.soul.rotateKey();
    const ring = await keyring(db);
    expect(ring.version).toBe(2);
    for (const entry of ring.keys) expect(entry.boundAt).toBe(entry.createdAt);
  });

  it("refuses a retired key put back as the current one with INTEGRITY, and writes nothing", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.storeSoul("dad:a", "before");
    const retired = (await keyring(db)).keys[0]!;
    await vaults.soul.rotateKey();
    const ring = await keyring(db);
    const tampered: SoulKeyring = { ...ring, keys: [retired, ...ring.keys], currentKeyId: retired.keyId };
    await db.put("meta", tampered, KEYRING_META_KEY);
    const records = await rawSoulRecords(db);
    await expect(vaults.storeSoul("dad:b", "sealed under the retired key?")).rejects.toMatchObject({ code: "INTEGRITY" });
    await expect(reopenVault(db).unlock(PASSPHRASE)).rejects.toMatchObject({ code: "INTEGRITY" });
    await expect(vaults.soul.rotateKey()).rejects.toMatchObject({ code: "INTEGRITY" });
    expect(await rawSoulRecords(db)).toEqual(records);
    expect(await keyring(db)).toEqual(tampered);
  });

  it("refuses a retired key put back under a forged newer creation time with INTEGRITY", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    const retired = (await keyring(db)).keys[0]!;
    await vaults.soul.rotateKey();
    const ring = await keyring(db);
    const later = ring.keys[0]!.createdAt + 1000;
    const forged = { ...retired, createdAt: later, boundAt: later };
    await db.put("meta", { ...ring, keys: [...ring.keys, forged], currentKeyId: retired.keyId }, KEYRING_META_KEY);
    await expect(reopenVault(db).unlock(PASSPHRASE)).rejects.toMatchObject({ code: "INTEGRITY" });
  });
});

describe("Soul keyring: migration from format v1", () => {
  it("a v1 keyring (no bound times) opens, and the first passphrase unlock upgrades it and the device record", async () => {
    const { db } = await openSoulPhoenix();
    // The landed format, built with the same primitives the v1 code used.
    const kdf = { ...TEST_KDF, salt: newSalt() };
    const kek = await derivePassphraseKey(PASSPHRASE, kdf, defaultDeriveKeyBytes);
    const dataKey = await generateDataKey();
    const entry = await wrapDataKey(dataKey, kek, "k1", "passphrase");
    const v1: SoulKeyring = {
      type: KEYRING_TYPE,
      version: 1,
      kdf,
      currentKeyId: "k1",
      keys: [{ ...entry, createdAt: 1_700_000_000_000 }],
      revision: 3,
      updatedAt: 1_700_000_000_000,
    };
    await db.put("meta", v1, KEYRING_META_KEY);
    await db.put("meta", await deviceRecordFor(await generateDeviceKey(), [["k1", dataKey, undefined]]), DEVICE_META_KEY);
    const { iv, ct } = await sealText(dataKey, "from the old format", { store: "soul_kb", key: "dad:old" });
    await db.put("soul_kb", { v: 1, keyId: "k1", iv, ct, updatedAt: 1_700_000_000_000 }, "dad:old");

    const byDevice = reopenVault(db);
    expect(await byDevice.unlockWithDevice()).toBe(true);
    expect(await byDevice.recallSoul("dad:old")).toBe("from the old format");

    const soul = reopenVault(db);
    await soul.unlock(PASSPHRASE);
    const ring = await keyring(db);
    // The device unlock added the name key (revision 4), the passphrase unlock upgraded the format (5).
    expect(ring).toMatchObject({ version: 2, currentKeyId: "k1", revision: 5 });
    expect(ring.names?.keyId).toBe("k1");
    expect((await db.getAllKeys("soul_kb")).includes("dad:old")).toBe(false);
    expect(ring.keys[0]!.boundAt).toBe(1_700_000_000_000);
    expect(await soul.recallSoul("dad:old")).toBe("from the old format");
    const again = reopenVault(db);
    await again.unlock(PASSPHRASE);
    expect(await again.recallSoul("dad:old")).toBe("from the old format");
    const device = reopenVault(db);
    expect(await device.unlockWithDevice()).toBe(true);
    expect(await device.recallSoul("dad:old")).toBe("from the old format");
  });
});

/**
 * "Change the passphrase and rotate the key" as one action: afterwards the old passphrase, even with a
 * keyring copied before the change (what an old snapshot or backup holds), opens no current record.
 */
import { afterEach, describe, expect, it } from "vitest";
import { KEYRING_META_KEY, type SoulKeyring } from "../../../../src/crypto/keyring.js";
import { defaultDeriveKeyBytes } from "../../../../src/crypto/kdf-runner.js";
import { derivePassphraseKey, unwrapDataKey } from "../../../../src/crypto/keys.js";
import type { PhoenixDB } from "../../../../src/db/schema.js";
import { openSoulRecord } from "../../../../src/stores/soul/record.js";
import { OTHER_PASSPHRASE, PASSPHRASE, closeAll, openSoulPhoenix, rawSoulRecords, reopenVault } from "./fixtures.js";

afterEach(closeAll);

const entries = [
  ["dad:a", "first secret"],
  ["dad:b", "second secret"],
] as const;

/** How many current records the old passphrase opens through a keyring copied before the change. */
async function openedWithOldCopy(db: PhoenixDB, oldRing: SoulKeyring, passphrase: string): Promise<number> {
  const oldKek = await derivePassphraseKey(passphrase, oldRing.kdf, defaultDeriveKeyBytes);
  const dataKeys = new Map(
    await Promise.all(oldRing.keys.map(async (entry) => [entry.keyId, await unwrapDataKey(entry, oldKek, "passphrase")] as const)),
  );
  let opened = 0;
  for (const [key, record] of await rawSoulRecords(db)) {
    const dataKey = dataKeys.get(record.keyId);
    if (!dataKey) continue;
    await openSoulRecord(dataKey, key, record).then(
      () => (opened += 1),
      () => undefined,
    );
  }
  return opened;
}

describe("Soul Vault: change passphrase and rotate the key", () => {
  it("without rotate, the old passphrase and an old keyring copy still open every record (the documented gap)", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.soul.storeSoulMany(entries);
    const oldRing = (await db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
    expect(await vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE)).toBeUndefined();
    expect(await openedWithOldCopy(db, oldRing, PASSPHRASE)).toBe(entries.length);
  });

  it("with { rotate: true }, the old passphrase and an old keyring copy open nothing current", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.soul.storeSoulMany(entries);
    const oldRing = (await db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
    const result = await vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE, { rotate: true });
    expect(result?.reencrypted).toBe(entries.length);
    const ring = (await db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
    expect(ring.keys.map((k) => k.keyId)).toEqual([result!.keyId]);
    expect(oldRing.keys.map((k) => k.keyId)).not.toContain(result!.keyId);
    expect(await openedWithOldCopy(db, oldRing, PASSPHRASE)).toBe(0);
    // A write after the change is also out of the old copy's reach.
    await vaults.storeSoul("dad:c", "written later");
    expect(await openedWithOldCopy(db, oldRing, PASSPHRASE)).toBe(0);
    expect(await vaults.soul.recallPrefix("dad:")).toEqual([...entries, ["dad:c", "written later"]]);
    const reloaded = reopenVault(db);
    await expect(reloaded.unlock(PASSPHRASE)).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
    await reloaded.unlock(OTHER_PASSPHRASE);
    expect(await reloaded.recallPrefix("dad:")).toHaveLength(3);
  });

  it("works on a locked vault and leaves it locked; a wrong old passphrase changes and rotates nothing", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.soul.storeSoulMany(entries);
    vaults.soul.lock();
    const ring = await db.get("meta", KEYRING_META_KEY);
    const records = await rawSoulRecords(db);
    await expect(vaults.soul.changePassphrase(OTHER_PASSPHRASE, "yet another passphrase", { rotate: true })).rejects.toMatchObject({
      code: "BAD_PASSPHRASE",
    });
    expect(await db.get("meta", KEYRING_META_KEY)).toEqual(ring);
    expect(await rawSoulRecords(db)).toEqual(records);
    const result = await vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE, { rotate: true });
    expect(result?.reencrypted).toBe(entries.length);
    expect(vaults.soul.isLocked).toBe(true);
    await vaults.soul.unlock(OTHER_PASSPHRASE);
    expect(await vaults.soul.recallPrefix("dad:")).toEqual(entries);
  });
});

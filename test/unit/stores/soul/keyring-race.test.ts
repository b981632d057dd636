/**
 * Two tabs writing the keyring: every writer that uses a passphrase key held in memory must prove it
 * still opens the keyring as stored now, or refuse with SOUL_LOCKED and write nothing. Each case ends
 * with the current passphrase opening every record from a fresh connection.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEVICE_META_KEY, KEYRING_META_KEY, type SoulKeyring } from "../../../../src/crypto/keyring.js";
import { defaultDeriveKeyBytes } from "../../../../src/crypto/kdf-runner.js";
import type { DeriveKeyBytes } from "../../../../src/crypto/kdf.js";
import type { Phoenix } from "../../../../src/index.js";
import { OTHER_PASSPHRASE, PASSPHRASE, TEST_KDF, closeAll, openSecondTab, openSoulPhoenix } from "./fixtures.js";

afterEach(closeAll);

const entries = Array.from({ length: 12 }, (_, i) => [`mem:${String(i).padStart(2, "0")}`, `memory ${i}`] as const);

async function twoTabs(): Promise<{ a: Phoenix; b: Phoenix }> {
  const a = await openSoulPhoenix();
  await a.vaults.soul.setup(PASSPHRASE);
  await a.vaults.soul.storeSoulMany(entries);
  const b = await openSecondTab(a.name);
  await b.vaults.soul.unlock(PASSPHRASE);
  return { a, b };
}

async function keyring(tab: Phoenix): Promise<SoulKeyring> {
  return (await tab.db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
}

/** A fresh connection: the passphrase that should work opens every record, the other one nothing. */
async function expectOnlyThisPassphraseOpensAll(name: string, current: string, stale: string): Promise<void> {
  const fresh = await openSecondTab(name);
  await expect(fresh.vaults.soul.unlock(stale)).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
  await fresh.vaults.soul.unlock(current);
  expect(await fresh.vaults.soul.recallPrefix("mem:")).toEqual(entries);
}

describe("Soul Vault: keyring writers in two tabs", () => {
  it("change (tab B) then rotate (tab A): the rotation is refused with SOUL_LOCKED and writes nothing", async () => {
    const { a, b } = await twoTabs();
    await b.vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE);
    const ring = await keyring(a);
    await expect(a.vaults.soul.rotateKey()).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    expect(await keyring(a)).toEqual(ring);
    expect(a.vaults.soul.isLocked).toBe(true);
    await expectOnlyThisPassphraseOpensAll(a.name, OTHER_PASSPHRASE, PASSPHRASE);
    // Unlocked again with the current passphrase, the rotation works.
    await a.vaults.soul.unlock(OTHER_PASSPHRASE);
    await a.vaults.soul.rotateKey();
    await expectOnlyThisPassphraseOpensAll(a.name, OTHER_PASSPHRASE, PASSPHRASE);
  });

  it("raise the Argon2id cost (tab B's unlock) then rotate (tab A): refused, the passphrase still opens all", async () => {
    const { a } = await twoTabs();
    const stronger = await openSecondTab(a.name, { kdf: { ...TEST_KDF, memoryKiB: 128, iterations: 2 } });
    await stronger.vaults.soul.unlock(PASSPHRASE);
    const ring = await keyring(a);
    expect(ring.kdf.memoryKiB).toBe(128);
    await expect(a.vaults.soul.rotateKey()).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    expect(await keyring(a)).toEqual(ring);
    const fresh = await openSecondTab(a.name);
    await fresh.vaults.soul.unlock(PASSPHRASE);
    expect(await fresh.vaults.soul.recallPrefix("mem:")).toEqual(entries);
  });

  it("rotate (tab A) then change (tab B) then rotate (tab A): the second rotation is refused", async () => {
    const { a, b } = await twoTabs();
    await a.vaults.soul.rotateKey();
    await b.vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE);
    const ring = await keyring(a);
    await expect(a.vaults.soul.rotateKey()).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    expect(await keyring(a)).toEqual(ring);
    expect(await b.vaults.soul.recallPrefix("mem:")).toEqual(entries);
    await expectOnlyThisPassphraseOpensAll(a.name, OTHER_PASSPHRASE, PASSPHRASE);
  });

  it("a passphrase change (tab B) in the middle of a rotation (tab A): the rotation finishes, the new passphrase opens all", async () => {
    const { a, b } = await twoTabs();
    let changed = false;
    await a.vaults.soul.rotateKey({
      batchSize: 3,
      onProgress: () => {
        if (changed) return;
        changed = true;
        return void b.vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE);
      },
    }).catch(() => undefined);
    // Whether the change landed before or after the rotation's last step, nothing is lost.
    await b.vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE).catch(() => undefined);
    await expectOnlyThisPassphraseOpensAll(a.name, OTHER_PASSPHRASE, PASSPHRASE);
  });

  it("remember on this device (tab A's unlock) while tab B changes the passphrase: refused, no device record", async () => {
    const first = await openSoulPhoenix();
    await first.vaults.soul.setup(PASSPHRASE);
    await first.vaults.soul.storeSoulMany(entries);
    let interleave: (() => Promise<unknown>) | undefined = () => first.vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE);
    // Tab A's unlock derives its key; tab B changes the passphrase before A writes its device record.
    const derive: DeriveKeyBytes = async (passphrase, params) => {
      const bytes = await defaultDeriveKeyBytes(passphrase, params);
      const run = interleave;
      interleave = undefined;
      await run?.();
      return bytes;
    };
    const a = await openSecondTab(first.name, { deriveKeyBytes: derive });
    await expect(a.vaults.soul.unlock(PASSPHRASE, { rememberOnDevice: true })).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    expect(a.vaults.soul.isLocked).toBe(true);
    expect(await a.db.get("meta", DEVICE_META_KEY)).toBeUndefined();
    await expectOnlyThisPassphraseOpensAll(first.name, OTHER_PASSPHRASE, PASSPHRASE);
    await a.vaults.soul.unlock(OTHER_PASSPHRASE, { rememberOnDevice: true });
    const reloaded = await openSecondTab(first.name);
    expect(await reloaded.vaults.soul.unlockWithDevice()).toBe(true);
    expect(await reloaded.vaults.soul.recallPrefix("mem:")).toEqual(entries);
  });
});

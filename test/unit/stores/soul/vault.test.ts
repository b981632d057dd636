import { afterEach, describe, expect, it } from "vitest";
import { KEYRING_META_KEY, type SoulKeyring } from "../../../../src/crypto/keyring.js";
import { createSoulVault } from "../../../../src/stores/soul/vault.js";
import { TAG_BYTES } from "../../../../src/crypto/seal.js";
import {
  OTHER_PASSPHRASE,
  PASSPHRASE,
  closeAll,
  containsBytes,
  flipBit,
  openSoulPhoenix,
  putRawSoulRecord,
  rawSoulRecords,
  rawStoreBytes,
  reopenVault,
  TEST_KDF,
} from "./fixtures.js";

afterEach(closeAll);

describe("Soul Vault: set up, lock, unlock", () => {
  it("round-trips through the facade, with decrypted prefix scans and the soul count in cosmicEssence", async () => {
    const { vaults } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    expect(vaults.soul.isLocked).toBe(false);
    await vaults.storeSoul("dad:last_soft_memory", "I love you, Dad.");
    await vaults.storeSoul("dad:first_word", "Phoenix");
    await vaults.storeSoul("mum:recipe", "Grandma's bread");
    expect(await vaults.recallSoul("dad:last_soft_memory")).toBe("I love you, Dad.");
    expect(await vaults.recallSoul("nobody")).toBeUndefined();
    expect(await vaults.recallPrefix("soul:dad:", 10)).toEqual([
      ["dad:first_word", "Phoenix"],
      ["dad:last_soft_memory", "I love you, Dad."],
    ]);
    expect(await vaults.recallPrefix("soul:dad:", 1, { reverse: true })).toEqual([["dad:last_soft_memory", "I love you, Dad."]]);
    expect(await vaults.cosmicEssence()).toContain("Soul 3");
    expect(await vaults.forgetSoul("mum:recipe")).toBe(true);
    expect(await vaults.forgetSoul("mum:recipe")).toBe(false);
    expect(await vaults.soul.count()).toBe(2);
  });

  it("refuses reads, writes and forgets while locked, changing nothing; the count stays readable", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.storeSoul("a", "first");
    const before = await rawSoulRecords(db);
    vaults.soul.lock();
    expect(vaults.soul.isLocked).toBe(true);
    await expect(vaults.recallSoul("a")).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    await expect(vaults.storeSoul("b", "second")).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    await expect(vaults.forgetSoul("a")).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    await expect(vaults.recallPrefix("soul:", 10)).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    expect(await vaults.soul.count()).toBe(1);
    expect(await rawSoulRecords(db)).toEqual(before);
    await vaults.soul.unlock(PASSPHRASE);
    expect(await vaults.recallSoul("a")).toBe("first");
  });

  it("is BAD_PASSPHRASE for a wrong passphrase and stays locked", async () => {
    const { vaults } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    vaults.soul.lock();
    await expect(vaults.soul.unlock("wrong passphrase!")).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
    expect(vaults.soul.isLocked).toBe(true);
    await expect(vaults.soul.unlock(PASSPHRASE.toUpperCase())).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
    await vaults.soul.unlock(PASSPHRASE);
    expect(vaults.soul.isLocked).toBe(false);
  });

  it("needs setup first, refuses a second setup, and refuses weak passphrases without setting up", async () => {
    const { vaults } = await openSoulPhoenix();
    expect(await vaults.soul.isSetUp()).toBe(false);
    expect(vaults.soul.isLocked).toBe(true);
    await expect(vaults.soul.unlock(PASSPHRASE)).rejects.toMatchObject({ code: "SOUL_NOT_SET_UP" });
    await expect(vaults.storeSoul("a", "b")).rejects.toMatchObject({ code: "SOUL_NOT_SET_UP" });
    for (const weak of ["", "short", "1234567", "        "]) {
      await expect(vaults.soul.setup(weak)).rejects.toMatchObject({ code: "WEAK_PASSPHRASE" });
    }
    await expect(vaults.soul.setup(undefined as unknown as string)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(await vaults.soul.isSetUp()).toBe(false);
    await vaults.soul.setup(PASSPHRASE);
    expect(await vaults.soul.isSetUp()).toBe(true);
    await expect(vaults.soul.setup(OTHER_PASSPHRASE)).rejects.toMatchObject({ code: "SOUL_ALREADY_SET_UP" });
    vaults.soul.lock();
    await expect(vaults.soul.unlock(OTHER_PASSPHRASE)).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
  });

  it("unlocks after a reload (a new vault object over the same database) with the passphrase only", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.storeSoul("dad:note", "kept across reloads");
    const reloaded = reopenVault(db);
    expect(reloaded.isLocked).toBe(true);
    expect(await reloaded.unlockWithDevice()).toBe(false);
    await expect(reloaded.recallSoul("dad:note")).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    await reloaded.unlock(PASSPHRASE);
    expect(await reloaded.recallSoul("dad:note")).toBe("kept across reloads");
  });

  it("a lock() while an unlock is deriving wins: the unlock is refused and the vault stays locked", async () => {
    const { vaults } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    vaults.soul.lock();
    const unlocking = vaults.soul.unlock(PASSPHRASE);
    vaults.soul.lock();
    await expect(unlocking).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    expect(vaults.soul.isLocked).toBe(true);
    await vaults.soul.unlock(PASSPHRASE);
    expect(vaults.soul.isLocked).toBe(false);
  });

  it("treats differently normalised forms of the same passphrase as the same", async () => {
    const { vaults } = await openSoulPhoenix();
    await vaults.soul.setup("caf\u00e9 au lait, s'il vous pla\u00eet");
    vaults.soul.lock();
    await vaults.soul.unlock("cafe\u0301 au lait, s'il vous pla\u00eet");
    expect(vaults.soul.isLocked).toBe(false);
  });

  it("rejects bad keys and values before writing anything, and a batch is all or nothing", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await expect(vaults.storeSoul("", "x")).rejects.toMatchObject({ code: "INVALID_KEY" });
    await expect(vaults.storeSoul("k", 5 as unknown as string)).rejects.toMatchObject({ code: "INVALID_VALUE" });
    await expect(
      vaults.soul.storeSoulMany([
        ["ok", "fine"],
        ["", "bad key"],
      ]),
    ).rejects.toMatchObject({ code: "INVALID_KEY" });
    expect(await vaults.soul.count()).toBe(0);
    await vaults.soul.storeSoulMany([
      ["a", "1"],
      ["b", "2"],
    ]);
    expect((await rawSoulRecords(db)).size).toBe(2);
  });
});

describe("Soul Vault: what is on disk", () => {
  it("never holds the stored strings in the raw object stores, in any encoding", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    const secrets = ["I love you, Dad.", "the combination is 4-8-15-16-23-42", "Ünïcødé secret 🔥"];
    await vaults.storeSoul("dad:last_soft_memory", secrets[0]!);
    await vaults.soul.storeSoulMany([
      ["safe", secrets[1]!],
      ["unicode", secrets[2]!],
    ]);
    await vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE);
    await vaults.soul.rotateKey();
    const soulBytes = await rawStoreBytes(db, "soul_kb");
    const metaBytes = await rawStoreBytes(db, "meta");
    for (const secret of [...secrets, PASSPHRASE, OTHER_PASSPHRASE]) {
      for (const encoded of [new TextEncoder().encode(secret), new Uint8Array(Uint16Array.from(secret, (c) => c.charCodeAt(0)).buffer)]) {
        expect(containsBytes(soulBytes, encoded)).toBe(false);
        expect(containsBytes(metaBytes, encoded)).toBe(false);
      }
    }
    // The names are hidden too (stored under a keyed hash); the search itself works: the ids are found.
    for (const name of ["dad:last_soft_memory", "last_soft_memory", "unicode"]) {
      expect(containsBytes(soulBytes, new TextEncoder().encode(name))).toBe(false);
      expect(containsBytes(metaBytes, new TextEncoder().encode(name))).toBe(false);
    }
    expect(containsBytes(soulBytes, new TextEncoder().encode(await vaults.soul.storedId("dad:last_soft_memory")))).toBe(true);
    expect(await vaults.recallSoul("unicode")).toBe(secrets[2]);
    expect(await vaults.recallPrefix("soul:dad:", 5)).toEqual([["dad:last_soft_memory", secrets[0]]]);
  });

  it("detects a flipped bit in a stored record's IV, ciphertext or tag, naming the key", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.storeSoul("dad:note", "do not touch");
    const id = await vaults.soul.storedId("dad:note");
    const original = (await rawSoulRecords(db)).get(id)!;
    const tampered = [
      { ...original, iv: flipBit(original.iv, 3) },
      { ...original, ct: flipBit(original.ct, 0) },
      { ...original, ct: flipBit(original.ct, original.ct.length - TAG_BYTES) },
      { ...original, ct: flipBit(original.ct, original.ct.length - 1) },
    ];
    for (const record of tampered) {
      await putRawSoulRecord(db, id, record);
      await expect(vaults.recallSoul("dad:note")).rejects.toMatchObject({ code: "INTEGRITY", subject: "dad:note" });
      await expect(vaults.recallPrefix("soul:dad:", 10)).rejects.toMatchObject({ code: "INTEGRITY", subject: "dad:note" });
    }
    await putRawSoulRecord(db, id, original);
    expect(await vaults.recallSoul("dad:note")).toBe("do not touch");
  });

  it("rejects a ciphertext copied or swapped onto another key, naming that key", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.storeSoul("dad:note", "for dad");
    await vaults.storeSoul("mum:note", "for mum");
    const raw = await rawSoulRecords(db);
    const dad = raw.get(await vaults.soul.storedId("dad:note"))!;
    // The hashed id is bound into the additional data: a record moved to another id fails, and so does a
    // record put where a name not yet stored hashes to.
    await putRawSoulRecord(db, await vaults.soul.storedId("mum:note"), dad);
    await putRawSoulRecord(db, await vaults.soul.storedId("stranger"), dad);
    await expect(vaults.recallSoul("mum:note")).rejects.toMatchObject({ code: "INTEGRITY", subject: "mum:note" });
    await expect(vaults.recallSoul("stranger")).rejects.toMatchObject({ code: "INTEGRITY", subject: "stranger" });
    await expect(vaults.recallPrefix("soul:mum:", 5)).rejects.toMatchObject({ code: "INTEGRITY", subject: "mum:note" });
    expect(await vaults.recallSoul("dad:note")).toBe("for dad");
  });

  it("rejects a malformed record as INTEGRITY rather than crashing", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await db.put("soul_kb", { v: 3, keyId: "x" } as never, await vaults.soul.storedId("broken"));
    await expect(vaults.recallSoul("broken")).rejects.toMatchObject({ code: "INTEGRITY", subject: "broken" });
  });

  it("stores the Argon2id parameters and salt beside the wrapped key, and no raw key", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    const ring = (await db.get("meta", KEYRING_META_KEY)) as Record<string, unknown>;
    expect(ring).toMatchObject({ type: "phoenix-soul-keyring", version: 2, kdf: { algorithm: "argon2id", memoryKiB: 64 } });
    const { salt } = ring.kdf as { salt: Uint8Array };
    expect(salt.length).toBe(16);
    const [entry] = ring.keys as Array<{ wrapped: Uint8Array }>;
    expect(entry!.wrapped.length).toBe(32 + 16);
  });
});

describe("Soul Vault: changing the passphrase", () => {
  it("re-wraps only: the new passphrase unlocks, the old one no longer does, records are untouched", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.storeSoul("a", "value a");
    const before = await rawSoulRecords(db);
    await vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE);
    expect(await rawSoulRecords(db)).toEqual(before);
    expect(await vaults.recallSoul("a")).toBe("value a");
    vaults.soul.lock();
    await expect(vaults.soul.unlock(PASSPHRASE)).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
    await vaults.soul.unlock(OTHER_PASSPHRASE);
    expect(await vaults.recallSoul("a")).toBe("value a");
    const reloaded = reopenVault(db);
    await expect(reloaded.unlock(PASSPHRASE)).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
    await reloaded.unlock(OTHER_PASSPHRASE);
    expect(await reloaded.recallSoul("a")).toBe("value a");
  });

  it("changes nothing on a wrong old passphrase or a weak new one", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    const ring = await db.get("meta", KEYRING_META_KEY);
    await expect(vaults.soul.changePassphrase("wrong passphrase", OTHER_PASSPHRASE)).rejects.toMatchObject({
      code: "BAD_PASSPHRASE",
    });
    await expect(vaults.soul.changePassphrase(PASSPHRASE, "short")).rejects.toMatchObject({ code: "WEAK_PASSPHRASE" });
    expect(await db.get("meta", KEYRING_META_KEY)).toEqual(ring);
    vaults.soul.lock();
    await vaults.soul.unlock(PASSPHRASE);
  });
});

describe("Soul Vault: raising the Argon2id cost later", () => {
  it("re-wraps a keyring made with a lower cost at the next unlock; records are untouched", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    await vaults.storeSoul("a", "kept");
    const before = (await db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
    const records = await rawSoulRecords(db);
    const stronger = { ...TEST_KDF, memoryKiB: 128, iterations: 2 };
    const newerApp = createSoulVault(db, { kdf: stronger });
    await newerApp.unlock(PASSPHRASE);
    const after = (await db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
    expect(after.kdf).toMatchObject({ memoryKiB: 128, iterations: 2 });
    expect(Buffer.from(after.kdf.salt)).not.toEqual(Buffer.from(before.kdf.salt));
    expect(after.keys.map((k) => k.keyId)).toEqual(before.keys.map((k) => k.keyId));
    expect(await rawSoulRecords(db)).toEqual(records);
    expect(await newerApp.recallSoul("a")).toBe("kept");
    // Never lowered: the older app (lower settings) unlocks with the stored, stronger parameters.
    const olderApp = reopenVault(db);
    await olderApp.unlock(PASSPHRASE);
    expect(((await db.get("meta", KEYRING_META_KEY)) as SoulKeyring).kdf.memoryKiB).toBe(128);
    await expect(reopenVault(db).unlock(OTHER_PASSPHRASE)).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
  });
});


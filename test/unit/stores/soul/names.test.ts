/**
 * Soul record names are hidden: records live under a keyed hash of their name, the name only inside the
 * ciphertext. Prefix queries, overwrites, deletes, rotation, merge imports and other tabs all behave as
 * they did with plaintext names; records of the landed formats (v1/v2 under their plaintext name) move at
 * unlock, crash-safely.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Phoenix } from "../../../../src/index.js";
import type { PhoenixDB, SoulRecord } from "../../../../src/db/schema.js";
import { KEYRING_META_KEY, type SoulKeyring } from "../../../../src/crypto/keyring.js";
import { sealText } from "../../../../src/crypto/seal.js";
import type { SoulVault } from "../../../../src/stores/soul/vault.js";
import { PASSPHRASE, closeAll, flipBit, openSecondTab, openSoulPhoenix, rawSoulRecords, reopenVault } from "./fixtures.js";

afterEach(() => {
  vi.restoreAllMocks();
  closeAll();
});

const NAMES = ["a", "a\uffff", "a\uffff\uffff", "ab", "b", "dad:1", "dad:10", "dad:2", "dad:last_soft_memory", "mum:🐦‍🔥", "é"];

async function filled(): Promise<Phoenix> {
  const phoenix = await openSoulPhoenix();
  await phoenix.vaults.soul.setup(PASSPHRASE);
  await phoenix.vaults.soul.storeSoulMany(NAMES.map((name) => [name, `value of ${name}`]));
  return phoenix;
}

async function keyring(db: PhoenixDB): Promise<SoulKeyring> {
  return (await db.get("meta", KEYRING_META_KEY)) as SoulKeyring;
}

/**
 * Puts the vault back into the landed format: every record sealed as `v` (1 or 2) under its plaintext
 * name, and a keyring without a name key, as a vault from before this change holds them.
 */
async function toLandedFormat(phoenix: Phoenix, v: 1 | 2, updatedAt = 1_700_000_000_000): Promise<Array<[string, string]>> {
  const soul = phoenix.vaults.soul as unknown as { unlocked: { keys: Map<string, CryptoKey>; currentKeyId: string } };
  const { keys, currentKeyId } = soul.unlocked;
  const entries = await phoenix.vaults.soul.recallPrefix("");
  await phoenix.db.clear("soul_kb");
  for (const [name, value] of entries) {
    const context = v === 1 ? { store: "soul_kb", key: name } : { store: "soul_kb", key: name, updatedAt };
    const { iv, ct } = await sealText(keys.get(currentKeyId)!, value, context);
    await phoenix.db.put("soul_kb", { v, keyId: currentKeyId, iv, ct, updatedAt } satisfies SoulRecord, name);
  }
  const { names: _names, ...ring } = await keyring(phoenix.db);
  await phoenix.db.put("meta", ring, KEYRING_META_KEY);
  phoenix.vaults.soul.lock();
  return entries;
}

/** The reference order: IndexedDB's, UTF-16 code units, as JavaScript's default sort. */
function reference(prefix: string, limit: number | undefined, options: { after?: string; reverse?: boolean } = {}): string[] {
  let names = NAMES.filter((name) => name.startsWith(prefix)).sort();
  if (options.after !== undefined) names = names.filter((name) => (options.reverse ? name < options.after! : name > options.after!));
  if (options.reverse) names.reverse();
  return limit === undefined ? names : names.slice(0, limit);
}

describe("Soul names: nothing of a name on disk", () => {
  it("stores every record under a hashed id, v3, with the name sealed inside", async () => {
    const { db, vaults } = await filled();
    const stored = await rawSoulRecords(db);
    expect(stored.size).toBe(NAMES.length);
    for (const name of NAMES) {
      const id = await vaults.soul.storedId(name);
      expect(id).toMatch(/^#[A-Za-z0-9_-]{43}$/);
      expect(stored.get(id)).toMatchObject({ v: 3 });
      expect(stored.has(name)).toBe(false);
    }
    expect((await keyring(db)).names).toMatchObject({ keyId: (await keyring(db)).currentKeyId });
  });
});

describe("Soul names: queries behave as with plaintext names", () => {
  it.each([
    ["", undefined, {}],
    ["a", undefined, {}],
    ["a", 2, {}],
    ["a", undefined, { reverse: true }],
    ["dad:", 2, { reverse: true }],
    ["dad:", undefined, { after: "dad:10" }],
    ["dad:", 5, { after: "dad:2", reverse: true }],
    ["", 3, { after: "b" }],
    ["zzz", undefined, {}],
  ] as const)("recallPrefix(%j, %j, %j) returns what a scan of plaintext keys would", async (prefix, limit, options) => {
    const { vaults } = await filled();
    const names = reference(prefix, limit, options);
    expect(await vaults.recallPrefix(`soul:${prefix}`, limit, options)).toEqual(names.map((name) => [name, `value of ${name}`]));
  });

  it("a large scan (most of the vault, read in one go) and a narrow one agree with the reference order", async () => {
    const { vaults } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    const many = Array.from({ length: 150 }, (_, i) => [`m:${(i * 7919) % 150}`, `v${i}`] as [string, string]);
    await vaults.soul.storeSoulMany(many);
    const sorted = [...many].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    expect(await vaults.soul.recallPrefix("m:")).toEqual(sorted);
    expect(await vaults.soul.recallPrefix("m:", 100, { reverse: true })).toEqual(sorted.reverse().slice(0, 100));
    expect(await vaults.soul.recallPrefix("m:14")).toEqual(many.filter(([name]) => name.startsWith("m:14")).sort());
  });

  it("an overwrite keeps one record under the same id; forget deletes it; counts follow", async () => {
    const { vaults, db } = await filled();
    const id = await vaults.soul.storedId("dad:1");
    await vaults.storeSoul("dad:1", "changed");
    expect(await vaults.soul.count()).toBe(NAMES.length);
    expect(await vaults.soul.storedId("dad:1")).toBe(id);
    expect(await vaults.recallSoul("dad:1")).toBe("changed");
    expect(await vaults.forgetSoul("dad:1")).toBe(true);
    expect(await vaults.forgetSoul("dad:1")).toBe(false);
    expect((await rawSoulRecords(db)).has(id)).toBe(false);
    expect(await vaults.counts()).toMatchObject({ soul: NAMES.length - 1 });
    expect((await vaults.recallPrefix("soul:dad:")).map(([name]) => name)).toEqual(["dad:10", "dad:2", "dad:last_soft_memory"]);
  });

  it("a reload unlocks and finds every name again; lock() drops the index", async () => {
    const { vaults, db } = await filled();
    vaults.soul.lock();
    await expect(vaults.soul.storedId("a")).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    const reloaded = reopenVault(db);
    await reloaded.unlock(PASSPHRASE);
    expect((await reloaded.recallPrefix("")).map(([name]) => name)).toEqual(reference("", undefined));
  });

  it("a record moved to another name's id fails INTEGRITY naming that name", async () => {
    const { vaults, db } = await filled();
    const stored = await rawSoulRecords(db);
    await db.put("soul_kb", stored.get(await vaults.soul.storedId("a"))!, await vaults.soul.storedId("b"));
    await expect(vaults.recallSoul("b")).rejects.toMatchObject({ code: "INTEGRITY", subject: "b" });
    expect(await vaults.recallSoul("a")).toBe("value of a");
    // A fresh unlock cannot read the name out of it: a scan of the whole vault reports it by its id.
    const reloaded = reopenVault(db);
    await reloaded.unlock(PASSPHRASE);
    const { entries, failures } = await reloaded.recallPrefixSettled("");
    expect(entries.map(([name]) => name)).toEqual(reference("", undefined).filter((name) => name !== "b"));
    expect(failures).toEqual([expect.objectContaining({ key: await reloaded.storedId("b"), code: "INTEGRITY" })]);
    expect(await reloaded.recallPrefix("a")).toHaveLength(4);
  });

  it("a damaged record found by a fresh unlock is reported by scans of the whole vault only", async () => {
    const { vaults, db } = await filled();
    const id = await vaults.soul.storedId("dad:2");
    const record = (await rawSoulRecords(db)).get(id)!;
    await db.put("soul_kb", { ...record, ct: flipBit(record.ct, 2) }, id);
    const reloaded = reopenVault(db);
    await reloaded.unlock(PASSPHRASE);
    await expect(reloaded.recallPrefix("")).rejects.toMatchObject({ code: "INTEGRITY", subject: id });
    expect((await reloaded.recallPrefix("dad:")).map(([name]) => name)).toEqual(["dad:1", "dad:10", "dad:last_soft_memory"]);
  });
});

describe("Soul names: rotation", () => {
  it("keeps every stored id and the name key; the name key moves to the new data key", async () => {
    const { vaults, db } = await filled();
    const ids = [...(await rawSoulRecords(db)).keys()].sort();
    const before = await keyring(db);
    const { keyId } = await vaults.soul.rotateKey({ batchSize: 3 });
    const after = await keyring(db);
    expect([...(await rawSoulRecords(db)).keys()].sort()).toEqual(ids);
    expect(after.names).toMatchObject({ id: before.names!.id, keyId });
    expect(after.keys.map((entry) => entry.keyId)).toEqual([keyId]);
    const reloaded = reopenVault(db);
    await reloaded.unlock(PASSPHRASE);
    expect(await reloaded.storedId("dad:1")).toBe(await vaults.soul.storedId("dad:1"));
    expect(await reloaded.recallPrefix("dad:", 1)).toEqual([["dad:1", "value of dad:1"]]);
  });

  it("a passphrase change with rotation keeps names working", async () => {
    const { vaults, db } = await filled();
    await vaults.soul.changePassphrase(PASSPHRASE, "tide lantern orchard violet", { rotate: true });
    const reloaded = reopenVault(db);
    await reloaded.unlock("tide lantern orchard violet");
    expect(await reloaded.recallPrefix("mum:")).toEqual([["mum:🐦‍🔥", "value of mum:🐦‍🔥"]]);
  });
});

describe("Soul names: migration from the landed formats", () => {
  it.each([1, 2] as const)("v%i records under plaintext names move to hashed ids at unlock, values and times kept", async (v) => {
    const phoenix = await filled();
    const entries = await toLandedFormat(phoenix, v);
    const soul = reopenVault(phoenix.db);
    await soul.unlock(PASSPHRASE);
    const stored = await rawSoulRecords(phoenix.db);
    expect(stored.size).toBe(NAMES.length);
    for (const name of NAMES) expect(stored.has(name)).toBe(false);
    for (const record of stored.values()) expect(record).toMatchObject({ v: 3, updatedAt: 1_700_000_000_000 });
    expect(await soul.recallPrefix("")).toEqual(entries);
    expect((await keyring(phoenix.db)).names).toBeDefined();
  });

  it("a page killed mid-migration leaves every record readable; the next unlock finishes", async () => {
    const phoenix = await filled();
    // More than one migration batch (200 records), so the first can commit and the second die.
    await phoenix.vaults.soul.storeSoulMany(Array.from({ length: 240 }, (_, i) => [`x:${i}`, `filler ${i}`] as [string, string]));
    const entries = await toLandedFormat(phoenix, 2);
    // The migration's writes fail after its first batch (as if the page died between batches).
    const put = IDBObjectStore.prototype.put;
    let allowed = 200;
    vi.spyOn(IDBObjectStore.prototype, "put").mockImplementation(function (this: IDBObjectStore, value, key) {
      if (this.name === "soul_kb" && allowed-- <= 0) throw new DOMException("killed", "AbortError");
      return put.call(this, value, key);
    });
    const first = reopenVault(phoenix.db);
    await first.unlock(PASSPHRASE);
    vi.mocked(IDBObjectStore.prototype.put).mockRestore();
    const stored = await rawSoulRecords(phoenix.db);
    expect(stored.size).toBe(entries.length);
    expect([...stored.keys()].filter((key) => key.startsWith("#"))).toHaveLength(200);
    // Mixed formats: every query works all the same.
    expect(await first.recallPrefix("")).toEqual(entries);
    expect(await first.recallSoul("dad:2")).toBe("value of dad:2");
    const second = reopenVault(phoenix.db);
    await second.unlock(PASSPHRASE);
    const after = await rawSoulRecords(phoenix.db);
    expect(after.size).toBe(entries.length);
    expect([...after.keys()].every((key) => key.startsWith("#"))).toBe(true);
    expect(await second.recallPrefix("")).toEqual(entries);
  });

  it("an overwrite or forget before the move replaces or removes the plaintext-named record too", async () => {
    const phoenix = await filled();
    await toLandedFormat(phoenix, 2);
    vi.spyOn(IDBObjectStore.prototype, "delete").mockImplementation(() => {
      throw new DOMException("killed", "AbortError");
    });
    const soul = reopenVault(phoenix.db);
    await soul.unlock(PASSPHRASE);
    vi.mocked(IDBObjectStore.prototype.delete).mockRestore();
    expect((await rawSoulRecords(phoenix.db)).has("dad:1")).toBe(true);
    await soul.storeSoul("dad:1", "new value");
    expect(await soul.forgetSoul("dad:2")).toBe(true);
    const stored = await rawSoulRecords(phoenix.db);
    expect(stored.has("dad:1")).toBe(false);
    expect(stored.has("dad:2")).toBe(false);
    expect(await soul.recallPrefix("dad:")).toEqual([
      ["dad:1", "new value"],
      ["dad:10", "value of dad:10"],
      ["dad:last_soft_memory", "value of dad:last_soft_memory"],
    ]);
  });
});

describe("Soul names: merge imports match by decrypted name", () => {
  it("an old backup with plaintext names merges into the hashed vault: newer authenticated values win, older lose", async () => {
    const phoenix = await filled();
    // Times near the real clock: the auto-lock reads the same clock.
    const base = Date.now() + 1_000;
    const now = vi.spyOn(Date, "now").mockReturnValue(base);
    await toLandedFormat(phoenix, 2, base);
    const old = await phoenix.backups.export();
    await phoenix.vaults.soul.unlock(PASSPHRASE);
    now.mockReturnValue(base + 5_000);
    await phoenix.vaults.storeSoul("dad:1", "newer here");
    await phoenix.vaults.forgetSoul("dad:2");
    const report = await phoenix.backups.import(old, { mode: "merge", snapshot: false });
    expect(report.stores.soul_kb).toMatchObject({ added: 1, updated: 0 });
    await phoenix.vaults.soul.unlock(PASSPHRASE);
    expect(await phoenix.vaults.recallSoul("dad:1")).toBe("newer here");
    expect(await phoenix.vaults.recallSoul("dad:2")).toBe("value of dad:2");
    const stored = await rawSoulRecords(phoenix.db);
    expect(stored.size).toBe(NAMES.length);
    expect([...stored.keys()].every((key) => key.startsWith("#"))).toBe(true);
  });

  it("an authentic newer record of an old plaintext backup replaces the value here, under its hashed id", async () => {
    const phoenix = await filled();
    const base = Date.now() + 1_000;
    const now = vi.spyOn(Date, "now").mockReturnValue(base + 9_000);
    await phoenix.vaults.storeSoul("dad:1", "newer in the backup");
    await toLandedFormat(phoenix, 2, base + 9_000);
    const backup = await phoenix.backups.export();
    await phoenix.vaults.soul.unlock(PASSPHRASE);
    now.mockReturnValue(base + 1_000);
    await phoenix.vaults.storeSoul("dad:1", "written here, older than the backup's");
    const report = await phoenix.backups.import(backup, { mode: "merge", snapshot: false });
    expect(report.stores.soul_kb).toMatchObject({ updated: 1, added: 0 });
    await phoenix.vaults.soul.unlock(PASSPHRASE);
    expect(await phoenix.vaults.recallSoul("dad:1")).toBe("newer in the backup");
    expect([...(await rawSoulRecords(phoenix.db)).keys()].every((key) => key.startsWith("#"))).toBe(true);
  });

  it("a replace import of an old plaintext backup is migrated at the next unlock", async () => {
    const phoenix = await filled();
    const entries = await toLandedFormat(phoenix, 2);
    const old = await phoenix.backups.export();
    await phoenix.vaults.soul.unlock(PASSPHRASE);
    await phoenix.backups.import(old, { snapshot: false });
    expect([...(await rawSoulRecords(phoenix.db)).keys()].sort()).toEqual([...NAMES].sort());
    await phoenix.vaults.soul.unlock(PASSPHRASE);
    expect(await phoenix.vaults.soul.recallPrefix("")).toEqual(entries);
    expect([...(await rawSoulRecords(phoenix.db)).keys()].every((key) => key.startsWith("#"))).toBe(true);
  });
});

describe("Soul names: two connections", () => {
  async function twoTabs(): Promise<{ a: SoulVault; b: SoulVault; db: PhoenixDB }> {
    const phoenix = await filled();
    const other = await openSecondTab(phoenix.name);
    await other.vaults.soul.unlock(PASSPHRASE);
    return { a: phoenix.vaults.soul, b: other.vaults.soul, db: phoenix.db };
  }

  it("writes, overwrites and deletes of another tab show in this tab's prefix queries", async () => {
    const { a, b } = await twoTabs();
    expect(await a.recallPrefix("dad:", 1)).toEqual([["dad:1", "value of dad:1"]]);
    await b.storeSoul("dad:0", "from the other tab");
    await b.storeSoul("dad:1", "overwritten there");
    await b.forgetSoul("dad:10");
    expect(await a.recallPrefix("dad:")).toEqual([
      ["dad:0", "from the other tab"],
      ["dad:1", "overwritten there"],
      ["dad:2", "value of dad:2"],
      ["dad:last_soft_memory", "value of dad:last_soft_memory"],
    ]);
    expect(await a.storedId("dad:0")).toBe(await b.storedId("dad:0"));
  });

  it("two tabs unlocking a vault without a name key at once agree on one", async () => {
    const phoenix = await filled();
    const entries = await toLandedFormat(phoenix, 2);
    const a = reopenVault(phoenix.db);
    const b = reopenVault(phoenix.db);
    await Promise.all([a.unlock(PASSPHRASE), b.unlock(PASSPHRASE)]);
    expect(await a.storedId("dad:1")).toBe(await b.storedId("dad:1"));
    expect(await a.recallPrefix("")).toEqual(entries);
    expect(await b.recallPrefix("")).toEqual(entries);
    expect([...(await rawSoulRecords(phoenix.db)).keys()].every((key) => key.startsWith("#"))).toBe(true);
  });

  it("a keyring replaced in another tab (another vault's) makes this tab unlock again", async () => {
    const { a, db } = await twoTabs();
    const ring = await keyring(db);
    const stranger = await openSoulPhoenix();
    await stranger.vaults.soul.setup(PASSPHRASE);
    const names = { ...(await keyring(stranger.db)).names!, keyId: ring.currentKeyId };
    await db.put("meta", { ...ring, names, revision: ring.revision + 1 }, KEYRING_META_KEY);
    await expect(a.recallPrefix("dad:")).rejects.toMatchObject({ code: "SOUL_LOCKED" });
    expect(a.isLocked).toBe(true);
  });
});

// The one table of `meta` values: every key has its reader, reads go through the owner's guard, writes
// land under the table's key.
import { afterEach, describe, expect, it } from "vitest";
import { META_READERS, readMeta, readMetaIn, writeMeta } from "../../../src/db/meta.js";
import { META_KEYS } from "../../../src/db/meta-keys.js";
import { openPhoenixDB } from "../../../src/db/open.js";
import type { PhoenixDB } from "../../../src/db/schema.js";
import { readTx } from "../../../src/db/write.js";
import { DEFAULT_SETTINGS } from "../../../src/settings/types.js";
import { freshName } from "../../helpers/db.js";

let db: PhoenixDB | undefined;
afterEach(() => db?.close());

async function fresh(): Promise<PhoenixDB> {
  db = await openPhoenixDB(freshName("meta"));
  return db;
}

describe("the meta table", () => {
  it("has a reader for every key of META_KEYS and no other", () => {
    expect(Object.keys(META_READERS).sort()).toEqual(Object.keys(META_KEYS).sort());
  });

  it("reads a missing record as its reader says: settings as the defaults, the keyring as none", async () => {
    const db = await fresh();
    expect(await readMeta(db, "settings")).toEqual(DEFAULT_SETTINGS);
    expect(await readMeta(db, "soulKeyring")).toBeUndefined();
    expect(await readMeta(db, "vectorToken")).toBeUndefined();
  });

  it("writes under the table's key and reads it back, in a transaction of its own or inside one", async () => {
    const db = await fresh();
    await writeMeta(db, "auditHead", { seq: 3, hash: "ab".repeat(32) });
    expect(await db.get("meta", META_KEYS.auditHead)).toEqual({ seq: 3, hash: "ab".repeat(32) });
    expect(await readMeta(db, "auditHead")).toEqual({ seq: 3, hash: "ab".repeat(32) });
    expect(await readTx(db, ["meta"], ({ meta }) => readMetaIn(meta, "auditHead"))).toEqual({ seq: 3, hash: "ab".repeat(32) });
  });

  it("runs the owner's guard: a damaged keyring is INTEGRITY, a foreign token is none", async () => {
    const db = await fresh();
    await db.put("meta", { type: "something-else" }, META_KEYS.soulKeyring);
    await db.put("meta", 42, META_KEYS.vectorToken);
    await expect(readMeta(db, "soulKeyring")).rejects.toMatchObject({ code: "INTEGRITY" });
    expect(await readMeta(db, "vectorToken")).toBeUndefined();
  });
});

import { describe, expect, it, vi } from "vitest";
import { openDB } from "idb";
import { openPhoenixDB } from "../../../src/db/open.js";
import {
  ALL_STORES,
  CONTEXT_INDEX_STORE,
  DB_VERSION,
  MIGRATIONS,
  VECTOR_CHUNKS_STORE,
  COSMIC_BLOCKS_STORE,
  COSMIC_STREAMS_STORE,
  type PhoenixSchema,
} from "../../../src/db/schema.js";
import { openPhoenix } from "../../../src/index.js";
import { freshName } from "../../helpers/db.js";

describe("openPhoenixDB", () => {
  it("creates every store of the schema, the derived vector chunk and context index stores and the packed Hyperspace stores", async () => {
    const db = await openPhoenixDB(freshName("open"));
    expect([...db.objectStoreNames].sort()).toEqual([...ALL_STORES, VECTOR_CHUNKS_STORE, CONTEXT_INDEX_STORE, COSMIC_BLOCKS_STORE, COSMIC_STREAMS_STORE].sort());
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  for (let from = 1; from < DB_VERSION; from += 1) {
    it(`upgrades from version ${from} keeping its data`, async () => {
      const name = freshName(`upgrade-${from}`);
      const old = await openPhoenixDB(name, { version: from });
      await old.put("mind_vault", { value: "Paris", updatedAt: 1 }, "fact:capital_france");
      await old.put("eternal_memory", { layer: "STM", text: "hello", createdAt: 1, updatedAt: 1 }, "stm:a");
      old.close();
      const db = await openPhoenixDB(name);
      expect(db.version).toBe(DB_VERSION);
      expect(await db.get("mind_vault", "fact:capital_france")).toEqual({ value: "Paris", updatedAt: 1 });
      expect(await db.get("eternal_memory", "stm:a")).toMatchObject({ text: "hello" });
      db.close();
    });
  }

  it("has one migration per version", () => {
    expect(MIGRATIONS).toHaveLength(DB_VERSION);
  });

  it("closes and tells the page when another tab opens a newer version, so that tab does not hang", async () => {
    const name = freshName("versionchange");
    const onVersionChange = vi.fn();
    const phoenix = await openPhoenix({ name, onVersionChange });
    await phoenix.vaults.storeMind("fact:x", "kept");
    // A newer app version in another tab: must get through without waiting for us.
    const newer = await openDB<PhoenixSchema>(name, DB_VERSION + 1);
    expect(onVersionChange).toHaveBeenCalledWith("versionchange");
    expect(await newer.get("mind_vault", "fact:x")).toEqual(expect.objectContaining({ value: "kept" }));
    newer.close();
    await expect(phoenix.vaults.recallMind("fact:x")).rejects.toMatchObject({ code: "DB_CLOSED" });
  });

  it("fails with DB_BLOCKED instead of hanging when an old connection will not close", async () => {
    const name = freshName("blocked");
    const stubborn = await openDB<PhoenixSchema>(name, DB_VERSION, {
      upgrade(db, _old, _new, tx) {
        for (const migrate of MIGRATIONS) migrate(db, tx);
      },
    });
    // No versionchange handler: this connection never lets go.
    await expect(openPhoenixDB(name, { version: DB_VERSION + 1, blockedTimeoutMs: 50 })).rejects.toMatchObject({
      code: "DB_BLOCKED",
    });
    stubborn.close();
  });

  it("says DB_UNAVAILABLE where the context has no IndexedDB (some private modes, old webviews)", async () => {
    const saved = globalThis.indexedDB;
    Reflect.deleteProperty(globalThis, "indexedDB");
    try {
      await expect(openPhoenixDB(freshName("none"))).rejects.toMatchObject({ code: "DB_UNAVAILABLE" });
    } finally {
      globalThis.indexedDB = saved;
    }
  });

  it("rejects a bad name", async () => {
    await expect(openPhoenixDB("")).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

describe("storage failures", () => {
  it("maps a quota failure to QUOTA_EXCEEDED and keeps nothing of the failed batch", async () => {
    const phoenix = await openPhoenix({ name: freshName("quota") });
    const proto = (globalThis as unknown as { IDBObjectStore: { prototype: { put: (...args: unknown[]) => unknown } } })
      .IDBObjectStore.prototype;
    const realPut = proto.put;
    let calls = 0;
    proto.put = function (this: unknown, ...args: unknown[]) {
      calls += 1;
      if (calls === 3) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return realPut.apply(this, args);
    };
    try {
      const batch = Array.from({ length: 5 }, (_, i) => [{ layer: "STM", text: `t${i}` }, `stm:${i}`] as const);
      await expect(phoenix.cortex.etchMany(batch)).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    } finally {
      proto.put = realPut;
    }
    expect((await phoenix.counts()).eternal_memory).toBe(0);
    phoenix.close();
  });
});

describe("toStorageError", () => {
  it("recognises the browser's quota and closed-database errors", async () => {
    const { toStorageError } = await import("../../../src/errors.js");
    expect(toStorageError(new DOMException("full", "QuotaExceededError")).code).toBe("QUOTA_EXCEEDED");
    expect(toStorageError(new DOMException("closing", "InvalidStateError")).code).toBe("DB_CLOSED");
    expect(toStorageError(new Error("disk")).code).toBe("STORAGE_ERROR");
  });
});

/**
 * The page's cache of decrypted soul memories for search: each record opened once per seal, nothing
 * while locked, everything dropped on lock(), and a decryption that a lock() overtook kept nowhere.
 */
import { describe, expect, test } from "vitest";
import type { SoulRecord } from "../../../src/db/schema.js";
import { createSoulCache, type SoulSource } from "../../../src/context/soul-cache.js";
import { freshPhoenix } from "../../helpers/db.js";
import { TEST_KDF } from "../backup/fixtures.js";

const seal = (nonce: number): SoulRecord => ({ v: 2, keyId: "k1", iv: new Uint8Array([nonce, 1, 2]), ct: new Uint8Array([9]), updatedAt: 1 });

function fakeSoul(texts: Map<string, string>) {
  const listeners = new Set<() => void>();
  const soul = {
    isLocked: false as boolean,
    opened: [] as string[],
    beforeOpen: async (): Promise<void> => undefined,
    onLock(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async openStored(records: ReadonlyArray<readonly [string, SoulRecord]>) {
      soul.opened.push(...records.map(([id]) => id));
      await soul.beforeOpen();
      return records.map(([id]) => {
        const value = texts.get(id);
        return value === undefined ? undefined : { name: id, value };
      });
    },
    lock() {
      soul.isLocked = true;
      for (const listener of listeners) listener();
    },
  } satisfies SoulSource & Record<string, unknown>;
  return soul;
}

describe("soul cache for search", () => {
  test("opens each record once per seal, and again only when it was sealed anew", async () => {
    const texts = new Map([["a", "alpha"], ["b", "beta"]]);
    const sealed: Array<[string, SoulRecord]> = [["a", seal(1)], ["b", seal(2)]];
    const soul = fakeSoul(texts);
    const cache = createSoulCache(soul, async () => sealed.slice());
    expect(await cache.memories()).toEqual([["a", "alpha"], ["b", "beta"]]);
    expect(await cache.memories()).toEqual([["a", "alpha"], ["b", "beta"]]);
    expect(soul.opened).toEqual(["a", "b"]);
    texts.set("b", "beta two");
    sealed[1] = ["b", seal(3)];
    expect(await cache.memories()).toEqual([["a", "alpha"], ["b", "beta two"]]);
    expect(soul.opened).toEqual(["a", "b", "b"]);
  });

  test("nothing while locked; a lock() drops everything, even a decryption it overtook", async () => {
    const soul = fakeSoul(new Map([["a", "alpha"]]));
    const cache = createSoulCache(soul, async () => [["a", seal(1)]]);
    expect(await cache.memories()).toEqual([["a", "alpha"]]);
    soul.lock();
    expect(await cache.memories()).toBeUndefined();
    soul.isLocked = false;
    // Unlocked again: the text must be opened again, the cache was emptied by the lock.
    expect(await cache.memories()).toEqual([["a", "alpha"]]);
    expect(soul.opened).toEqual(["a", "a"]);
    soul.lock();
    soul.isLocked = false;
    soul.beforeOpen = async () => soul.lock();
    expect(await cache.memories()).toBeUndefined();
    soul.isLocked = false;
    soul.beforeOpen = async () => undefined;
    expect(await cache.memories()).toEqual([["a", "alpha"]]);
    expect(soul.opened).toEqual(["a", "a", "a", "a"]);
  });

  test("through the facade: a second search decrypts nothing new, and after lock() no soul hit", async () => {
    const p = await freshPhoenix({ soul: { kdf: TEST_KDF } });
    try {
      await p.vaults.soul.setup("correct horse battery staple");
      await p.vaults.storeSoul("dream:1", "I secretly dream of becoming a xylophonist.");
      expect((await p.context.search("xylophonist"))[0]).toMatchObject({ source: "soul_kb", key: "dream:1" });
      await p.vaults.storeSoul("dream:1", "I secretly dream of becoming a marimba player.");
      expect((await p.context.search("marimba"))[0]).toMatchObject({ source: "soul_kb", text: "I secretly dream of becoming a marimba player." });
      expect(await p.context.search("xylophonist")).toEqual([]);
      p.vaults.soul.lock();
      expect(await p.context.search("marimba")).toEqual([]);
    } finally {
      p.close();
    }
  });
});

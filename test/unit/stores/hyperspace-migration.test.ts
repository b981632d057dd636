/**
 * From the per-record layout (DB version 2, one record per item in hyperspace_cache) to packed blocks:
 * the same items in the same order after the upgrade, a migration stopped half way goes on without loss
 * or duplicates, and backups keep one record per item both ways (older archives import, a backup of
 * packed blocks imports into record form and is packed again).
 */
import { afterEach, describe, expect, it } from "vitest";
import { openPhoenix, type CosmicData, type Phoenix } from "../../../src/index.js";
import { openPhoenixDB } from "../../../src/db/open.js";
import { packInbox } from "../../../src/stores/hyperspace/pack.js";
import { unwrap } from "idb";
import { freshName } from "../../helpers/db.js";
import { repack, unpack } from "../backup/fixtures.js";

const opened: Phoenix[] = [];
afterEach(() => opened.splice(0).forEach((p) => p.close()));
async function openNamed(name: string): Promise<Phoenix> {
  const phoenix = await openPhoenix({ name });
  opened.push(phoenix);
  return phoenix;
}

/** Items as the landed layout wrote them, out of time order with ties, over two streams. */
function legacyItems(count: number): CosmicData[] {
  return Array.from({ length: count }, (_, i) => ({
    source: `src${i % 3}`,
    timestamp: (i * 7919) % 1_000, // a permutation with repeats: ties and late arrivals
    data: `item ${i}`,
    streamType: i % 4 === 0 ? "quantum" : "big_bang",
  }));
}

/** A v2 database filled the way the per-record code filled it. */
async function landedDatabase(items: CosmicData[]): Promise<string> {
  const name = freshName("v2");
  const db = await openPhoenixDB(name, { version: 2 });
  const tx = db.transaction("hyperspace_cache", "readwrite");
  for (const item of items) void tx.store.add(item);
  await tx.done;
  db.close();
  return name;
}

/** The per-record layout's answer: time order, ties in key (arrival) order. */
function inOrder(items: CosmicData[], stream: string): CosmicData[] {
  return items
    .map((item, key) => ({ item, key }))
    .filter(({ item }) => item.streamType === stream)
    .sort((a, b) => a.item.timestamp - b.item.timestamp || a.key - b.key)
    .map(({ item }) => item);
}

describe("Hyperspace migration from the per-record layout", () => {
  it("moves every item into blocks, same order, ties kept, stats right", async () => {
    const items = legacyItems(6_789);
    const name = await landedDatabase(items);
    const { cache, counts } = await openNamed(name);
    expect(await cache.retrieveCosmicData("big_bang")).toEqual(inOrder(items, "big_bang"));
    expect(await cache.retrieveCosmicData("quantum", { from: 100, to: 200 })).toEqual(
      inOrder(items, "quantum").filter((d) => d.timestamp >= 100 && d.timestamp <= 200),
    );
    expect(await cache.pendingRecords()).toBe(0);
    expect((await counts()).hyperspace_cache).toBe(items.length);
    const stats = await cache.getCacheStats();
    expect(stats.streams.quantum?.records).toBe(Math.ceil(items.length / 4));
  });

  it("goes on where it stopped when the page closed half way, never losing or repeating an item", async () => {
    const items = legacyItems(9_000);
    const name = await landedDatabase(items);
    const db = await openPhoenixDB(name);
    // One committed step, then the "page closes": the step callback throws and nothing more runs.
    await expect(
      packInbox(unwrap(db), () => {
        throw new Error("page closed");
      }, 2_000),
    ).rejects.toThrow("page closed");
    expect(await db.count("hyperspace_cache")).toBe(7_000);
    db.close();

    const steps: number[] = [];
    const phoenix = await openPhoenix({ name, cache: { onPack: ({ remaining }) => steps.push(remaining) } });
    opened.push(phoenix);
    expect(await phoenix.cache.retrieveCosmicData("big_bang")).toEqual(inOrder(items, "big_bang"));
    expect(await phoenix.cache.retrieveCosmicData("quantum")).toEqual(inOrder(items, "quantum"));
    expect(steps).toEqual([2_000, 0]);
    expect((await phoenix.cache.getCacheStats()).totalRecords).toBe(items.length);
  });

  it("exports one record per item, keys 1…n, and the archive imports back into the same streams", async () => {
    const items = legacyItems(3_000);
    const source = await openNamed(await landedDatabase(items));
    const file = await source.backups.export();
    const lines = new TextDecoder().decode((await unpack(file)).get("stores/hyperspace_cache.ndjson")).trim().split("\n");
    expect(lines).toHaveLength(items.length);
    expect(lines.map((line) => (JSON.parse(line) as [number, unknown])[0])).toEqual(items.map((_, i) => i + 1));

    const target = await openNamed(freshName("import"));
    await target.cache.storeCosmicBatch([{ source: "old", timestamp: 1, data: "replaced", streamType: "other" }]);
    const report = await target.backups.import(file, { mode: "replace" });
    expect(report.stores.hyperspace_cache).toMatchObject({ added: items.length, removed: 1 });
    expect(await target.cache.retrieveCosmicData("big_bang")).toEqual(inOrder(items, "big_bang"));
    expect(await target.cache.retrieveCosmicData("other")).toEqual([]);
    expect(await target.cache.pendingRecords()).toBe(0);
  });

  it("imports an archive of the per-record layout (dbVersion 2, sparse auto-increment keys) in key order", async () => {
    const source = await openNamed(freshName("src"));
    await source.cache.storeCosmicData({ source: "s", timestamp: 1, data: "x", streamType: "q" });
    const files = await unpack(await source.backups.export());
    const old = [
      [7, { source: "s", timestamp: 5, data: "second at 5", streamType: "q" }],
      [3, { source: "s", timestamp: 5, data: "first at 5", streamType: "q" }],
      [40, { source: "s", timestamp: 2, data: "earlier", streamType: "q" }],
    ].sort((a, b) => (a[0] as number) - (b[0] as number));
    const archive = repack(files, (copy, manifest) => {
      manifest.dbVersion = 2;
      copy.set("stores/hyperspace_cache.ndjson", new TextEncoder().encode(old.map((r) => `${JSON.stringify(r)}\n`).join("")));
    });
    const target = await openNamed(freshName("dst"));
    await target.backups.import(new File([archive], "old.tar.gz"), { mode: "replace" });
    expect((await target.cache.retrieveCosmicData("q")).map((d) => d.data)).toEqual(["earlier", "first at 5", "second at 5"]);
  });
});

/**
 * The packed layout through the public API: every promise of the per-record layout checked against a
 * plain reference model (sort by time, ties in arrival order) over random out-of-order batches that
 * cross block boundaries, plus stats kept per block and all-or-nothing batches.
 */
import { afterEach, describe, expect, it } from "vitest";
import { unwrap } from "idb";
import type { CosmicData, Phoenix, TimeRange } from "../../../src/index.js";
import { BLOCK_BYTES, BLOCK_CAPACITY } from "../../../src/stores/hyperspace/block.js";
import { freshPhoenix } from "../../helpers/db.js";

let phoenix: Phoenix | undefined;
afterEach(() => phoenix?.close());
async function open(): Promise<Phoenix> {
  phoenix = await freshPhoenix();
  return phoenix;
}

/** A small seeded PRNG (mulberry32) so a failure repeats. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The reference: what the per-record layout returned. */
function expected(all: CosmicData[], stream: string, range: TimeRange): CosmicData[] {
  const from = range.from ?? -Infinity;
  const to = range.to ?? Infinity;
  let items = all
    .map((item, arrival) => ({ item, arrival }))
    .filter(({ item }) => item.streamType === stream && item.timestamp >= from && item.timestamp <= to)
    .sort((a, b) => a.item.timestamp - b.item.timestamp || a.arrival - b.arrival)
    .map(({ item }) => item);
  if (range.reverse) items = items.reverse();
  return range.limit === undefined ? items : items.slice(0, range.limit);
}

async function blockCount(p: Phoenix): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = unwrap(p.db).transaction("cosmic_blocks").objectStore("cosmic_blocks").count();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

describe("Hyperspace Cache, packed blocks", () => {
  it("answers every range like the per-record layout, for random out-of-order batches with ties", async () => {
    const { cache } = await open();
    const next = random(7);
    const all: CosmicData[] = [];
    for (let batch = 0; batch < 12; batch += 1) {
      const size = 1 + Math.floor(next() * 900);
      const items = Array.from({ length: size }, (_, i): CosmicData => {
        const stream = next() < 0.8 ? "quantum" : "big_bang";
        // Mostly rising time with ties and some late arrivals reaching far back.
        const base = batch * 100 + Math.floor(next() * 120);
        const timestamp = next() < 0.1 ? Math.floor(next() * batch * 100) : base;
        return { source: `s${batch}`, timestamp, data: `b${batch}i${i}`, streamType: stream };
      });
      await cache.storeCosmicBatch(items);
      all.push(...items);
    }
    expect(await cache.retrieveCosmicData("quantum")).toEqual(expected(all, "quantum", {}));
    expect(await cache.retrieveCosmicData("big_bang")).toEqual(expected(all, "big_bang", {}));
    for (let probe = 0; probe < 60; probe += 1) {
      const a = Math.floor(next() * 1300) - 50;
      const b = a + Math.floor(next() * 400);
      const range: TimeRange = {
        from: next() < 0.85 ? a : undefined,
        to: next() < 0.85 ? b : undefined,
        limit: next() < 0.5 ? 1 + Math.floor(next() * 1500) : undefined,
        reverse: next() < 0.5,
      };
      expect(await cache.retrieveCosmicData("quantum", range), JSON.stringify(range)).toEqual(expected(all, "quantum", range));
    }
    for (const at of [0, 17, 555, 1101]) {
      expect(await cache.retrieveCosmicData("quantum", at)).toEqual(expected(all, "quantum", { from: at, to: at }));
    }
    const stats = await cache.getCacheStats();
    expect(stats.totalRecords).toBe(all.length);
    expect(stats.streams.quantum?.records).toBe(expected(all, "quantum", {}).length);
    const bytes = all.reduce((sum, d) => sum + 2 * (d.streamType.length + d.source.length + d.data.length) + 8, 0);
    expect(stats.approxBytes).toBe(bytes);
    expect(stats.streams.quantum!.blocks + stats.streams.big_bang!.blocks).toBe(await blockCount(phoenix!));
  });

  it("packs an in-order stream into full blocks, and reads a range in the middle of a long stream", async () => {
    const { cache } = await open();
    const items = Array.from({ length: 5_500 }, (_, i): CosmicData => ({ source: "probe", timestamp: 1_000 + i, data: `v${i}`, streamType: "big_bang" }));
    for (let i = 0; i < items.length; i += 1_100) await cache.storeCosmicBatch(items.slice(i, i + 1_100));
    expect(await blockCount(phoenix!)).toBe(Math.ceil(items.length / BLOCK_CAPACITY));
    const range = await cache.retrieveCosmicData("big_bang", { from: 2_500, to: 3_499 });
    expect(range).toHaveLength(1_000);
    expect(range[0]!.data).toBe("v1500");
    expect(range.at(-1)!.data).toBe("v2499");
    expect((await cache.retrieveCosmicData("big_bang", { to: 1_004, reverse: true, limit: 2 })).map((d) => d.timestamp)).toEqual([1_004, 1_003]);
  });

  it("keeps stats per block through clearStream, and a cleared stream starts afresh", async () => {
    const { cache, counts } = await open();
    await cache.storeCosmicBatch(Array.from({ length: 2_100 }, (_, i) => ({ source: "s", timestamp: i, data: "d", streamType: "a" })));
    await cache.storeCosmicBatch([{ source: "s", timestamp: 1, data: "d", streamType: "b" }]);
    expect((await counts()).hyperspace_cache).toBe(2_101);
    expect(await cache.clearStream("a")).toBe(2_100);
    expect(await cache.clearStream("a")).toBe(0);
    expect(await blockCount(phoenix!)).toBe(1);
    const stats = await cache.getCacheStats();
    expect(stats).toMatchObject({ totalRecords: 1, streams: { b: { records: 1, blocks: 1 } } });
    expect(await cache.streamTypes()).toEqual(["b"]);
  });

  it("stores all of a batch or nothing when a write fails inside the transaction", async () => {
    const { cache } = await open();
    await cache.storeCosmicBatch([{ source: "s", timestamp: 1, data: "kept", streamType: "q" }]);
    const before = { items: await cache.retrieveCosmicData("q"), stats: await cache.getCacheStats(), blocks: await blockCount(phoenix!) };
    // The disk fills at the last write of the batch, after its blocks were queued.
    const original = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore["put"]>) {
      if (this.name === "cosmic_streams") throw new DOMException("disk full", "QuotaExceededError");
      return original.apply(this, args);
    };
    try {
      const items = Array.from({ length: 2_500 }, (_, i) => ({ source: "s", timestamp: i, data: "new", streamType: "q" }));
      await expect(cache.storeCosmicBatch(items)).rejects.toMatchObject({ code: "QUOTA_EXCEEDED" });
    } finally {
      IDBObjectStore.prototype.put = original;
    }
    expect(await cache.retrieveCosmicData("q")).toEqual(before.items);
    expect(await cache.getCacheStats()).toEqual(before.stats);
    expect(await blockCount(phoenix!)).toBe(before.blocks);
  });

  it("counts items per time slice for charts, and sizes stores for the Overview", async () => {
    const p = await open();
    await p.cache.storeCosmicBatch(Array.from({ length: 2_400 }, (_, i) => ({ source: "s", timestamp: 100 + (i % 1_200), data: "d", streamType: "q" })));
    const whole = await p.cache.timeline("q", { buckets: 12 });
    expect(whole).toMatchObject({ from: 100, to: 1_299, total: 2_400 });
    expect(whole.counts.reduce((a, b) => a + b, 0)).toBe(2_400);
    expect(whole.counts[0]).toBe(200);
    const part = await p.cache.timeline("q", { from: 200, to: 300, buckets: 4 });
    expect(part).toMatchObject({ total: 202, counts: [50, 50, 50, 52], bucketWidth: 25 });
    expect((await p.cache.timeline("none")).total).toBe(0);
    await expect(p.cache.timeline("q", { buckets: 0 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(p.cache.timeline("q", { from: 5, to: 1 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await p.vaults.storeMind("fact:a", "x".repeat(100));
    const sizes = await p.storeSizes();
    expect(sizes.hyperspace_cache).toEqual({ records: 2_400, approxBytes: (await p.cache.getCacheStats()).approxBytes });
    expect(sizes.mind_vault.records).toBe(1);
    expect(sizes.mind_vault.approxBytes).toBeGreaterThan(200);
    expect(sizes.body_vault).toEqual({ records: 0, approxBytes: 0 });
  });

  it("cuts blocks of long items below Chromium's 64 KiB blob threshold, wide characters counted twice", async () => {
    const p = await open();
    const long = Array.from({ length: 1_200 }, (_, i): CosmicData => ({ source: "s", timestamp: i, data: `${i} ${"x".repeat(300)}`, streamType: "latin" }));
    const wide = Array.from({ length: 600 }, (_, i): CosmicData => ({ source: "s", timestamp: i, data: `${i} ${"ж".repeat(300)}`, streamType: "wide" }));
    await p.cache.storeCosmicBatch(long);
    await p.cache.storeCosmicBatch(wide.slice(0, 300));
    await p.cache.storeCosmicBatch(wide.slice(300));
    const values = await new Promise<Array<{ n: number; text: string }>>((resolve, reject) => {
      const req = unwrap(p.db).transaction("cosmic_blocks").objectStore("cosmic_blocks").getAll();
      req.onsuccess = () => resolve(req.result as Array<{ n: number; text: string }>);
      req.onerror = () => reject(req.error);
    });
    for (const block of values) {
      const bytes = block.text.length * (/[^\u0000-\u00ff]/.test(block.text) ? 2 : 1) + 32 * block.n;
      expect(bytes).toBeLessThanOrEqual(BLOCK_BYTES);
    }
    expect(values.length).toBeGreaterThanOrEqual(Math.ceil((1_200 * 336) / BLOCK_BYTES) + Math.ceil((600 * 640) / BLOCK_BYTES));
    expect(await p.cache.retrieveCosmicData("latin")).toEqual(long);
    expect(await p.cache.retrieveCosmicData("wide", { from: 100, to: 499 })).toEqual(wide.slice(100, 500));
  });
});

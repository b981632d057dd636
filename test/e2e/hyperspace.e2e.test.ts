/**
 * The packed Hyperspace layout in real Chromium, through window.phoenix: the API's promises over blocks,
 * retention, and the migration from the landed per-record layout (DB version 2) with a reload half way.
 */
import { beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { callPhoenix, pageErrors, reloadApp, useFreshApp } from "./helpers/browser.js";

const LEGACY_ITEMS = 30_000;

describe("Hyperspace Cache in packed blocks", () => {
  const app = useFreshApp({ failOnPageErrors: false });
  let page: Page;

  beforeAll(async () => {
    page = app.page();
  });

  test("keeps every promise: ties in arrival order, inclusive ranges, exact match, stats, clearStream", async () => {
    const result = await callPhoenix(
      page,
      async (phoenix) => {
        const { cache } = phoenix;
        const items = Array.from({ length: 4_500 }, (_, i) => ({
          source: "sensor",
          // Rising time in pairs (ties), with every 50th item arriving late.
          timestamp: i % 50 === 49 ? i % 7 : 1_000 + Math.floor(i / 2),
          data: `reading ${i}`,
          streamType: "quantum",
        }));
        await cache.storeCosmicBatch(items.slice(0, 3_000));
        await cache.storeCosmicBatch(items.slice(3_000));
        const all = await cache.retrieveCosmicData("quantum");
        const ordered = items
          .map((item, arrival) => ({ item, arrival }))
          .sort((a, b) => a.item.timestamp - b.item.timestamp || a.arrival - b.arrival)
          .map(({ item }) => item.data);
        const range = await cache.retrieveCosmicData("quantum", { from: 1_500, to: 1_999 });
        const newest = await cache.retrieveCosmicData("quantum", { from: 1_500, limit: 3, reverse: true });
        const exact = await cache.retrieveCosmicData("quantum", 1_200);
        const blocks = await new Promise<number>((resolve, reject) => {
          const req = indexedDB.open(phoenix.name);
          req.onsuccess = () => {
            const count = req.result.transaction("cosmic_blocks").objectStore("cosmic_blocks").count();
            count.onsuccess = () => {
              resolve(count.result);
              req.result.close();
            };
          };
          req.onerror = () => reject(req.error);
        });
        const stats = await cache.getCacheStats();
        const cleared = await cache.clearStream("quantum");
        return {
          inOrder: all.map((d) => d.data).join() === ordered.join(),
          count: all.length,
          rangeEnds: [range[0]?.timestamp, range.at(-1)?.timestamp, range.length],
          newest: newest.map((d) => d.timestamp),
          exact: exact.map((d) => d.data),
          blocks,
          stats: stats.streams.quantum,
          cleared,
          after: await cache.retrieveCosmicData("quantum"),
        };
      },
      undefined,
    );
    expect(result.inOrder).toBe(true);
    expect(result.count).toBe(4_500);
    // 1,500…1,999 holds two items per timestamp except where an item arrived late instead.
    expect(result.rangeEnds.slice(0, 2)).toEqual([1_500, 1_999]);
    expect(result.newest).toEqual([3_249, 3_248, 3_248]);
    expect(result.exact).toEqual(["reading 400", "reading 401"]);
    expect(result.blocks).toBeLessThanOrEqual(10);
    expect(result.stats).toMatchObject({ records: 4_500, blocks: result.blocks });
    expect(result.cleared).toBe(4_500);
    expect(result.after).toEqual([]);
  });

  test("retention: settings survive a reload; the sweep keeps the newest maxItems", async () => {
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.cache.storeCosmicBatch(Array.from({ length: 2_500 }, (_, i) => ({ source: "s", timestamp: i, data: `${i}`, streamType: "big_bang" })));
        await phoenix.cache.setRetention("big_bang", { maxItems: 1_000 });
      },
      undefined,
    );
    await reloadApp(page);
    const result = await callPhoenix(
      page,
      async (phoenix) => {
        const policy = await phoenix.cache.getRetention("big_bang");
        const report = await phoenix.cache.sweepRetention();
        const left = await phoenix.cache.retrieveCosmicData("big_bang");
        return { policy, report, first: left[0]?.timestamp, count: left.length };
      },
      undefined,
    );
    expect(result.policy).toEqual({ maxItems: 1_000 });
    // The app's own sweep at start may have run first; either way 1,000 items are left.
    expect(result.count).toBe(1_000);
    expect(result.first).toBe(1_500);
  });

  test("migrates a per-record (v2) database, going on after a reload half way through", { timeout: 600_000 }, async () => {
    // The landed layout, made raw in the page: v1 + v2 stores, one record per item.
    await page.evaluate(async (count) => {
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.open("legacy", 2);
        req.onupgradeneeded = () => {
          const db = req.result;
          for (const store of ["meta", "eternal_memory", "mind_vault", "body_vault", "soul_kb", "vector_kb", "vector_chunks"]) db.createObjectStore(store);
          db.createObjectStore("hyperspace_cache", { autoIncrement: true }).createIndex("by_stream_time", ["streamType", "timestamp"]);
        };
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction("hyperspace_cache", "readwrite");
          const store = tx.objectStore("hyperspace_cache");
          for (let i = 0; i < count; i += 1) {
            store.add({ source: "probe", timestamp: 1_700_000_000 + (i % 1_000) * 100 + Math.floor(i / 1_000), data: `item ${i}`, streamType: i % 2 ? "quantum" : "big_bang" });
          }
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      });
    }, LEGACY_ITEMS);
    // Open it with the app's code and reload as soon as the first packing step has committed.
    await page.evaluate(async () => {
      const w = window as unknown as { openPhoenix: (o: object) => Promise<unknown>; firstStep?: Promise<number> };
      w.firstStep = new Promise<number>((resolve) => {
        void w.openPhoenix({ name: "legacy", cache: { onPack: ({ remaining }: { remaining: number }) => resolve(remaining) } });
      });
      return w.firstStep;
    });
    await reloadApp(page);
    const resumed = await page.evaluate(async () => {
      const count = await new Promise<number>((resolve, reject) => {
        const req = indexedDB.open("legacy");
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const c = req.result.transaction("hyperspace_cache").objectStore("hyperspace_cache").count();
          c.onsuccess = () => {
            req.result.close();
            resolve(c.result);
          };
        };
      });
      const w = window as unknown as { openPhoenix: (o: object) => Promise<import("../../src/index.js").Phoenix> };
      const phoenix = await w.openPhoenix({ name: "legacy" });
      const streams = await Promise.all(["big_bang", "quantum"].map((s) => phoenix.cache.retrieveCosmicData(s)));
      const sortedOk = streams.every((items) => items.every((d, i) => i === 0 || items[i - 1]!.timestamp <= d.timestamp));
      const datas = new Set(streams.flat().map((d) => d.data));
      const range = await phoenix.cache.retrieveCosmicData("big_bang", { from: 1_700_000_000 + 500 * 100, to: 1_700_000_000 + 500 * 100 + 99 });
      const stats = await phoenix.cache.getCacheStats();
      const pending = await phoenix.cache.pendingRecords();
      phoenix.close();
      return { leftAtReload: count, total: streams[0]!.length + streams[1]!.length, distinct: datas.size, sortedOk, range: range.length, stats: stats.totalRecords, pending };
    });
    // The reload came after the first step and before the last.
    expect(resumed.leftAtReload).toBeGreaterThan(0);
    expect(resumed.leftAtReload).toBeLessThan(LEGACY_ITEMS);
    expect(resumed).toMatchObject({ total: LEGACY_ITEMS, distinct: LEGACY_ITEMS, sortedOk: true, range: LEGACY_ITEMS / 1_000, stats: LEGACY_ITEMS, pending: 0 });
    expect(pageErrors(page)).toEqual([]);
  });
});

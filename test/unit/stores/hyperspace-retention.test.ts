/** Retention per stream: settings in meta, the sweep by age and by count, whole blocks first, stats kept. */
import { afterEach, describe, expect, it } from "vitest";
import { unwrap } from "idb";
import { openPhoenix, type CosmicData, type Phoenix } from "../../../src/index.js";
import { freshName } from "../../helpers/db.js";

const opened: Phoenix[] = [];
afterEach(() => opened.splice(0).forEach((p) => p.close()));

const NOW_MS = 1_704_067_200_000;
let now = NOW_MS;
async function open(name = freshName("retention")): Promise<Phoenix> {
  const phoenix = await openPhoenix({ name, cache: { clock: () => now } });
  opened.push(phoenix);
  return phoenix;
}

/** One item per second for `count` seconds ending at `endSeconds`. */
function secondly(stream: string, count: number, endSeconds: number): CosmicData[] {
  return Array.from({ length: count }, (_, i) => ({ source: "s", timestamp: endSeconds - count + 1 + i, data: `${i}`, streamType: stream }));
}

function blockKeys(p: Phoenix): Promise<IDBValidKey[]> {
  return new Promise((resolve, reject) => {
    const req = unwrap(p.db).transaction("cosmic_blocks").objectStore("cosmic_blocks").getAllKeys();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

describe("Hyperspace retention", () => {
  it("has none by default, keeps settings per stream in meta across a reopen, and {} removes them", async () => {
    const name = freshName("retention");
    const first = await open(name);
    expect(await first.cache.getRetention("quantum")).toEqual({});
    expect(await first.cache.setRetention("quantum", { maxAgeMs: 60_000, maxItems: 10 })).toEqual({ maxAgeMs: 60_000, maxItems: 10 });
    await first.cache.setRetention("big_bang", { maxItems: 5 });
    first.close();
    const again = await open(name);
    expect(await again.cache.getRetention("quantum")).toEqual({ maxAgeMs: 60_000, maxItems: 10 });
    expect(await again.cache.getRetention("big_bang")).toEqual({ maxItems: 5 });
    await again.cache.setRetention("quantum", {});
    expect(await again.cache.getRetention("quantum")).toEqual({});
    expect(await again.db.get("meta", "hyperspace:retention")).toMatchObject({ version: 1, streams: { big_bang: { maxItems: 5 } } });
  });

  it("refuses bad settings with INVALID_ARGUMENT and changes nothing", async () => {
    const { cache } = await open();
    await cache.setRetention("q", { maxItems: 3 });
    for (const bad of [{ maxAgeMs: -1 }, { maxAgeMs: Number.NaN }, { maxItems: 1.5 }, { maxItems: -2 }, { maxAge: 5 }, null, "x"]) {
      await expect(cache.setRetention("q", bad as never)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    }
    await expect(cache.setRetention("", { maxItems: 1 })).rejects.toMatchObject({ code: "INVALID_KEY" });
    expect(await cache.getRetention("q")).toEqual({ maxItems: 3 });
  });

  it("keeps the newest maxItems, dropping whole old blocks and cutting only the boundary one", async () => {
    const phoenix = await open();
    const { cache } = phoenix;
    const items = secondly("q", 3_500, NOW_MS / 1000);
    await cache.storeCosmicBatch(items);
    await cache.storeCosmicBatch(secondly("other", 10, NOW_MS / 1000));
    const before = await blockKeys(phoenix);
    await cache.setRetention("q", { maxItems: 1_200 });
    const report = await cache.sweepRetention();
    expect(report).toEqual({ removed: { q: 2_300 }, skipped: false });
    expect(await cache.retrieveCosmicData("q")).toEqual(items.slice(-1_200));
    const after = await blockKeys(phoenix);
    // Blocks of 1,000: items 0–999 and 1,000–1,999 leave whole, 2,000–2,999 is cut to its last 700,
    // 3,000–3,499 stays as it was (as does the other stream's block).
    const q = (keys: IDBValidKey[]) => keys.filter((key) => (key as unknown[])[0] === "q");
    expect(q(before)).toHaveLength(4);
    expect(q(after)).toEqual([["q", items[2_300]!.timestamp, 2_300], q(before)[3]]);
    expect(after).toContainEqual(before.find((key) => (key as unknown[])[0] === "other"));
    const stats = await cache.getCacheStats();
    expect(stats.streams.q).toMatchObject({ records: 1_200, blocks: 2 });
    expect(stats.streams.other?.records).toBe(10);
    expect((await cache.sweepRetention()).removed).toEqual({});
  });

  it("removes items older than maxAgeMs by the injected clock (timestamps are Unix seconds)", async () => {
    const { cache } = await open();
    const items = secondly("q", 2_000, NOW_MS / 1000);
    await cache.storeCosmicBatch(items);
    await cache.setRetention("q", { maxAgeMs: 600_000 });
    now = NOW_MS + 60_000;
    expect((await cache.sweepRetention()).removed).toEqual({ q: 2_000 - 541 });
    const left = await cache.retrieveCosmicData("q");
    expect(left[0]!.timestamp).toBe((NOW_MS + 60_000 - 600_000) / 1000);
    expect(left).toEqual(items.slice(-541));
    now = NOW_MS + 3_600_000;
    await cache.sweepRetention();
    expect(await cache.retrieveCosmicData("q")).toEqual([]);
    expect(await cache.streamTypes()).toEqual([]);
    now = NOW_MS;
  });

  it("sweeps in short steps while batches keep arriving: ingest is never lost or refused", async () => {
    const { cache } = await open();
    await cache.storeCosmicBatch(secondly("q", 20_000, NOW_MS / 1000));
    await cache.setRetention("q", { maxItems: 500 });
    const newer = secondly("q", 3_000, NOW_MS / 1000 + 3_000);
    const [report] = await Promise.all([cache.sweepRetention(), cache.storeCosmicBatch(newer.slice(0, 1_500)), cache.storeCosmicBatch(newer.slice(1_500))]);
    expect(report.skipped).toBe(false);
    await cache.sweepRetention();
    expect(await cache.retrieveCosmicData("q")).toEqual(newer.slice(-500));
    expect((await cache.getCacheStats()).streams.q?.records).toBe(500);
  });
});

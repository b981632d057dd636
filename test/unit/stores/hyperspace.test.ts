import { afterEach, describe, expect, it } from "vitest";
import type { CosmicData } from "../../../src/index.js";
import { closeAll, openTestPhoenix } from "../../helpers/fixtures.js";

afterEach(closeAll);
const open = () => openTestPhoenix();

const item = (streamType: string, timestamp: number, data = `${streamType}@${timestamp}`): CosmicData => ({
  source: streamType,
  timestamp,
  data,
  streamType,
});

describe("Hyperspace Cache", () => {
  it("runs the seed's use case 5", async () => {
    const { cache } = await open();
    const cosmic = { source: "big_bang", timestamp: 1704067200, data: "Initial cosmic data stream", streamType: "big_bang" };
    await cache.storeCosmicData(cosmic);
    expect(await cache.getBigBangData()).toEqual([cosmic]);
    expect(await cache.retrieveCosmicData("big_bang", 1704067200)).toEqual([cosmic]);
    expect(await cache.retrieveCosmicData("big_bang", 1)).toEqual([]);
    expect(await cache.getQuantumStream()).toEqual([]);
  });

  it("keeps two items of one stream at the same timestamp (the seed's key overwrote one)", async () => {
    const { cache } = await open();
    await cache.storeCosmicData(item("quantum", 5, "first"));
    await cache.storeCosmicData(item("quantum", 5, "second"));
    expect((await cache.retrieveCosmicData("quantum", 5)).map((d) => d.data)).toEqual(["first", "second"]);
  });

  it("returns a stream in time order whatever the arrival order, and never another stream", async () => {
    const { cache } = await open();
    await cache.storeCosmicBatch([item("quantum", 30), item("quantum", 10), item("quantu", 20), item("quantum2", 15), item("quantum", 20)]);
    expect((await cache.getQuantumStream()).map((d) => d.timestamp)).toEqual([10, 20, 30]);
  });

  it("reads time ranges inclusively, with limit and reverse", async () => {
    const { cache } = await open();
    await cache.storeCosmicBatch([-5, 0, 1.5, 10, 20, 30, 40].map((t) => item("s", t)));
    const times = async (range: Parameters<typeof cache.retrieveCosmicData>[1]) =>
      (await cache.retrieveCosmicData("s", range)).map((d) => d.timestamp);
    expect(await times({ from: 10, to: 30 })).toEqual([10, 20, 30]);
    expect(await times({ from: 0 })).toEqual([0, 1.5, 10, 20, 30, 40]);
    expect(await times({ to: 0 })).toEqual([-5, 0]);
    expect(await times({ from: 10, limit: 2 })).toEqual([10, 20]);
    expect(await times({ limit: 3, reverse: true })).toEqual([40, 30, 20]);
    expect(await times({ from: 30, to: 10 })).toEqual([]);
  });

  it("rejects NaN timestamps, missing fields and bad ranges; a bad batch item stores nothing", async () => {
    const { cache, counts } = await open();
    await expect(cache.storeCosmicData(item("s", Number.NaN))).rejects.toMatchObject({ code: "INVALID_TIMESTAMP" });
    await expect(cache.storeCosmicData(item("s", Infinity))).rejects.toMatchObject({ code: "INVALID_TIMESTAMP" });
    await expect(cache.storeCosmicData({ ...item("s", 1), streamType: "" })).rejects.toMatchObject({ code: "INVALID_KEY" });
    await expect(cache.storeCosmicData({ ...item("s", 1), data: 3 as unknown as string })).rejects.toMatchObject({
      code: "INVALID_VALUE",
    });
    await expect(cache.storeCosmicBatch([item("s", 1), item("s", Number.NaN)])).rejects.toMatchObject({
      code: "INVALID_TIMESTAMP",
      subject: "item 1",
    });
    await expect(cache.retrieveCosmicData("s", Number.NaN)).rejects.toMatchObject({ code: "INVALID_TIMESTAMP" });
    await expect(cache.retrieveCosmicData("s", { limit: 0 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    expect((await counts()).hyperspace_cache).toBe(0);
  });

  it("clears one stream only, and reports stats per stream", async () => {
    const { cache } = await open();
    await cache.storeCosmicBatch([item("big_bang", 1, "abcd"), item("quantum", 1), item("quantum", 2), item("cosmic_echo", 3)]);
    expect(await cache.streamTypes()).toEqual(["big_bang", "cosmic_echo", "quantum"]);
    const stats = await cache.getCacheStats();
    expect(stats.totalRecords).toBe(4);
    expect(stats.streams.quantum?.records).toBe(2);
    expect(stats.streams.big_bang?.approxBytes).toBe(2 * ("big_bang".length * 2 + 4) + 8);
    expect(stats.summary).toContain("4 records in 3 streams");
    expect(await cache.clearStream("quantum")).toBe(2);
    expect(await cache.getQuantumStream()).toEqual([]);
    expect(await cache.getBigBangData()).toHaveLength(1);
    expect(await cache.streamTypes()).toEqual(["big_bang", "cosmic_echo"]);
  });

  it("stores only the CosmicData fields", async () => {
    const { cache } = await open();
    await cache.storeCosmicData({ ...item("s", 1), extra: "dropped" } as CosmicData);
    expect(Object.keys((await cache.retrieveCosmicData("s"))[0]!).sort()).toEqual(["data", "source", "streamType", "timestamp"]);
  });

  it("counts past one stats page", async () => {
    const { cache } = await open();
    await cache.storeCosmicBatch(Array.from({ length: 10_003 }, (_, i) => item(i % 2 ? "odd" : "even", i, "-")));
    const stats = await cache.getCacheStats();
    expect(stats.totalRecords).toBe(10_003);
    expect(stats.streams.even?.records).toBe(5_002);
    expect(stats.streams.odd?.records).toBe(5_001);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { epmKey, layerOfKey } from "../../../src/stores/cortex.js";
import { closeAll, openTestPhoenix } from "../../helpers/fixtures.js";

afterEach(closeAll);
const open = () => openTestPhoenix();

describe("Neural Cortex Strata", () => {
  it("runs the seed's use case 1: etch an episodic memory and recall it", async () => {
    const { cortex } = await open();
    const before = Date.now();
    await cortex.etch({ layer: "EPM", text: "Dad told me about his day at work" }, "epm:dad:1704067200");
    const memory = await cortex.recall("epm:dad:1704067200");
    expect(memory).toMatchObject({ layer: "EPM", text: "Dad told me about his day at work" });
    expect(memory!.createdAt).toBeGreaterThanOrEqual(before);
    expect(memory!.updatedAt).toBe(memory!.createdAt);
  });

  it("recalls a missing key as undefined", async () => {
    const { cortex } = await open();
    expect(await cortex.recall("stm:nothing")).toBeUndefined();
  });

  it("accepts each layer's own key format and rejects the others with LAYER_MISMATCH, writing nothing", async () => {
    const { cortex, counts } = await open();
    const good = [
      [{ layer: "STM", text: "t" }, "stm:now"],
      [{ layer: "WM", text: "t" }, "wm:task"],
      [{ layer: "LTM", text: "t" }, "ltm:truth"],
      [{ layer: "EPM", text: "t" }, "epm:dad:1704067200"],
      [{ layer: "RFM", text: "t" }, "rfm:protect:dad"],
    ] as const;
    for (const [memory, key] of good) await cortex.etch(memory, key);
    const bad = [
      [{ layer: "STM", text: "t" }, "wm:task"],
      [{ layer: "LTM", text: "t" }, "ltm:"],
      [{ layer: "EPM", text: "t" }, "epm:dad"],
      [{ layer: "EPM", text: "t" }, "epm:dad:yesterday"],
      [{ layer: "EPM", text: "t" }, "epm::1704067200"],
      [{ layer: "RFM", text: "t" }, "rfm:protect"],
      [{ layer: "WM", text: "t" }, "fact:capital"],
    ] as const;
    for (const [memory, key] of bad) {
      await expect(cortex.etch(memory, key)).rejects.toMatchObject({ code: "LAYER_MISMATCH", subject: key });
    }
    expect((await counts()).eternal_memory).toBe(good.length);
  });

  it("rejects non-string, empty and oversize input before writing", async () => {
    const { cortex, counts } = await open();
    await expect(cortex.etch({ layer: "STM", text: "x" }, 42 as unknown as string)).rejects.toMatchObject({ code: "INVALID_KEY" });
    await expect(cortex.etch({ layer: "STM", text: "x" }, "")).rejects.toMatchObject({ code: "INVALID_KEY" });
    await expect(cortex.etch({ layer: "XX" as "STM", text: "x" }, "stm:a")).rejects.toMatchObject({ code: "INVALID_VALUE" });
    await expect(cortex.etch({ layer: "STM", text: 5 as unknown as string }, "stm:a")).rejects.toMatchObject({
      code: "INVALID_VALUE",
    });
    await expect(cortex.etch({ layer: "STM", text: "x".repeat(1_000_001) }, "stm:a")).rejects.toMatchObject({
      code: "VALUE_TOO_LARGE",
    });
    expect((await counts()).eternal_memory).toBe(0);
  });

  it("etchMany writes all in one transaction, or nothing when one entry is bad", async () => {
    const { cortex, counts } = await open();
    await expect(
      cortex.etchMany([
        [{ layer: "STM", text: "a" }, "stm:a"],
        [{ layer: "STM", text: "b" }, "wm:b"],
      ]),
    ).rejects.toMatchObject({ code: "LAYER_MISMATCH" });
    expect((await counts()).eternal_memory).toBe(0);
    await cortex.etchMany([
      [{ layer: "STM", text: "a" }, "stm:a"],
      [{ layer: "WM", text: "b" }, "wm:b"],
    ]);
    expect(await cortex.recall("wm:b")).toMatchObject({ layer: "WM", text: "b" });
  });

  it("keeps the creation time and moves the update time on overwrite", async () => {
    // Only Date is faked: IndexedDB's own scheduling keeps running for real.
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.UTC(2025, 0, 1, 12));
      const { cortex } = await open();
      await cortex.etch({ layer: "LTM", text: "first" }, "ltm:x");
      const first = (await cortex.recall("ltm:x"))!;
      vi.setSystemTime(Date.UTC(2025, 0, 1, 12, 0, 5));
      await cortex.etch({ layer: "LTM", text: "second" }, "ltm:x");
      const second = (await cortex.recall("ltm:x"))!;
      expect(second.text).toBe("second");
      expect(first.createdAt).toBe(Date.UTC(2025, 0, 1, 12));
      expect(second.createdAt).toBe(first.createdAt);
      expect(second.updatedAt).toBe(Date.UTC(2025, 0, 1, 12, 0, 5));
    } finally {
      vi.useRealTimers();
    }
  });

  it("returns the 8 newest episodic memories newest first (the seed's take(limit) gave the oldest)", async () => {
    const { cortex } = await open();
    const base = Date.UTC(2024, 0, 1);
    const keys = Array.from({ length: 20 }, (_, i) => epmKey("dad", base + i * 60_000));
    // Etch out of order: order must come from the keys, not from insertion.
    await cortex.etchMany([...keys].reverse().map((key, i) => [{ layer: "EPM", text: `story ${i}` }, key] as const));
    await cortex.etch({ layer: "EPM", text: "other user" }, epmKey("mom", base + 30 * 60_000));
    const last8 = await cortex.recallPrefix("epm:dad:", 8, { reverse: true });
    expect(last8.map(([key]) => key)).toEqual(keys.slice(-8).reverse());
    const first2 = await cortex.recallPrefix("epm:dad:", 2);
    expect(first2.map(([key]) => key)).toEqual(keys.slice(0, 2));
  });

  it("epmKey makes distinct keys whose string order is time order, and valid EPM keys", () => {
    const at = Date.UTC(2024, 0, 1, 0, 0, 0, 5);
    const a = epmKey("dad", at);
    const b = epmKey("dad", at);
    const c = epmKey("dad", at + 1);
    const d = epmKey("dad", new Date(Date.UTC(2030, 0, 1)));
    expect(a).toMatch(/^epm:dad:1704067200\.005\d{3}$/);
    expect(new Set([a, b, c, d]).size).toBe(4);
    expect([d, c, b, a].sort()).toEqual([a, b, c, d]);
    expect(layerOfKey(a)).toBe("EPM");
    expect(() => epmKey("da:d")).toThrow(expect.objectContaining({ code: "INVALID_KEY" }));
    expect(() => epmKey("dad", Number.NaN)).toThrow(expect.objectContaining({ code: "INVALID_TIMESTAMP" }));
  });

  it("forgets, reporting whether the memory existed", async () => {
    const { cortex } = await open();
    await cortex.etch({ layer: "WM", text: "x" }, "wm:x");
    expect(await cortex.forget("wm:x")).toBe(true);
    expect(await cortex.forget("wm:x")).toBe(false);
    expect(await cortex.recall("wm:x")).toBeUndefined();
  });

  it("summarises counts per layer in cosmicRecall", async () => {
    const { cortex } = await open();
    await cortex.etchMany([
      [{ layer: "STM", text: "a" }, "stm:a"],
      [{ layer: "STM", text: "b" }, "stm:b"],
      [{ layer: "RFM", text: "c" }, "rfm:i:c"],
    ]);
    expect(await cortex.layerCounts()).toEqual({ STM: 2, WM: 0, LTM: 0, EPM: 0, RFM: 1 });
    expect(await cortex.cosmicRecall()).toBe("Neural Cortex Strata: 3 memories — STM 2, WM 0, LTM 0, EPM 0, RFM 1");
  });
});

/**
 * The Neural Cortex Strata's lifecycle with an injected clock: expiry (at the edge, refreshed by a re-etch,
 * a clock going backwards), the sweep, recall statistics and their batching, consolidation, EPM decay,
 * and the migration from the version before the lifecycle.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openPhoenix, type Phoenix } from "../../../src/index.js";
import { openPhoenixDB } from "../../../src/db/open.js";
import { DB_VERSION } from "../../../src/db/schema.js";
import { freshName, freshPhoenix } from "../../helpers/db.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = 1_800_000_000_000;

let phoenix: Phoenix | undefined;
afterEach(() => phoenix?.close());

/** A Phoenix whose clock is `clock.now`, moved by the test. */
async function open(): Promise<{ phoenix: Phoenix; clock: { now: number } }> {
  const clock = { now: T0 };
  phoenix = await freshPhoenix({ clock: () => clock.now });
  return { phoenix, clock };
}

async function rawCount(p: Phoenix): Promise<number> {
  return p.db.count("eternal_memory");
}

describe("STM and WM expiry", () => {
  it("an STM memory is there until 1 hour after its etch and gone exactly at it, for every read", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "STM", text: "the kettle is on" }, "stm:kettle");
    await p.cortex.etch({ layer: "LTM", text: "forever" }, "ltm:truth");
    clock.now = T0 + HOUR - 1;
    expect(await p.cortex.recall("stm:kettle")).toMatchObject({ text: "the kettle is on" });
    expect((await p.cortex.layerCounts()).STM).toBe(1);
    clock.now = T0 + HOUR;
    expect(await p.cortex.recall("stm:kettle")).toBeUndefined();
    expect(await p.cortex.recallPrefix("stm:")).toEqual([]);
    expect((await p.cortex.layerCounts()).STM).toBe(0);
    expect(await p.cortex.cosmicRecall()).toContain("1 memories");
    expect(await p.cortex.cosmicRecall()).toContain("STM 0");
    // Still stored until the sweep.
    expect(await rawCount(p)).toBe(2);
    expect(await p.cortex.sweep()).toBe(1);
    expect(await rawCount(p)).toBe(1);
    expect(await p.cortex.recall("ltm:truth")).toBeDefined();
  });

  it("a WM memory lives 24 hours; LTM, EPM and RFM never expire", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "WM", text: "plan the trip" }, "wm:plan");
    await p.cortex.etch({ layer: "EPM", text: "a day" }, "epm:dad:1704067200");
    await p.cortex.etch({ layer: "RFM", text: "protect" }, "rfm:protect:dad");
    clock.now = T0 + DAY - 1;
    expect(await p.cortex.recall("wm:plan")).toBeDefined();
    clock.now = T0 + DAY;
    expect(await p.cortex.recall("wm:plan")).toBeUndefined();
    clock.now = T0 + 100 * 365 * DAY;
    expect(await p.cortex.recall("epm:dad:1704067200")).toBeDefined();
    expect(await p.cortex.recall("rfm:protect:dad")).toBeDefined();
    expect(await p.cortex.sweep()).toBe(1);
  });

  it("a re-etch refreshes the lifetime and keeps the first etch time", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "STM", text: "v1" }, "stm:x");
    clock.now = T0 + HOUR - 10;
    await p.cortex.etch({ layer: "STM", text: "v2" }, "stm:x");
    clock.now = T0 + 2 * HOUR - 11;
    expect(await p.cortex.recall("stm:x")).toMatchObject({ text: "v2", createdAt: T0, updatedAt: T0 + HOUR - 10 });
    expect(await p.cortex.sweep()).toBe(0);
    clock.now = T0 + 2 * HOUR - 10;
    expect(await p.cortex.recall("stm:x")).toBeUndefined();
  });

  it("an etch over an expired but unswept memory starts it afresh", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "STM", text: "old" }, "stm:x");
    clock.now = T0 + 5 * HOUR;
    await p.cortex.etch({ layer: "STM", text: "new" }, "stm:x");
    expect(await p.cortex.recall("stm:x")).toMatchObject({ text: "new", createdAt: T0 + 5 * HOUR });
  });

  it("a clock going backwards expires nothing, and the sweep removes nothing", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "STM", text: "now" }, "stm:x");
    clock.now = T0 - 10 * DAY;
    expect(await p.cortex.recall("stm:x")).toMatchObject({ text: "now" });
    expect(await p.cortex.sweep()).toBe(0);
    expect((await p.cortex.layerCounts()).STM).toBe(1);
    clock.now = T0 + HOUR;
    expect(await p.cortex.recall("stm:x")).toBeUndefined();
  });

  it("lifetimes come from the settings and apply at once", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "STM", text: "x" }, "stm:x");
    clock.now = T0 + 10 * 60_000;
    expect(await p.cortex.recall("stm:x")).toBeDefined();
    await p.settings.update({ retention: { stmMs: 10 * 60_000 } });
    expect(await p.cortex.recall("stm:x")).toBeUndefined();
    expect(p.cortex.isExpired({ layer: "STM", updatedAt: T0 })).toBe(true);
    expect(p.cortex.isExpired({ layer: "STM", updatedAt: T0 }, T0 + 1)).toBe(false);
  });

  it("recallPrefix fills its limit past expired memories", async () => {
    const { phoenix: p, clock } = await open();
    for (let i = 0; i < 6; i += 1) await p.cortex.etch({ layer: "STM", text: `old ${i}` }, `stm:a${i}`);
    clock.now = T0 + HOUR;
    for (let i = 0; i < 3; i += 1) await p.cortex.etch({ layer: "STM", text: `new ${i}` }, `stm:b${i}`);
    const found = await p.cortex.recallPrefix("stm:", 2);
    expect(found.map(([key]) => key)).toEqual(["stm:b0", "stm:b1"]);
    const reversed = await p.cortex.recallPrefix("stm:", 5, { reverse: true });
    expect(reversed.map(([key]) => key)).toEqual(["stm:b2", "stm:b1", "stm:b0"]);
  });

  it("the sweep works in batches and removes every expired memory", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etchMany(Array.from({ length: 250 }, (_, i) => [{ layer: "WM", text: `t${i}` }, `wm:${i}`] as const));
    await p.cortex.etch({ layer: "WM", text: "fresh" }, "wm:zz");
    clock.now = T0 + DAY;
    await p.cortex.etch({ layer: "WM", text: "fresh" }, "wm:zz");
    expect(await p.cortex.sweep({ batch: 40 })).toBe(250);
    expect(await rawCount(p)).toBe(1);
    await expect(p.cortex.sweep({ batch: 0 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("Context Engine results leave expired memories out, and a hit counts as a recall", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "STM", text: "the kettle is boiling in the kitchen" }, "stm:kettle");
    const before = await p.context.search("kettle boiling");
    expect(before.some((hit) => hit.source === "eternal_memory" && hit.key === "stm:kettle")).toBe(true);
    expect((await p.cortex.stats("stm:kettle"))!.recalls).toBe(1);
    clock.now = T0 + HOUR;
    const after = await p.context.search("kettle boiling");
    expect(after.some((hit) => hit.source === "eternal_memory" && hit.key === "stm:kettle")).toBe(false);
  });

  it("a backup leaves expired memories out", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "STM", text: "fleeting" }, "stm:gone");
    await p.cortex.etch({ layer: "LTM", text: "kept" }, "ltm:kept");
    clock.now = T0 + HOUR;
    const file = await p.backups.export();
    const summary = await p.backups.inspect(file);
    expect(summary.records.eternal_memory).toBe(1);
  });
});

describe("recall statistics", () => {
  it("counts recall and recallPrefix hits without changing updatedAt, batched to one write per key per minute", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "LTM", text: "x" }, "ltm:x");
    for (let i = 0; i < 4; i += 1) await p.cortex.recall("ltm:x");
    await p.cortex.recallPrefix("ltm:");
    // Counted at once, nothing written yet.
    expect(await p.cortex.stats("ltm:x")).toMatchObject({ recalls: 5, lastRecalledAt: T0 });
    expect((await p.db.get("eternal_memory", "ltm:x"))!.recalls).toBeUndefined();
    expect(await p.cortex.flushStats()).toBe(1);
    expect(await p.db.get("eternal_memory", "ltm:x")).toMatchObject({ recalls: 5, updatedAt: T0, lastRecalledAt: T0 });
    // Within the minute: counted, not written.
    clock.now = T0 + 30_000;
    await p.cortex.recall("ltm:x");
    expect(await p.cortex.flushStats()).toBe(0);
    expect((await p.db.get("eternal_memory", "ltm:x"))!.recalls).toBe(5);
    expect((await p.cortex.stats("ltm:x"))!.recalls).toBe(6);
    clock.now = T0 + 60_000;
    expect(await p.cortex.flushStats()).toBe(1);
    expect(await p.db.get("eternal_memory", "ltm:x")).toMatchObject({ recalls: 6, lastRecalledAt: T0 + 30_000, updatedAt: T0 });
  });

  it("search hits count through noteRecalls; stats of a missing or expired memory are undefined", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "STM", text: "x" }, "stm:x");
    p.cortex.noteRecalls(["stm:x", "stm:x"]);
    expect((await p.cortex.stats("stm:x"))!.recalls).toBe(2);
    expect(await p.cortex.stats("stm:none")).toBeUndefined();
    clock.now = T0 + HOUR;
    expect(await p.cortex.stats("stm:x")).toBeUndefined();
  });

  it("a re-etch keeps the statistics", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "WM", text: "a" }, "wm:x");
    await p.cortex.recall("wm:x");
    await p.cortex.flushStats();
    clock.now = T0 + 1000;
    await p.cortex.etch({ layer: "WM", text: "b" }, "wm:x");
    expect(await p.cortex.stats("wm:x")).toMatchObject({ recalls: 1 });
  });
});

describe("consolidation", () => {
  it("promotes STM/WM memories recalled at least minRecalls times to LTM, keeping text, first etch and statistics", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "WM", text: "the plan" }, "wm:plan");
    await p.cortex.etch({ layer: "STM", text: "seen twice" }, "stm:twice");
    await p.cortex.etch({ layer: "LTM", text: "older plan" }, "ltm:plan");
    for (let i = 0; i < 3; i += 1) await p.cortex.recall("wm:plan");
    await p.cortex.flushStats();
    for (let i = 0; i < 2; i += 1) await p.cortex.recall("stm:twice");
    clock.now = T0 + 1000;
    const result = await p.cortex.consolidate();
    expect(result).toEqual({ promoted: [{ from: "wm:plan", to: "ltm:plan~2" }] });
    expect(await p.cortex.recall("ltm:plan")).toMatchObject({ text: "older plan" });
    expect(await p.db.get("eternal_memory", "ltm:plan~2")).toMatchObject({ layer: "LTM", text: "the plan", createdAt: T0, recalls: 3 });
    expect(await p.db.get("eternal_memory", "wm:plan")).toBeUndefined();
    // Idempotent.
    expect(await p.cortex.consolidate()).toEqual({ promoted: [] });
    // Pending counts count too, and follow the memory.
    await p.cortex.recall("stm:twice");
    expect(await p.cortex.consolidate({ minRecalls: 3 })).toEqual({ promoted: [{ from: "stm:twice", to: "ltm:twice" }] });
    expect((await p.cortex.stats("ltm:twice"))!.recalls).toBe(3);
    await expect(p.cortex.consolidate({ minRecalls: 0 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("does not promote an expired memory", async () => {
    const { phoenix: p, clock } = await open();
    await p.cortex.etch({ layer: "STM", text: "x" }, "stm:x");
    for (let i = 0; i < 5; i += 1) await p.cortex.recall("stm:x");
    clock.now = T0 + HOUR;
    expect(await p.cortex.consolidate()).toEqual({ promoted: [] });
  });
});

describe("EPM decay", () => {
  it("halves the weight every epmHalfLifeDays since the episode's time; LTM and RFM weigh 1", async () => {
    const { phoenix: p, clock } = await open();
    const seconds = T0 / 1000;
    await p.cortex.etch({ layer: "EPM", text: "a day" }, `epm:dad:${seconds}`);
    await p.cortex.etch({ layer: "LTM", text: "x" }, "ltm:x");
    await p.cortex.etch({ layer: "RFM", text: "x" }, "rfm:a:b");
    expect(await p.cortex.weight(`epm:dad:${seconds}`)).toBe(1);
    clock.now = T0 + 30 * DAY;
    expect(await p.cortex.weight(`epm:dad:${seconds}`)).toBeCloseTo(0.5, 12);
    clock.now = T0 + 60 * DAY;
    expect(await p.cortex.weight(`epm:dad:${seconds}`)).toBeCloseTo(0.25, 12);
    expect((await p.cortex.stats(`epm:dad:${seconds}`))!.weight).toBeCloseTo(0.25, 12);
    await p.settings.update({ retention: { epmHalfLifeDays: 60 } });
    expect(await p.cortex.weight(`epm:dad:${seconds}`)).toBeCloseTo(0.5, 12);
    expect(await p.cortex.weight("ltm:x")).toBe(1);
    expect(await p.cortex.weight("rfm:a:b")).toBe(1);
    expect(await p.cortex.weight("ltm:none")).toBeUndefined();
    // A clock before the episode: full weight, never above 1.
    clock.now = T0 - DAY;
    expect(await p.cortex.weight(`epm:dad:${seconds}`)).toBe(1);
  });
});

describe("migration from the version before the lifecycle", () => {
  it("keeps existing memories readable, expiring and sweepable", async () => {
    const name = freshName("lifecycle-migration");
    // The version before this two steps (the cortex index, then the audit log).
    const old = await openPhoenixDB(name, { version: DB_VERSION - 2 });
    await old.put("eternal_memory", { layer: "STM", text: "old stm", createdAt: T0, updatedAt: T0 }, "stm:old");
    await old.put("eternal_memory", { layer: "LTM", text: "old ltm", createdAt: T0, updatedAt: T0 }, "ltm:old");
    await old.put("eternal_memory", { layer: "WM", text: "old wm", createdAt: T0 - DAY, updatedAt: T0 - DAY }, "wm:old");
    old.close();
    const clock = { now: T0 + 1 };
    phoenix = await openPhoenix({ name, clock: () => clock.now });
    expect(await phoenix.cortex.recall("stm:old")).toMatchObject({ text: "old stm" });
    expect(await phoenix.cortex.recall("wm:old")).toBeUndefined();
    expect(await phoenix.cortex.layerCounts()).toMatchObject({ STM: 1, WM: 0, LTM: 1 });
    expect(await phoenix.cortex.sweep()).toBe(1);
    clock.now = T0 + HOUR;
    expect(await phoenix.cortex.sweep()).toBe(1);
    expect(await phoenix.cortex.recall("ltm:old")).toMatchObject({ text: "old ltm" });
    expect(await phoenix.audit.verify()).toEqual({ ok: true, entries: 0 });
  });
});

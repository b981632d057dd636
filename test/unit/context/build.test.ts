import { afterEach, describe, expect, test, vi } from "vitest";
import type { Phoenix } from "../../../src/phoenix.js";
import { isPhoenixError } from "../../../src/errors.js";
import { knowledgeKeys } from "../../../src/context/build.js";
import { freshPhoenix } from "../../helpers/db.js";

const toClose: Phoenix[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const item of toClose.splice(0)) item.close();
});

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 10, 30);

async function seeded(): Promise<Phoenix> {
  const p = await freshPhoenix();
  toClose.push(p);
  await p.vaults.storeMind("fact:capital_france", "Paris");
  await p.vaults.storeMind("fact:capital_japan", "Tokyo");
  await p.vectorKb.addMemory("France is a country in Europe.");
  // The cortex stamps createdAt with the clock: set it, so "a day ago" and "two days ago" are what they say.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW - 2 * DAY);
  await p.cortex.etch({ layer: "EPM", text: "Baked bread with Mia." }, `epm:me:${Math.floor((NOW - 2 * DAY) / 1000)}`);
  vi.setSystemTime(NOW - DAY);
  await p.cortex.etch({ layer: "EPM", text: "Walked the dog by the river." }, `epm:me:${Math.floor((NOW - DAY) / 1000)}`);
  vi.useRealTimers();
  return p;
}

describe("knowledge queries", () => {
  test("name the Mind key the seed's recall_mind reads", () => {
    expect(knowledgeKeys("What is the capital of France?")).toContain("fact:capital_france");
    expect(knowledgeKeys("capital of Japan")).toContain("fact:capital_japan");
    expect(knowledgeKeys("what is it?")).toEqual([]);
  });
});

describe("context.build", () => {
  test("puts the Mind fact first, then hits and recent episodes, as plain text within the budget", async () => {
    const p = await seeded();
    const built = await p.context.build("What is the capital of France?", { now: NOW });
    expect(built.items[0]).toMatchObject({ source: "mind_vault", key: "fact:capital_france", text: "Paris" });
    expect(built.items.map((item) => item.text)).toEqual(expect.arrayContaining(["France is a country in Europe.", "Walked the dog by the river.", "Baked bread with Mia."]));
    expect(built.text).toMatch(/^Context for: What is the capital of France\?\n- Paris \(mind_vault fact:capital_france\)\n/);
    for (const item of built.items) expect(built.text).toContain(item.text);
    expect(built.text.length).toBeLessThanOrEqual(4000);
  });

  test("a small budget keeps the best item, cut if it must be", async () => {
    const p = await seeded();
    for (const budgetChars of [10, 40, 120]) {
      const built = await p.context.build("What is the capital of France?", { budgetChars, now: NOW });
      expect(built.text.length).toBeLessThanOrEqual(budgetChars);
      expect(built.items[0]?.key).toBe("fact:capital_france");
    }
  });

  test("recency weighs episodes (the newer of two equally relevant comes first) and layer weights apply", async () => {
    const p = await seeded();
    const texts = (built: { items: Array<{ text: string }> }) => built.items.map((item) => item.text);
    const recent = texts(await p.context.build("capital of Japan", { now: NOW }));
    expect(recent.indexOf("Walked the dog by the river.")).toBeLessThan(recent.indexOf("Baked bread with Mia."));
    const layerless = await p.context.build("capital of Japan", { now: NOW, weights: { layers: { EPM: 0 } } });
    expect(texts(layerless)[0]).toBe("Tokyo");
  });

  test("bad options are typed errors", async () => {
    const p = await seeded();
    for (const options of [{ budgetChars: 0 }, { budgetChars: 1.5 }, { now: Number.NaN }, { topK: 0 }, { weights: { recencyFloor: 2 } }, { weights: { layers: { EPM: -1 } } }]) {
      const error = await p.context.build("France", options as object).catch((e: unknown) => e);
      expect(isPhoenixError(error, "INVALID_ARGUMENT"), JSON.stringify(options)).toBe(true);
    }
    expect(isPhoenixError(await p.context.build(" ").catch((e: unknown) => e), "INVALID_ARGUMENT")).toBe(true);
  });
});

import { afterEach, describe, expect, test } from "vitest";
import type { Phoenix } from "../../../src/phoenix.js";
import { isPhoenixError } from "../../../src/errors.js";
import { freshPhoenix } from "../../helpers/db.js";

const toClose: Phoenix[] = [];
afterEach(() => {
  for (const item of toClose.splice(0)) item.close();
});

async function phoenix(): Promise<Phoenix> {
  const opened = await freshPhoenix();
  toClose.push(opened);
  return opened;
}

async function seeded(): Promise<Phoenix> {
  const p = await phoenix();
  await p.vaults.storeMind("person:Anna", "sister");
  await p.vaults.storeMind("person:Walter", "dad");
  await p.vaults.storeMind("fact:capital_france", "Paris");
  await p.vectorKb.addMemories([
    { text: "Anna moved to Lisbon last spring and rents a flat there.", metadata: { topic: "family" } },
    { text: "I am allergic to penicillin; it gave me hives.", metadata: { topic: "health" } },
    { text: "Dad takes metformin every morning for his diabetes.", metadata: { topic: "health" } },
    { text: "The boiler is making a banging noise again.", metadata: { topic: "home" } },
  ]);
  await p.cortex.etch({ layer: "EPM", text: "Video call with Anna from her new flat by the river." }, "epm:me:1795168800");
  return p;
}

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return isPhoenixError(error) ? error.code : String(error);
  }
}

describe("context.search", () => {
  test("finds memories across the Vector KB, the Mind Vault and the cortex, each with why", async () => {
    const p = await seeded();
    const hits = await p.context.search("Anna flat");
    const sources = new Set(hits.map((hit) => hit.source));
    expect(sources).toEqual(new Set(["vector_kb", "eternal_memory", "mind_vault"]));
    const vector = hits.find((hit) => hit.source === "vector_kb")!;
    expect(vector.id).toEqual(expect.any(String));
    expect(vector.metadata).toEqual({ topic: "family" });
    expect(vector.text).toBe("Anna moved to Lisbon last spring and rents a flat there.");
    const cortex = hits.find((hit) => hit.source === "eternal_memory")!;
    expect(cortex.key).toBe("epm:me:1795168800");
    for (const hit of hits) {
      expect(hit.score).toBeGreaterThanOrEqual(0);
      expect(hit.score).toBeLessThanOrEqual(1);
      expect(hit.why.length).toBeGreaterThan(0);
    }
    expect(hits.map((hit) => hit.score)).toEqual([...hits.map((hit) => hit.score)].sort((a, b) => b - a));
  });

  test("a relationship word stands for the name the Mind Vault gives it", async () => {
    const p = await seeded();
    const [first] = await p.context.search("Where does my sister live these days?");
    expect(first?.text).toMatch(/Anna/);
    expect(first?.why).toContain('"my sister" → Anna');
  });

  test("a typo is corrected to a word the memories hold, and why says so", async () => {
    const p = await seeded();
    const [first] = await p.context.search("penicilin allergy");
    expect(first?.text).toBe("I am allergic to penicillin; it gave me hives.");
    expect(first?.why).toContain("typo: penicilin → penicillin");
  });

  test("a word the memories hold is never corrected", async () => {
    const p = await seeded();
    await p.vectorKb.addMemory("The boiled eggs were perfect.");
    const hits = await p.context.search("boiled");
    expect(hits.map((hit) => hit.text)).toEqual(["The boiled eggs were perfect."]);
    expect(hits[0]!.why.join(" ")).not.toMatch(/typo/);
  });

  test("Mind and cortex writes after the first search are found by the next", async () => {
    const p = await seeded();
    expect(await p.context.search("zeppelin")).toEqual([]);
    await p.vaults.storeMind("fact:favourite_airship", "the Graf Zeppelin");
    await p.cortex.etch({ layer: "LTM", text: "Saw a zeppelin over Bristol as a child." }, "ltm:zeppelin");
    const hits = await p.context.search("zeppelin");
    expect(hits.map((hit) => hit.key).sort()).toEqual(["fact:favourite_airship", "ltm:zeppelin"]);
    await p.cortex.forget("ltm:zeppelin");
    await p.vaults.forgetMind("fact:favourite_airship");
    expect(await p.context.search("zeppelin")).toEqual([]);
  });

  test("Vector KB removals leave the index", async () => {
    const p = await seeded();
    const [hit] = await p.context.search("boiler");
    expect(hit?.source).toBe("vector_kb");
    await p.vectorKb.remove(hit!.id!);
    expect(await p.context.search("boiler")).toEqual([]);
  });

  test("sources and the Vector KB filter narrow the search", async () => {
    const p = await seeded();
    const mindOnly = await p.context.search("Anna", { sources: ["mind_vault"] });
    expect(mindOnly.map((hit) => hit.source)).toEqual(["mind_vault"]);
    const filtered = await p.context.search("Dad diabetes penicillin", { filter: { topic: "health" } });
    expect(filtered.length).toBe(2);
    for (const hit of filtered) expect(hit.metadata).toEqual({ topic: "health" });
    expect(await p.context.search("boiler", { filter: { topic: "health" } })).toEqual([]);
    // An empty filter filters nothing: every store is searched.
    expect(new Set((await p.context.search("Anna", { filter: {} })).map((hit) => hit.source)).size).toBeGreaterThan(1);
  });

  test("topK limits the hits", async () => {
    const p = await seeded();
    expect((await p.context.search("Anna", { topK: 1 })).length).toBe(1);
  });

  test("bad input is a typed error before any work", async () => {
    const p = await seeded();
    expect(await code(p.context.search(""))).toBe("INVALID_ARGUMENT");
    expect(await code(p.context.search("   \n\t"))).toBe("INVALID_ARGUMENT");
    expect(await code(p.context.search(42 as unknown as string))).toBe("INVALID_ARGUMENT");
    for (const topK of [0, -1, 1001, 1.5, Number.NaN, "3"]) {
      expect(await code(p.context.search("Anna", { topK: topK as number }))).toBe("INVALID_ARGUMENT");
    }
    expect(await code(p.context.search("Anna", { topK: 1000 }))).toBeUndefined();
    expect(await code(p.context.search("Anna", { sources: ["vector_kb", "body_vault" as "vector_kb"] }))).toBe("INVALID_ARGUMENT");
    expect(await code(p.context.search("Anna", { sources: [] }))).toBe("INVALID_ARGUMENT");
    for (const filter of ["topic", 3, null, ["a"]]) {
      expect(await code(p.context.search("Anna", { filter: filter as unknown as Record<string, string> }))).toBe("INVALID_ARGUMENT");
    }
    expect(await code(p.context.search("Anna", "fast" as unknown as object))).toBe("INVALID_ARGUMENT");
  });

  test("an aborted search rejects with ABORTED", async () => {
    const p = await seeded();
    const before = new AbortController();
    before.abort();
    expect(await code(p.context.search("Anna", { signal: before.signal }))).toBe("ABORTED");
    const during = new AbortController();
    const pending = p.context.search("Anna", { signal: during.signal });
    during.abort();
    expect(await code(pending)).toBe("ABORTED");
  });
});

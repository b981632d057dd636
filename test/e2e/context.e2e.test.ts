/**
 * The Context Engine in real Chromium against the built app: one search across the stores with
 * `why`, typo and relationship expansion, lexicon neighbours from the precached asset, the Soul
 * Vault searched only while unlocked with nothing of it left after lock(), a reload, the index
 * persisted in OPFS and loaded (or brought up to date) by the next worker, a store written behind
 * the engine's back, and build().
 */
import { beforeAll, describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { callPhoenix, pageErrors, reloadApp, useFreshApp } from "./helpers/browser.js";

describe("phoenix.context in the built app", () => {
  const app = useFreshApp({ failOnPageErrors: false });
  let page: Page;

  beforeAll(async () => {
    page = app.page();
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.vaults.storeMind("person:Anna", "sister");
        await phoenix.vaults.storeMind("person:Walter", "dad");
        await phoenix.vaults.storeMind("fact:capital_france", "Paris");
        await phoenix.vectorKb.addMemories([
          { text: "Anna moved to Lisbon last spring and rents a flat in Alfama.", metadata: { topic: "family" } },
          { text: "I am allergic to penicillin; it gave me hives as a child.", metadata: { topic: "health" } },
          { text: "Dad takes metformin every morning for his diabetes.", metadata: { topic: "health" } },
          { text: "Dad started lisinopril for his blood pressure.", metadata: { topic: "health" } },
          { text: "Dental checkup booked for Tuesday at 3pm.", metadata: { topic: "health" } },
          { text: "The boiler is making a banging noise again.", metadata: { topic: "home" } },
        ]);
        await phoenix.cortex.etch({ layer: "EPM", text: "Video call with Anna from her new flat." }, "epm:me:1763632800");
      },
      undefined,
    );
  });

  test("one search across the Vector KB, the Mind Vault and the cortex, each hit with why", async () => {
    const hits = await callPhoenix(page, (phoenix) => phoenix.context.search("Anna flat Paris"), undefined);
    expect(new Set(hits.map((hit) => hit.source))).toEqual(new Set(["vector_kb", "mind_vault", "eternal_memory"]));
    for (const hit of hits) {
      expect(hit.score).toBeGreaterThanOrEqual(0);
      expect(hit.score).toBeLessThanOrEqual(1);
      expect(hit.why.length).toBeGreaterThan(0);
    }
    expect(hits.find((hit) => hit.source === "vector_kb")).toMatchObject({ metadata: { topic: "family" }, id: expect.any(String) });
    expect(hits.find((hit) => hit.source === "mind_vault")).toMatchObject({ key: "fact:capital_france", text: "Paris" });
    expect(pageErrors(page)).toEqual([]);
  });

  test("relationship words and typos are expanded, and why says how", async () => {
    const outcome = await callPhoenix(
      page,
      async (phoenix) => ({
        sister: await phoenix.context.search("Where does my sister live these days?"),
        typo: await phoenix.context.search("penicilin allergy"),
        dad: await phoenix.context.search("What medications is my old man on?"),
      }),
      undefined,
    );
    expect(outcome.sister[0]?.text).toMatch(/Anna/);
    expect(outcome.sister[0]?.why).toContain('"my sister" → Anna');
    expect(outcome.typo[0]?.text).toMatch(/penicillin/);
    expect(outcome.typo[0]?.why).toContain("typo: penicilin → penicillin");
    const dadTexts = outcome.dad.slice(0, 3).map((hit) => hit.text);
    expect(dadTexts).toEqual(expect.arrayContaining(["Dad takes metformin every morning for his diabetes.", "Dad started lisinopril for his blood pressure."]));
    expect(outcome.dad.find((hit) => /metformin/.test(hit.text))?.why.join(" ")).toMatch(/"my old man" →/);
  });

  test("the lexicon from the app's own files finds a word the query does not use", async () => {
    const hits = await callPhoenix(page, (phoenix) => phoenix.context.search("dentist appointment", { topK: 3 }), undefined);
    expect(hits[0]?.text).toBe("Dental checkup booked for Tuesday at 3pm.");
    expect(hits[0]?.why.join(" ")).toMatch(/≈ dental/);
  });

  test("soul memories are found only while the Soul Vault is unlocked, and nothing of them stays", async () => {
    const outcome = await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.vaults.soul.setup("correct horse battery staple");
        await phoenix.vaults.storeSoul("dream:1", "I secretly dream of becoming a xylophonist.");
        const unlocked = await phoenix.context.search("xylophonist dream");
        phoenix.vaults.soul.lock();
        const locked = await phoenix.context.search("xylophonist dream");
        const lockedSoulOnly = await phoenix.context.search("xylophonist", { sources: ["soul_kb"] });
        // Every record of every store, as text: the plaintext must be nowhere.
        const db = phoenix.db;
        let found = false;
        for (const store of db.objectStoreNames) {
          for (const value of await db.getAll(store as "meta")) {
            const text = JSON.stringify(value, (_key, v: unknown) =>
              v instanceof Uint8Array ? new TextDecoder().decode(v) : v instanceof ArrayBuffer ? new TextDecoder().decode(v) : v,
            );
            if (/xylophon/i.test(text)) found = true;
          }
        }
        // And the persisted search index in the Origin Private File System, after a write that rewrote it.
        await phoenix.vaults.storeMind("fact:after_soul", "a write so the index is written again");
        await phoenix.context.search("after soul");
        await phoenix.context.info();
        type Dir = { getDirectoryHandle(name: string): Promise<Dir>; values(): AsyncIterable<{ kind: string; getFile(): Promise<Blob> }> };
        const root = (await navigator.storage.getDirectory()) as unknown as Dir;
        let indexFiles = 0;
        for await (const handle of (await root.getDirectoryHandle("phoenix-context-index")).values()) {
          if (handle.kind !== "file") continue;
          indexFiles += 1;
          if (/xylophon/i.test(await (await handle.getFile()).text())) found = true;
        }
        return { unlocked, locked, lockedSoulOnly, found, indexFiles };
      },
      undefined,
    );
    expect(outcome.unlocked[0]).toMatchObject({ source: "soul_kb", key: "dream:1", text: "I secretly dream of becoming a xylophonist." });
    expect(outcome.locked.filter((hit) => hit.source === "soul_kb")).toEqual([]);
    expect(outcome.locked.map((hit) => hit.text).join(" ")).not.toMatch(/xylophon/);
    expect(outcome.lockedSoulOnly).toEqual([]);
    expect(outcome.found).toBe(false);
    expect(outcome.indexFiles).toBeGreaterThan(0);
  });

  test("after a reload the same search answers the same", async () => {
    const before = await callPhoenix(page, (phoenix) => phoenix.context.search("boiler noise"), undefined);
    await reloadApp(page);
    const after = await callPhoenix(page, (phoenix) => phoenix.context.search("boiler noise"), undefined);
    expect(after.map((hit) => hit.text)).toEqual(before.map((hit) => hit.text));
    expect(after[0]?.text).toBe("The boiler is making a banging noise again.");
  });

  test("the index is persisted in the Origin Private File System and a reload loads it instead of tokenising", async () => {
    const before = await callPhoenix(
      page,
      async (phoenix) => ({ hits: await phoenix.context.search("boiler noise"), info: await phoenix.context.info() }),
      undefined,
    );
    expect(before.info).toMatchObject({ storage: "opfs", persisted: true });
    await reloadApp(page);
    const after = await callPhoenix(
      page,
      async (phoenix) => ({ hits: await phoenix.context.search("boiler noise"), info: await phoenix.context.info() }),
      undefined,
    );
    expect(after.hits).toEqual(before.hits);
    expect(after.info).toMatchObject({ origin: "loaded", loaded: true, rebuilt: false, tokenized: 0, storage: "opfs" });
    expect(after.info.docs).toBe(before.info.docs);
  });

  test("a write made while no worker held the index is found after a reload, the rest not tokenised again", async () => {
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.context.search("anything");
        await phoenix.context.info();
        // Written with no search after it: only the stamp tells the next worker.
        await phoenix.vaults.storeMind("fact:locker_code", "the gym locker code is 4471");
      },
      undefined,
    );
    await reloadApp(page);
    const after = await callPhoenix(
      page,
      async (phoenix) => ({ hits: await phoenix.context.search("gym locker code"), info: await phoenix.context.info() }),
      undefined,
    );
    expect(after.hits[0]).toMatchObject({ source: "mind_vault", key: "fact:locker_code" });
    expect(after.info).toMatchObject({ origin: "updated", loaded: true, rebuilt: true });
    expect(after.info.tokenized).toBeLessThan(after.info.docs);
  });

  test("a store written behind the engine's back is read again", async () => {
    const hits = await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.context.search("anything at all");
        // Straight into IndexedDB, as another writer (an import, another version of the app) would.
        await phoenix.db.put("mind_vault", { value: "the wifi password is sunflower-river", updatedAt: Date.now() }, "fact:wifi_password");
        return phoenix.context.search("wifi password");
      },
      undefined,
    );
    expect(hits[0]).toMatchObject({ source: "mind_vault", key: "fact:wifi_password" });
  });

  test("build() reads the Mind key a knowledge query names and renders within the budget", async () => {
    const built = await callPhoenix(
      page,
      async (phoenix) => ({
        full: await phoenix.context.build("What is the capital of France?"),
        small: await phoenix.context.build("What is the capital of France?", { budgetChars: 80 }),
      }),
      undefined,
    );
    expect(built.full.items[0]).toMatchObject({ source: "mind_vault", key: "fact:capital_france", text: "Paris" });
    expect(built.full.text).toContain("Paris");
    expect(built.full.text.length).toBeLessThanOrEqual(4000);
    expect(built.full.items.some((item) => item.source === "eternal_memory")).toBe(true);
    expect(built.small.text.length).toBeLessThanOrEqual(80);
    expect(built.small.text).toContain("Paris");
  });
});

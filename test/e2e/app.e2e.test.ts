/**
 * The seed's use cases 1, 2 and 5 and its "complete workflow" (minus soul and vector steps), run in
 * real Chromium against the built app through window.phoenix; then a reload must find it all again,
 * and the first page must show every store with its count.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { SEED_STORES } from "../../src/db/schema.js";
import { callPhoenix, launchBrowser, openApp, openAppInNewTab, pageErrors, reloadApp, screenshotPhone, useFreshApp } from "./helpers/browser.js";

const USER_EPM_SECONDS = Array.from({ length: 10 }, (_, i) => 1704067200 + i * 60);

/** Everything the use cases below leave behind, read back in one call. */
async function readBack(page: Page) {
  return callPhoenix(
    page,
    async (phoenix, seconds) => ({
      dadMemory: await phoenix.cortex.recall("epm:dad:1704067200"),
      france: await phoenix.vaults.recallMind("fact:capital_france"),
      facts: await phoenix.vaults.recallPrefix("mind:fact:", 10),
      bigBang: await phoenix.cache.getBigBangData(),
      atTimestamp: await phoenix.cache.retrieveCosmicData("big_bang", 1704067200),
      userMemory: await phoenix.cortex.recall("epm:user:1704067200"),
      weather: await phoenix.vaults.recallMind("fact:weather_sunny"),
      lastEight: (await phoenix.cortex.recallPrefix("epm:user:", 8, { reverse: true })).map(([key]) => key),
      expectedLastEight: seconds
        .slice(-8)
        .reverse()
        .map((s) => `epm:user:${s}`),
      counts: await phoenix.counts(),
    }),
    USER_EPM_SECONDS,
  );
}

describe("the seed's use cases in the built app", () => {
  const app = useFreshApp({ failOnPageErrors: false });
  let page: Page;

  beforeAll(async () => {
    page = app.page();
  });

  test("use case 1: etch an episodic memory and recall it", async () => {
    const memory = await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.cortex.etch({ layer: "EPM", text: "Dad told me about his day at work" }, "epm:dad:1704067200");
        return phoenix.cortex.recall("epm:dad:1704067200");
      },
      undefined,
    );
    expect(memory).toMatchObject({ layer: "EPM", text: "Dad told me about his day at work" });
    expect(await callPhoenix(page, (phoenix) => phoenix.cortex.recall("epm:dad:1"), undefined)).toBeUndefined();
  });

  test("use case 2: store facts in the Mind Vault and query them by prefix", async () => {
    const result = await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.vaults.storeMind("fact:capital_france", "Paris");
        await phoenix.vaults.storeMind("fact:capital_italy", "Rome");
        return {
          capital: await phoenix.vaults.recallMind("fact:capital_france"),
          facts: await phoenix.vaults.recallPrefix("mind:fact:", 10),
        };
      },
      undefined,
    );
    expect(result.capital).toBe("Paris");
    expect(result.facts).toEqual([
      ["fact:capital_france", "Paris"],
      ["fact:capital_italy", "Rome"],
    ]);
  });

  test("use case 5: store cosmic data and read it back whole and by timestamp", async () => {
    const cosmic = { source: "big_bang", timestamp: 1704067200, data: "Initial cosmic data stream", streamType: "big_bang" };
    const result = await callPhoenix(
      page,
      async (phoenix, item) => {
        await phoenix.cache.storeCosmicData(item);
        return {
          bigBang: await phoenix.cache.getBigBangData(),
          atTimestamp: await phoenix.cache.retrieveCosmicData("big_bang", item.timestamp),
          elsewhere: await phoenix.cache.retrieveCosmicData("big_bang", item.timestamp + 1),
        };
      },
      cosmic,
    );
    expect(result.bigBang).toEqual([cosmic]);
    expect(result.atTimestamp).toEqual([cosmic]);
    expect(result.elsewhere).toEqual([]);
  });

  test("complete workflow: memory, knowledge, and the last 8 memories newest first", async () => {
    const result = await callPhoenix(
      page,
      async (phoenix, seconds) => {
        await phoenix.cortex.etchMany(
          seconds.map((s) => [{ layer: "EPM", text: `User said something at ${s}` }, `epm:user:${s}`] as const),
        );
        await phoenix.cortex.etch({ layer: "EPM", text: "User asked about the weather" }, "epm:user:1704067200");
        await phoenix.vaults.storeMind("fact:weather_sunny", "The weather is sunny today");
        return {
          memory: await phoenix.cortex.recall("epm:user:1704067200"),
          knowledge: await phoenix.vaults.recallMind("fact:weather_sunny"),
          lastEight: (await phoenix.cortex.recallPrefix("epm:user:", 8, { reverse: true })).map(([key]) => key),
        };
      },
      USER_EPM_SECONDS,
    );
    expect(result.memory).toMatchObject({ layer: "EPM", text: "User asked about the weather" });
    expect(result.knowledge).toBe("The weather is sunny today");
    expect(result.lastEight).toEqual(
      USER_EPM_SECONDS.slice(-8)
        .reverse()
        .map((s) => `epm:user:${s}`),
    );
  });

  test("after a reload everything is still there", async () => {
    await reloadApp(page);
    const after = await readBack(page);
    expect(after.dadMemory).toMatchObject({ layer: "EPM", text: "Dad told me about his day at work" });
    expect(after.france).toBe("Paris");
    expect(after.facts).toEqual([
      ["fact:capital_france", "Paris"],
      ["fact:capital_italy", "Rome"],
      ["fact:weather_sunny", "The weather is sunny today"],
    ]);
    expect(after.bigBang).toHaveLength(1);
    expect(after.atTimestamp).toEqual(after.bigBang);
    expect(after.userMemory).toMatchObject({ text: "User asked about the weather" });
    expect(after.weather).toBe("The weather is sunny today");
    expect(after.lastEight).toEqual(after.expectedLastEight);
    expect(after.counts).toMatchObject({
      eternal_memory: 1 + USER_EPM_SECONDS.length,
      mind_vault: 3,
      body_vault: 0,
      hyperspace_cache: 1,
    });
  });

  test("the first page shows every seed store with its record count", async () => {
    const counts = await callPhoenix(page, (phoenix) => phoenix.counts(), undefined);
    const table = page.locator("table.store-counts[data-state=loaded]");
    await table.waitFor();
    for (const store of SEED_STORES) {
      const row = table.locator(`tr[data-store="${store}"]`);
      // The friendly name first, the technical one beside it.
      await expect.poll(() => row.locator("th .store-name__technical").textContent()).toBe(store);
      expect(Number(await row.locator("td").getAttribute("data-count"))).toBe(counts[store]);
    }
    expect(await table.locator("tbody tr").count()).toBe(SEED_STORES.length);
    await screenshotPhone(page, "overview");
    expect(pageErrors(page)).toEqual([]);
  });
});

describe("a newer database version opened in another tab", () => {
  let context: BrowserContext;

  afterAll(async () => {
    await context?.close();
  });

  test("closes this tab's connection and asks for a reload instead of blocking the other tab", async () => {
    context = await launchBrowser();
    const first = await openApp(context);
    const second = await openAppInNewTab(context);
    // The second tab stands in for a newer app build: it asks for the next schema version.
    const upgraded = await second.evaluate(async () => {
      window.phoenix?.close();
      const current = await new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("phoenix");
        open.onsuccess = () => {
          const version = open.result.version;
          open.result.close();
          resolve(version);
        };
        open.onerror = () => reject(open.error);
      });
      // A connection still being opened when the request arrives (a search worker starting) can fire a
      // brief "blocked" before it sees versionchange and closes; what must not happen is that it stays blocked.
      return new Promise<number>((resolve, reject) => {
        const open = indexedDB.open("phoenix", current + 1);
        let stuck: ReturnType<typeof setTimeout> | undefined;
        open.onsuccess = () => {
          clearTimeout(stuck);
          const version = open.result.version;
          open.result.close();
          resolve(version);
        };
        open.onerror = () => reject(open.error);
        open.onblocked = () => {
          stuck = setTimeout(() => reject(new Error("still blocked by the first tab after 15 s")), 15_000);
        };
      });
    });
    expect(upgraded).toBeGreaterThan(1);
    const banner = first.locator("[data-banner=version-change]");
    await banner.waitFor();
    expect(await banner.textContent()).toContain("A newer version was opened in another tab");
    expect(await banner.getByRole("button", { name: "Reload" }).isVisible()).toBe(true);
  });
});

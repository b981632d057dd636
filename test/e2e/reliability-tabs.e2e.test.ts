/**
 * Many tabs on one profile, in real Chromium: two and three tabs write every store at once (1,000 writes
 * each, interleaved, a fifth of them to keys the other tabs write too). Nothing is lost, a shared key holds
 * the value of the last write to commit, every tab reads the others' writes, a Vector KB search in one tab
 * finds what another just added, and the Vital Pulse schedule is led by exactly one tab, handed over when
 * that tab closes.
 */
import { afterEach, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { callPhoenix, launchBrowser, openApp, openAppInNewTab, pageErrors } from "./helpers/browser.js";

const PASSPHRASE = "tabs share one soul vault";
const WRITES_PER_TAB = 1_000;
const SHARED_KEYS = 7;
/** Store of write i: cortex, mind, body, soul, vector, hyperspace, in turn. */
const KINDS = ["cortex", "mind", "body", "soul", "vector", "cache"] as const;

let context: BrowserContext | undefined;
afterEach(async () => {
  await context?.close();
  context = undefined;
});

interface TabRun {
  /** For each shared "store/key": the value of this tab's last write to it to commit. */
  lastCommitted: Record<string, string>;
  failures: string[];
}

/** Runs the tab's writes, eight in flight at a time, in the page. */
function writeFromTab(page: Page, tab: number): Promise<TabRun> {
  return callPhoenix(
    page,
    async (phoenix, { tab, writes, shared, kinds }) => {
      const lastCommitted: Record<string, string> = {};
      const failures: string[] = [];
      const one = async (i: number) => {
        const kind = kinds[i % kinds.length]!;
        const isShared = kind !== "vector" && kind !== "cache" && i % 5 === 0;
        const key = isShared ? `shared${i % shared}` : `t${tab}w${i}`;
        const value = `${tab}:${i}`;
        if (kind === "cortex") await phoenix.cortex.etch({ layer: "STM", text: value }, `stm:${key}`);
        else if (kind === "mind") await phoenix.vaults.storeMind(key, value);
        else if (kind === "body") await phoenix.vaults.storeBody(key, value);
        else if (kind === "soul") await phoenix.vaults.storeSoul(key, value);
        else if (kind === "vector") await phoenix.vectorKb.addMemory(`memory ${value}`, { tab, i });
        else await phoenix.cache.storeCosmicData({ source: `tab${tab}`, timestamp: i, data: value, streamType: "tabs" });
        // Resolution order within one connection is commit order for writes to the same store.
        if (isShared) lastCommitted[`${kind}/${key}`] = value;
      };
      let next = 0;
      const lane = async () => {
        while (next < writes) {
          const i = next++;
          await one(i).catch((error: unknown) => failures.push(`${i}: ${(error as Error).message}`));
        }
      };
      await Promise.all(Array.from({ length: 8 }, lane));
      return { lastCommitted, failures };
    },
    { tab, writes: WRITES_PER_TAB, shared: SHARED_KEYS, kinds: [...KINDS] },
  );
}

/** What one tab reads back: counts per store and the value of every shared key. */
function readBack(page: Page) {
  return callPhoenix(
    page,
    async (phoenix, shared) => {
      const values: Record<string, string | undefined> = {};
      for (let k = 0; k < shared; k += 1) {
        values[`cortex/shared${k}`] = (await phoenix.cortex.recall(`stm:shared${k}`))?.text;
        values[`mind/shared${k}`] = await phoenix.vaults.recallMind(`shared${k}`);
        values[`body/shared${k}`] = await phoenix.vaults.recallBody(`shared${k}`);
        values[`soul/shared${k}`] = await phoenix.vaults.recallSoul(`shared${k}`);
      }
      return {
        cortex: (await phoenix.cortex.recallPrefix("stm:t", 100_000)).length,
        mind: (await phoenix.vaults.recallPrefix("mind:t", 100_000)).length,
        body: (await phoenix.vaults.recallPrefix("body:t", 100_000)).length,
        soul: (await phoenix.vaults.recallPrefix("soul:t", 100_000)).length,
        vector: await phoenix.vectorKb.count(),
        cache: (await phoenix.cache.retrieveCosmicData("tabs")).length,
        values,
      };
    },
    SHARED_KEYS,
  );
}

/** How many writes of each store are not to shared keys, per tab (the same formula as the page). */
function expectedUnique(tabs: number): Record<(typeof KINDS)[number], number> {
  const counts = { cortex: 0, mind: 0, body: 0, soul: 0, vector: 0, cache: 0 };
  for (let i = 0; i < WRITES_PER_TAB; i += 1) {
    const kind = KINDS[i % KINDS.length]!;
    const isShared = kind !== "vector" && kind !== "cache" && i % 5 === 0;
    if (!isShared) counts[kind] += 1;
  }
  for (const kind of KINDS) counts[kind] *= tabs;
  return counts;
}

async function openTabs(count: number, soul = true): Promise<Page[]> {
  context = await launchBrowser();
  const first = await openApp(context);
  if (soul) await callPhoenix(first, (phoenix, passphrase) => phoenix.vaults.soul.setup(passphrase), PASSPHRASE);
  const pages = [first];
  for (let t = 1; t < count; t += 1) {
    const page = await openAppInNewTab(context);
    if (soul) await callPhoenix(page, (phoenix, passphrase) => phoenix.vaults.soul.unlock(passphrase), PASSPHRASE);
    pages.push(page);
  }
  return pages;
}

async function leaders(pages: Page[]): Promise<boolean[]> {
  return Promise.all(pages.map((page) => callPhoenix(page, (phoenix) => phoenix.backups.pulse.leading, undefined)));
}

describe.each([2, 3])("%i tabs writing at once", (tabs) => {
  test(`${WRITES_PER_TAB} writes each: nothing lost, last committed write wins, every tab reads the others'`, async () => {
    const pages = await openTabs(tabs);
    const runs = await Promise.all(pages.map((page, t) => writeFromTab(page, t)));
    for (const run of runs) expect(run.failures).toEqual([]);

    const expected = expectedUnique(tabs);
    const views = [];
    for (const page of pages) views.push(await readBack(page));
    for (const view of views) {
      expect({ cortex: view.cortex, mind: view.mind, body: view.body, soul: view.soul, vector: view.vector, cache: view.cache }).toEqual(expected);
      // Every tab sees the same winner for every shared key.
      expect(view.values).toEqual(views[0]!.values);
    }
    // The winner is one tab's last committed write to that key, never an older or torn value.
    for (const [storeKey, value] of Object.entries(views[0]!.values)) {
      const candidates = runs.map((run) => run.lastCommitted[storeKey]).filter((candidate) => candidate !== undefined);
      expect(candidates.length, storeKey).toBeGreaterThan(0);
      expect(candidates, storeKey).toContain(value);
    }
    for (const page of pages) expect(pageErrors(page)).toEqual([]);
  });

  test("a search in one tab finds what another just added; the pulse schedule has one leader, handed over on close", async () => {
    const pages = await openTabs(tabs, false);
    for (let t = 0; t < tabs; t += 1) {
      const phrase = `zebra crossing number ${t} at midnight`;
      await callPhoenix(pages[t]!, (phoenix, text) => phoenix.vectorKb.addMemory(text, {}), phrase);
      const reader = pages[(t + 1) % tabs]!;
      const found = await callPhoenix(reader, async (phoenix, text) => (await phoenix.vectorKb.semanticSearch(text, 1))[0]?.text, phrase);
      expect(found).toBe(phrase);
    }

    const before = await leaders(pages);
    expect(before.filter(Boolean)).toHaveLength(1);
    const leader = pages[before.indexOf(true)]!;
    await leader.close({ runBeforeUnload: false });
    const rest = pages.filter((page) => page !== leader);
    // The queued tab is granted the lock as soon as the leader's page is gone.
    await expect
      .poll(async () => (await leaders(rest)).filter(Boolean).length, { timeout: 10_000, interval: 100 })
      .toBe(1);
  });
});

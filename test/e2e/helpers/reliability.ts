/**
 * Shared harness for the reliability tests (and the reliability bench): killing pages the two ways a
 * browser does, a nearly full origin through the DevTools protocol, a seeded random source, and a whole-database
 * dump through the public `window.phoenix` so "nothing changed" is one comparison.
 */
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { appUrl, callPhoenix, openApp } from "./browser.js";

export type KillMethod = "close" | "crash";

/**
 * Ends a page with no chance to clean up: `close` is a tab closed without beforeunload (a phone browser
 * dropping a background tab); `crash` is a renderer crash (DevTools protocol `Page.crash`), the harsher one.
 */
export async function killPage(page: Page, method: KillMethod): Promise<void> {
  if (method === "crash") {
    const cdp = await page.context().newCDPSession(page);
    // The crash answers with nothing: the target is gone. Wait for Playwright to notice it.
    const crashed = page.waitForEvent("crash", { timeout: 10_000 }).catch(() => undefined);
    void cdp.send("Page.crash").catch(() => undefined);
    await crashed;
  }
  await page.close({ runBeforeUnload: false }).catch(() => undefined);
}

/**
 * The app opened on a nearly full origin: `headroom` bytes left for IndexedDB once the app is ready and its
 * service worker has precached the shell. Three things Chromium does decide the order:
 * - the quota counts the service worker's cache (megabytes of precached assets), so the limit is set from
 *   the usage measured after the worker is active, not from a guess;
 * - IndexedDB checks a write against a figure of the space left that it caches for up to 30 s after a
 *   write, so an override set after a write can go unnoticed for that long: the first limit goes on before
 *   the origin is opened at all (loose enough for the shell), the tight one before the first write;
 * - `navigator.storage.estimate()` reports a static quota to pages, so usage is read through the protocol.
 * The CDP session stays attached: Chromium drops the override when the session that set it goes away.
 */
export async function openAppWithQuota(context: BrowserContext, headroom: number): Promise<{ page: Page; cdp: CDPSession; origin: string }> {
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  const origin = new URL(appUrl()).origin;
  await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: LOOSE_QUOTA });
  await openApp(context);
  await page.evaluate(async () => {
    await navigator.serviceWorker?.ready;
  });
  const { usage } = await cdp.send("Storage.getUsageAndQuota", { origin });
  await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: Math.ceil(usage) + headroom });
  return { page, cdp, origin };
}

/** Room for the precached shell and the app's first start; far below what the filling tests write. */
const LOOSE_QUOTA = 24_000_000;

/** The origin's usage as Chromium accounts it against the quota (IndexedDB, caches, workers). */
export async function originUsage(cdp: CDPSession, origin: string): Promise<{ usage: number; quota: number; overrideActive: boolean }> {
  const { usage, quota, overrideActive } = await cdp.send("Storage.getUsageAndQuota", { origin });
  return { usage, quota, overrideActive };
}

export { seededRandom } from "../../helpers/random.js";

export const DUMP_STORES = ["eternal_memory", "mind_vault", "body_vault", "soul_kb", "vector_kb", "hyperspace_cache"] as const;

export type Dump = Record<(typeof DUMP_STORES)[number], Array<[unknown, unknown]>>;

/** Every record of the six seed stores (binary as byte lists), read in one transaction. */
export function dumpStores(page: Page): Promise<Dump> {
  return callPhoenix(
    page,
    async (phoenix, stores) => {
      const encode = (value: unknown): unknown => {
        if (value instanceof Uint8Array || value instanceof ArrayBuffer) return { bytes: Array.from(new Uint8Array(value as ArrayBuffer)) };
        if (Array.isArray(value)) return value.map(encode);
        if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, encode(item)]));
        return value;
      };
      const tx = phoenix.db.transaction([...stores], "readonly");
      const out: Record<string, unknown> = {};
      for (const store of stores) {
        const [keys, values] = await Promise.all([tx.objectStore(store).getAllKeys(), tx.objectStore(store).getAll()]);
        out[store] = keys.map((key, i) => [key, encode(values[i])]);
      }
      return out;
    },
    [...DUMP_STORES],
  ) as Promise<Dump>;
}

/**
 * One "Free space" action of the Overview, as a user takes it: the button `free-<action>`, its confirm,
 * then the status line that says what was freed.
 */
export async function freeSpace(page: Page, action: string, status: RegExp | string): Promise<void> {
  await page.getByTestId(`free-${action}`).click();
  await page.getByTestId(`free-${action}-confirm`).click();
  await page.getByTestId("free-space-status").filter({ hasText: status }).waitFor();
}

/**
 * Shared harness for the reliability tests (and the reliability bench): killing pages the two ways a
 * browser does, a small quota through the DevTools protocol, a seeded random source, and a whole-database
 * dump through the public `window.phoenix` so "nothing changed" is one comparison.
 */
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { callPhoenix } from "./browser.js";

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

const quotaSessions = new WeakMap<Page, CDPSession>();

/**
 * Sets the origin's quota (bytes) through the DevTools protocol; `undefined` restores the browser's own.
 * The session stays attached: Chromium drops the override when the session that set it goes away.
 */
export async function overrideQuota(context: BrowserContext, page: Page, quotaSize: number | undefined): Promise<void> {
  let cdp = quotaSessions.get(page);
  if (!cdp) {
    cdp = await context.newCDPSession(page);
    quotaSessions.set(page, cdp);
  }
  const origin = new URL(page.url()).origin;
  await cdp.send("Storage.overrideQuotaForOrigin", quotaSize === undefined ? { origin } : { origin, quotaSize });
}

/** mulberry32: a tiny seeded generator; the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

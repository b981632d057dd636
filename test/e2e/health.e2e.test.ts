/**
 * The start-up database check: a store that cannot be read is reported as the app opens, with the way
 * to recover, instead of failing later when the user needs that store.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext } from "playwright-core";
import { ALL_STORES, DB_VERSION, DEFAULT_DB_NAME, VECTOR_CHUNKS_STORE } from "../../src/db/schema.js";
import { appUrl, launchBrowser, openApp } from "./helpers/browser.js";

describe("start-up database check", () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await launchBrowser();
  });
  afterAll(async () => {
    await context?.close();
  });

  test("a database missing a store shows a banner leading to Backups", async () => {
    // Same origin, before the app ever runs: a database of the current version that lacks mind_vault,
    // as a damaged profile might be. The app opens it without an upgrade and must notice.
    const setup = context.pages()[0] ?? (await context.newPage());
    await setup.goto(appUrl("manifest.webmanifest"));
    const stores = [...ALL_STORES.filter((store) => store !== "mind_vault"), VECTOR_CHUNKS_STORE];
    await setup.evaluate(
      ({ name, version, stores }) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open(name, version);
          request.onupgradeneeded = () => {
            for (const store of stores) {
              const created = request.result.createObjectStore(store, store === "hyperspace_cache" ? { autoIncrement: true } : undefined);
              if (store === "hyperspace_cache") created.createIndex("by_stream_time", ["streamType", "timestamp"]);
            }
          };
          request.onsuccess = () => {
            request.result.close();
            resolve();
          };
          request.onerror = () => reject(request.error);
        }),
      { name: DEFAULT_DB_NAME, version: DB_VERSION, stores },
    );
    const page = await openApp(context);
    const banner = page.locator('[data-banner="health"]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.getAttribute("role")).toBe("alert");
    expect(await banner.textContent()).toContain("mind_vault");
    await banner.getByRole("link", { name: "Go to Backups" }).click();
    await page.getByTestId("health-problems").waitFor({ timeout: 30_000 });
    expect(await page.getByTestId("health-problems").textContent()).toContain("mind_vault");
  });
});

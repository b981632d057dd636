/**
 * Storage that is not there, in real Chromium: IndexedDB missing or refusing, and a profile whose main
 * database will not open, where the newest good snapshot from the snapshots database is offered.
 */
import { afterEach, describe, expect, test } from "vitest";
import type { BrowserContext } from "playwright-core";
import { appUrl, callPhoenix, launchBrowser, openApp, waitForReady } from "./helpers/browser.js";
import { freeSpace } from "./helpers/reliability.js";

let context: BrowserContext | undefined;

afterEach(async () => {
  await context?.close();
  context = undefined;
});

async function failedStart(initScript: string) {
  context = await launchBrowser();
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.addInitScript(initScript);
  await page.goto(appUrl());
  await page.waitForFunction(() => document.documentElement.dataset.ready === "false");
  return { page, errors };
}

describe("IndexedDB unavailable", () => {
  test("no IndexedDB at all: a page says so and what still works, never a blank screen", async () => {
    const { page, errors } = await failedStart(`Object.defineProperty(window, "indexedDB", { value: undefined, configurable: true });`);
    const notice = page.getByTestId("storage-unavailable");
    await notice.waitFor();
    const text = (await notice.textContent()) ?? "";
    expect(text).toMatch(/Storage is not available/);
    expect(text).toMatch(/What still works/);
    expect(text).toMatch(/private/);
    expect(await page.evaluate(() => document.documentElement.dataset.errorCode)).toBe("DB_UNAVAILABLE");
    expect(errors).toEqual([]);
  });

  test("IndexedDB that refuses to open (SecurityError, as for a blocked origin) is DB_UNAVAILABLE too", async () => {
    const { page } = await failedStart(`
      IDBFactory.prototype.open = function () {
        throw new DOMException("Failed to execute 'open' on 'IDBFactory': access to the Indexed Database API is denied in this context.", "SecurityError");
      };`);
    await page.getByTestId("storage-unavailable").waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.errorCode)).toBe("DB_UNAVAILABLE");
  });
});

describe("a profile whose database will not open", () => {
  test("offers the newest good snapshot; restoring it brings the app back with the snapshot's data", async () => {
    context = await launchBrowser();
    const page = await openApp(context);
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.vaults.storeMind("fact:kept", "in the snapshot");
        await phoenix.cortex.etch({ layer: "LTM", text: "remembered" }, "ltm:kept");
        await phoenix.backups.snapshot("manual");
        await phoenix.vaults.storeMind("fact:after", "written after the snapshot");
      },
      undefined,
    );
    // The next load's first open of the main database fails outright, as a damaged backing store does.
    await page.addInitScript(`
      if (localStorage.getItem("test-fail-open") === "1") {
        const open = IDBFactory.prototype.open;
        IDBFactory.prototype.open = function (name, ...rest) {
          if (name === "phoenix" && localStorage.getItem("test-fail-open") === "1") {
            localStorage.removeItem("test-fail-open");
            throw new DOMException("Internal error opening backing store for indexedDB.open.", "UnknownError");
          }
          return open.call(this, name, ...rest);
        };
      }`);
    await page.evaluate(() => localStorage.setItem("test-fail-open", "1"));
    await page.reload();
    await page.getByTestId("open-failed").waitFor();
    await page.getByTestId("recovery-offer").waitFor();
    expect(await page.getByTestId("open-failed").textContent()).toMatch(/could not be opened/);
    await page.getByTestId("recovery-restore").click();
    await waitForReady(page);
    const after = await callPhoenix(
      page,
      async (phoenix) => ({
        kept: await phoenix.vaults.recallMind("fact:kept"),
        later: await phoenix.vaults.recallMind("fact:after"),
        memory: (await phoenix.cortex.recall("ltm:kept"))?.text,
      }),
      undefined,
    );
    expect(after).toEqual({ kept: "in the snapshot", later: undefined, memory: "remembered" });
  });
});

describe("freeing space from the Overview", () => {
  test("offers export, clearing the Body Vault, a stream and old snapshots; each clears only what it names", async () => {
    context = await launchBrowser();
    const page = await openApp(context, "#/");
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.vaults.storeBody("state:a", "operational");
        await phoenix.vaults.storeMind("fact:kept", "stays");
        await phoenix.cache.storeCosmicBatch([
          { source: "s", timestamp: 1, data: "old", streamType: "old-stream" },
          { source: "s", timestamp: 2, data: "keep", streamType: "other" },
        ]);
        await phoenix.backups.snapshot("manual");
        await phoenix.backups.snapshot("manual");
      },
      undefined,
    );
    await page.reload();
    await waitForReady(page);
    const section = page.getByTestId("free-space");
    await section.waitFor();
    await page.getByTestId("free-export").waitFor();
    await page.getByTestId("free-stream-old-stream").waitFor({ timeout: 20_000 }).catch(async (error: unknown) => {
      console.log("[debug]", await section.innerText());
      throw error;
    });
    await freeSpace(page, "stream-old-stream", /Cleared 1 items of old-stream/);
    await freeSpace(page, "body", /Cleared 1 Body Vault records/);
    await freeSpace(page, "snapshots", /Deleted 1 old snapshots/);
    const after = await callPhoenix(
      page,
      async (phoenix) => ({
        body: await phoenix.vaults.recallBody("state:a"),
        mind: await phoenix.vaults.recallMind("fact:kept"),
        old: (await phoenix.cache.retrieveCosmicData("old-stream")).length,
        other: (await phoenix.cache.retrieveCosmicData("other")).length,
        snapshots: (await phoenix.backups.pulse.list()).length,
      }),
      undefined,
    );
    expect(after).toEqual({ body: undefined, mind: "stays", old: 0, other: 1, snapshots: 1 });
  });
});

/**
 * A full disk in real Chromium: the origin gets a quota a few megabytes above what the app needs
 * (DevTools protocol `Storage.overrideQuotaForOrigin`, set in the order helpers/reliability.ts explains),
 * then writes go on until the browser refuses one. The cases run in order on one origin, as a person
 * meets them: the refused write, then a snapshot that cannot fit, then the Overview freeing space.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, CDPSession, Page } from "playwright-core";
import { callPhoenix, launchBrowser, pageErrors } from "./helpers/browser.js";
import { freeSpace, openAppWithQuota, originUsage } from "./helpers/reliability.js";

/** Room left for IndexedDB once the app is up: two or three of the batches below. */
const HEADROOM = 3_500_000;

describe("a full disk (small quota for the origin)", () => {
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let origin: string;
  let filled = { batches: 0, items: 0 };

  beforeAll(async () => {
    context = await launchBrowser();
    ({ page, cdp, origin } = await openAppWithQuota(context, HEADROOM));
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.vaults.storeBody("state:warm", "x".repeat(200_000));
        await phoenix.vaults.storeMind("fact:kept", "before the disk filled");
        await phoenix.backups.snapshot("manual");
        await phoenix.backups.snapshot("manual");
      },
      undefined,
    );
  });
  afterAll(async () => {
    await context?.close();
  });

  test("writes fail with QUOTA_EXCEEDED naming store and call; the failing batch is not written, everything before stays", async () => {
    const run = await callPhoenix(
      page,
      async (phoenix) => {
        const failures: Array<{ call: string; code: string; message: string; store?: string; operation?: string }> = [];
        const record = (call: string, error: unknown) => {
          const { code, message, store, operation } = error as { code: string; message: string; store?: string; operation?: string };
          failures.push({ call, code, message, ...(store ? { store } : {}), ...(operation ? { operation } : {}) });
        };
        // Random text: Chromium compresses what it stores, so a repeated letter would never fill anything.
        const payload = (i: number) => {
          const parts = [`${i}:`];
          for (let part = 0; part < 5; part += 1) {
            const bytes = crypto.getRandomValues(new Uint8Array(60_000));
            parts.push(String.fromCharCode(...Array.from(bytes, (byte) => 33 + (byte % 90))));
          }
          return parts.join("");
        };
        let batches = 0;
        for (let i = 0; i < 40; i += 1) {
          try {
            await phoenix.cache.storeCosmicBatch(
              Array.from({ length: 5 }, (_, j) => ({ source: "disk", timestamp: i * 10 + j, data: payload(i * 10 + j), streamType: "fill" })),
            );
            batches += 1;
          } catch (error) {
            record("cache.storeCosmicBatch", error);
            break;
          }
        }
        let etched = 0;
        try {
          await phoenix.cortex.etchMany(Array.from({ length: 40 }, (_, j) => [{ layer: "LTM", text: payload(j) }, `ltm:fill${j}`] as const));
          etched = 40;
        } catch (error) {
          record("cortex.etchMany", error);
        }
        const items = await phoenix.cache.retrieveCosmicData("fill");
        const whole = items.every((item) => item.data.startsWith(`${item.timestamp}:`) && item.data.length === String(item.timestamp).length + 1 + 300_000);
        return {
          batches,
          etched,
          failures,
          memories: (await phoenix.cortex.recallPrefix("ltm:fill", 100)).length,
          items: items.length,
          whole,
          warm: (await phoenix.vaults.recallBody("state:warm"))?.length,
          kept: await phoenix.vaults.recallMind("fact:kept"),
        };
      },
      undefined,
    );
    expect(run.batches).toBeGreaterThan(0);
    // Hyperspace items live packed in blocks: the stores named are the ones the batch wrote to.
    expect(run.failures[0]).toMatchObject({ code: "QUOTA_EXCEEDED", store: "cosmic_blocks, cosmic_streams", operation: "cache.storeCosmicBatch" });
    expect(run.failures[0]!.message).toMatch(/cache\.storeCosmicBatch was refused writing to cosmic_blocks, cosmic_streams; that write was not saved/);
    expect(run.failures[1]).toMatchObject({ code: "QUOTA_EXCEEDED", store: "eternal_memory", operation: "cortex.etchMany" });
    // Every batch that resolved is there, whole; the refused ones left nothing.
    expect(run).toMatchObject({ items: run.batches * 5, whole: true, etched: 0, memories: 0, warm: 200_000, kept: "before the disk filled" });
    const usage = await originUsage(cdp, origin);
    expect(usage.overrideActive).toBe(true);
    expect(usage.usage).toBeLessThanOrEqual(usage.quota);
    filled = { batches: run.batches, items: run.items };
  });

  test("a snapshot that cannot fit fails cleanly and says so; the snapshot list is unchanged; export still works", async () => {
    const outcome = await callPhoenix(
      page,
      async (phoenix) => {
        const before = (await phoenix.backups.pulse.list()).map((info) => info.id);
        let code = "none";
        let message = "";
        try {
          await phoenix.backups.snapshot("manual");
        } catch (error) {
          ({ code, message } = error as { code: string; message: string });
        }
        // An export is built in memory and handed to the person: it needs no room in the origin.
        const archive = await phoenix.backups.export();
        return { code, message, before, after: (await phoenix.backups.pulse.list()).map((info) => info.id), exported: archive.size };
      },
      undefined,
    );
    expect(outcome.code).toBe("QUOTA_EXCEEDED");
    expect(outcome.message).toMatch(/backups\.snapshot was refused/);
    expect(outcome.after).toEqual(outcome.before);
    expect(outcome.exported).toBeGreaterThan(filled.batches * 5 * 250_000);
  });

  test("the Overview says the origin is full and offers export, clearing the Body Vault, a stream and old snapshots; each works", async () => {
    expect(filled.items, "the disk was filled by the first case").toBeGreaterThan(0);
    await page.goto(`${page.url().replace(/#.*$/, "")}#/`);
    await expect.poll(() => page.getByTestId("storage-use").textContent(), { timeout: 30_000 }).toMatch(/used of .*%/);
    expect(await page.getByTestId("storage-full").textContent()).toMatch(/Storage is full: the browser refused to save backups\.snapshot/);

    const download = page.waitForEvent("download");
    await page.getByTestId("free-export").click();
    expect((await download).suggestedFilename()).toMatch(/\.phoenix|\.gz|\.json/);
    await page.getByTestId("free-space-status").filter({ hasText: /Exported/ }).waitFor();

    await freeSpace(page, "stream-fill", `Cleared ${filled.items} items of fill`);
    await page.getByTestId("storage-full").waitFor({ state: "detached" });
    await freeSpace(page, "body", /Cleared 1 Body Vault records/);
    await freeSpace(page, "snapshots", /Deleted 1 old snapshots/);

    // The space is really back: a batch as large as the ones that filled the disk fits again.
    const after = await callPhoenix(
      page,
      async (phoenix) => {
        const data = Array.from({ length: 5 }, () => String.fromCharCode(...Array.from(crypto.getRandomValues(new Uint8Array(60_000)), (byte) => 33 + (byte % 90))));
        await phoenix.cache.storeCosmicBatch(data.map((text, i) => ({ source: "disk", timestamp: i, data: text, streamType: "after" })));
        return {
          after: (await phoenix.cache.retrieveCosmicData("after")).length,
          fill: (await phoenix.cache.retrieveCosmicData("fill")).length,
          body: await phoenix.vaults.recallBody("state:warm"),
          kept: await phoenix.vaults.recallMind("fact:kept"),
          snapshots: (await phoenix.backups.pulse.list()).length,
        };
      },
      undefined,
    );
    expect(after).toEqual({ after: 5, fill: 0, body: undefined, kept: "before the disk filled", snapshots: 1 });
    expect(pageErrors(page).filter((line) => !/QUOTA|quota/.test(line))).toEqual([]);
  });
});

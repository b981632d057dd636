/**
 * The Overview page driven as a person would: counts, storage use and persistence, the near-quota warning.
 *
 * In real Chromium against the built app, through labels, buttons and roles; window.phoenix only seeds data and
 * checks results. Screenshots at 360 px wide go to test-results/screenshots/ui-*.png.
 */
import { afterAll, describe, expect, test } from "vitest";
import type { BrowserContext } from "playwright-core";
import { callPhoenix, launchBrowser, openApp, reloadApp, screenshotPhone, useFreshApp } from "./helpers/browser.js";
import { statusOf, text } from "./helpers/ui.js";

describe("Overview page", () => {
  const app = useFreshApp();

  test("shows the summaries, counts per store and storage use; Keep my data reports the answer", async () => {
    const page = app.page();
    await callPhoenix(page, (phoenix) => phoenix.cortex.etch({ layer: "LTM", text: "A lasting thing" }, "ltm:lasting"), undefined);
    await reloadApp(page);
    await expect.poll(() => text(page.getByTestId("summary-cortex"))).toContain("Neural Cortex Strata: 1 memories");
    expect(await text(page.getByTestId("summary-vaults"))).toContain("Vital Organ Vaults");
    expect(await text(page.getByTestId("summary-cache"))).toContain("Hyperspace Cache: 0 records");
    await page.locator('table.store-counts tr[data-store="eternal_memory"] td[data-count="1"]').waitFor();
    await expect.poll(() => text(page.getByTestId("storage-use"))).toMatch(/ used of .+ \(/);
    await page.getByRole("button", { name: "Keep my data" }).click();
    await expect.poll(() => statusOf(page, "storage")).toMatch(/^(Granted|Not granted)/);
    await screenshotPhone(page, "ui-overview");
  });
});

describe("Overview page near the quota", () => {
  let context: BrowserContext;
  afterAll(async () => {
    await context?.close();
  });

  test("warns clearly when storage use passes 80 % of the quota", async () => {
    context = await launchBrowser();
    // Stand in for a nearly full disk: the browser's estimate reports 90 % used.
    await context.addInitScript(() => {
      navigator.storage.estimate = async () => ({ usage: 900_000_000, quota: 1_000_000_000 });
    });
    const page = await openApp(context);
    await expect.poll(() => text(page.getByTestId("storage-warning"))).toContain("Storage is nearly full");
    expect(await page.getByTestId("storage-warning").getAttribute("role")).toBe("alert");
  });
});

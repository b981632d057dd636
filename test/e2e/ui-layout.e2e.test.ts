/**
 * Layout and size at phone width (and desktop where the issue says): long keys never widen the page, a
 * megabyte memory shows a clipped preview with "Show all", the import report stacks, the Backups
 * schedule fields line up, placeholders reach 4.5:1 contrast, every date has one locale format, and an
 * unknown address shows a not-found page (online and offline) rather than a blank one.
 */
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { appUrl, callPhoenix, screenshotPhone, setOffline, waitForReady } from "./helpers/browser.js";
import { answer, DESKTOP, freshApp, overflowX, PHONE, statusOf, text, visit } from "./helpers/ui.js";

const LONG = "k".repeat(1_000);

describe("long keys and big memories", () => {
  const app = freshApp();

  test("a 100- and a 1,000-character memory key and a 300-character Mind key wrap: the page is never wider than the screen", async () => {
    const page = app.page();
    await callPhoenix(
      page,
      async (phoenix, long) => {
        await phoenix.cortex.etch({ layer: "STM", text: "short key, long name" }, `stm:${"x".repeat(100)}`);
        await phoenix.cortex.etch({ layer: "STM", text: long }, `stm:${long}`);
        await phoenix.vaults.storeMind(`fact:${"m".repeat(300)}`, long);
      },
      LONG,
    );
    await visit(page, "Memory", "memory");
    await page.getByTestId("browse-layer-STM").click();
    await expect.poll(() => page.locator("[data-testid=memory-item]").count()).toBe(2);
    expect(await overflowX(page)).toBe(0);
    // The same key typed into the form: the preview, the status and the question all wrap too.
    const etch = page.getByTestId("etch-form");
    await etch.getByLabel("Layer").selectOption("STM");
    await etch.getByLabel("Key", { exact: true }).fill(LONG);
    await etch.getByLabel("Memory", { exact: true }).fill("another");
    expect(await overflowX(page)).toBe(0);
    await page.getByRole("button", { name: "Etch", exact: true }).click();
    await page.locator("dialog[open]").waitFor();
    expect(await overflowX(page)).toBe(0);
    await answer(page, "Replace");
    await expect.poll(() => statusOf(page, "etch")).toContain("Replaced under");
    expect(await overflowX(page)).toBe(0);
    await page.locator(`[data-testid=memory-item][data-key="stm:${LONG}"]`).getByRole("button", { name: /Forget/ }).click();
    await answer(page, "Forget");
    await expect.poll(() => statusOf(page, "browse")).toContain("Forgot");
    expect(await overflowX(page)).toBe(0);
    await screenshotPhone(page, "ui13-long-keys");

    await visit(page, "Vaults", "vaults");
    await page.locator("[data-testid=kv-item]").first().waitFor();
    expect(await overflowX(page)).toBe(0);
    await page.setViewportSize(DESKTOP);
    expect(await overflowX(page)).toBe(0);
    await page.setViewportSize(PHONE);
  });

  test("a 1 MB memory shows a clipped preview with Show all; the page stays short", async () => {
    const page = app.page();
    const big = "a".repeat(999_990);
    await callPhoenix(page, (phoenix, text) => phoenix.cortex.etch({ layer: "LTM", text }, "ltm:huge"), big);
    await visit(page, "Memory", "memory");
    await page.getByTestId("browse-layer-LTM").click();
    const item = page.locator('[data-testid=memory-item][data-key="ltm:huge"]');
    await item.waitFor();
    expect((await text(item.locator(".entry__text"))).length).toBeLessThan(2_000);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(10_000);
    const toggle = item.getByTestId("long-text-toggle");
    expect(await text(toggle)).toMatch(/^Show all \(998,990 more characters\)$/);
    await toggle.click();
    expect((await text(item.locator(".entry__text"))).length).toBe(big.length);
    await item.getByRole("button", { name: "Show less" }).click();
    expect((await text(item.locator(".entry__text"))).length).toBeLessThan(2_000);
    expect(await overflowX(page)).toBe(0);
  });

  test("the memory text area takes 1 MB without spaces: no spell check over it, and the etch goes through", async () => {
    const page = app.page();
    const etch = page.getByTestId("etch-form");
    await etch.getByLabel("Layer").selectOption("LTM");
    await etch.getByLabel("Key", { exact: true }).fill("pasted");
    const area = etch.getByLabel("Memory", { exact: true });
    await area.fill("b".repeat(999_000));
    expect(await area.getAttribute("spellcheck")).toBe("false");
    await page.getByRole("button", { name: "Etch", exact: true }).click();
    await expect.poll(() => statusOf(page, "etch")).toContain("Etched under ltm:pasted.");
    expect(await callPhoenix(page, async (phoenix) => (await phoenix.cortex.recall("ltm:pasted"))?.text.length, undefined)).toBe(999_000);
    expect(await area.inputValue()).toBe("");
    expect(await area.getAttribute("spellcheck")).toBe("true");
  });
});

describe("Backups page", () => {
  const app = freshApp();

  test("the import report stacks at 360 px, with friendly store names; nothing pushes off-screen", async () => {
    const page = app.page();
    await callPhoenix(page, (phoenix) => phoenix.cortex.etch({ layer: "LTM", text: "kept" }, "ltm:kept"), undefined);
    const bytes = await page.evaluate(async () => {
      const file = await window.phoenix!.backups.export();
      return [...new Uint8Array(await file.arrayBuffer())];
    });
    await visit(page, "Backups", "backups");
    await page.getByTestId("import-file").setInputFiles({ name: "phoenix-backup.tar.gz", mimeType: "application/gzip", buffer: Buffer.from(bytes) });
    await page.getByTestId("import-summary").waitFor();
    expect(await text(page.locator('[data-testid=import-summary] tr[data-store="soul_kb"] th'))).toBe("Soul Vault soul_kb");
    await page.getByTestId("import-submit").click();
    await answer(page, "Replace");
    const report = page.getByTestId("import-report");
    await report.waitFor({ timeout: 30_000 });
    const row = report.locator('tr[data-store="eternal_memory"]');
    expect(await text(row.locator("th .store-name"))).toBe("Memories");
    expect(await row.locator("td").first().evaluate((cell) => getComputedStyle(cell).display)).not.toBe("table-cell");
    expect(await report.evaluate((element) => element.scrollWidth - element.clientWidth)).toBe(0);
    expect(await overflowX(page)).toBe(0);
    await screenshotPhone(page, "ui13-import-report");
  });

  test("the schedule fields line up on a desktop screen; the interval refuses less than 15 minutes", async () => {
    const page = app.page();
    await page.setViewportSize(DESKTOP);
    const hours = page.getByTestId("snapshot-hours");
    const keep = page.getByTestId("snapshot-keep");
    const [a, b] = [await hours.boundingBox(), await keep.boundingBox()];
    expect(a && b && Math.abs(a.y - b.y)).toBe(0);
    expect(a && b && Math.abs(a.height - b.height)).toBe(0);
    await hours.fill("0.001");
    await page.getByTestId("snapshot-schedule-save").click();
    await expect
      .poll(() => text(page.getByTestId("snapshot-schedule-error")))
      .toBe("A snapshot every 0.001 hours is too often: choose at least 15 minutes (0.25 hours), or 0 to turn snapshots off. INVALID_ARGUMENT");
    expect(await callPhoenix(page, (phoenix) => phoenix.backups.pulse.settings(), undefined)).toMatchObject({ intervalHours: 24 });
    await page.setViewportSize(PHONE);
  });
});

/** WCAG relative luminance contrast of two CSS rgb() colours. */
function contrast(foreground: string, background: string): number {
  const luminance = (css: string) => {
    const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
      const c = Number(part) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe("contrast and dates", () => {
  const app = freshApp();

  test("placeholders reach 4.5:1 against their field", async () => {
    const page = app.page();
    await visit(page, "Search", "search");
    const colours = await page.getByTestId("search-query").evaluate((input) => ({
      placeholder: getComputedStyle(input, "::placeholder").color,
      background: getComputedStyle(input).backgroundColor,
    }));
    expect(contrast(colours.placeholder, colours.background)).toBeGreaterThanOrEqual(4.5);
  });

  test("every date on the Memory, Streams and Backups pages is in the same locale format", async () => {
    const page = app.page();
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.cortex.etch({ layer: "LTM", text: "dated" }, "ltm:dated");
        await phoenix.cache.storeCosmicData({ streamType: "big_bang", source: "big_bang", data: "Initial", timestamp: 1704067200 });
        await phoenix.backups.snapshot("manual");
      },
      undefined,
    );
    const checkTimes = async (ready: string) => {
      await page.locator(ready).first().waitFor();
      const shown = await page.locator("time").evaluateAll((elements) =>
        elements.map((element) => ({
          text: element.textContent,
          expected: new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" }).format(new Date(element.getAttribute("datetime")!)),
        })),
      );
      for (const { text: shownText, expected } of shown) expect(shownText).toBe(expected);
      return shown.length;
    };
    await visit(page, "Memory", "memory");
    await page.getByTestId("browse-layer-LTM").click();
    expect(await checkTimes('[data-key="ltm:dated"] time')).toBeGreaterThan(0);
    await visit(page, "Streams", "streams");
    expect(await checkTimes("[data-testid=stream-item] time")).toBeGreaterThan(0);
    await visit(page, "Backups", "backups");
    expect(await checkTimes("[data-testid=snapshot-item] time")).toBeGreaterThan(0);
  });
});

describe("unknown addresses", () => {
  const app = freshApp();

  async function expectNotFound(page: Page, address: string): Promise<void> {
    await page.getByTestId("page-not-found").waitFor();
    expect(await text(page.getByTestId("page-not-found"))).toContain(`Phoenix Memory has no page at ${address}.`);
    expect(await page.title()).toBe("Page not found · Phoenix Memory");
  }

  test("an unknown route shows the not-found page with a way back", async () => {
    const page = app.page();
    await page.goto(appUrl("#/no-such-page"));
    await waitForReady(page);
    await expectNotFound(page, "#/no-such-page");
    await page.getByTestId("not-found-home").click();
    await page.getByTestId("page-overview").waitFor();
  });

  test("a nested unknown path is not blank: its scripts load and it says not found, online and offline", async () => {
    const page = app.page();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await page.goto(appUrl("some/other/path"));
    await waitForReady(page);
    await expectNotFound(page, "/some/other/path");
    expect(await overflowX(page)).toBe(0);
    await screenshotPhone(page, "ui13-not-found");
    await setOffline(app.context(), true);
    try {
      await page.goto(appUrl("another/nested/path"));
      await waitForReady(page);
      await expectNotFound(page, "/another/nested/path");
      await page.getByTestId("not-found-home").click();
      await page.getByTestId("page-overview").waitFor();
    } finally {
      await setOffline(app.context(), false);
    }
  });
});

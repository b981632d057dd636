/**
 * The charts: the Streams page's items-over-time chart (uPlot, loaded with that page only) with its
 * brush listing the selected items, the ingest rate, and the Overview's bars per store; each with its
 * text equivalent, screenshot at 360 px and at desktop width into test-results/screenshots.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { SCREENSHOT_DIR, callPhoenix, launchBrowser, openApp, pageErrors } from "./helpers/browser.js";

/** The machine may be busy: polls wait long, they never assert on time. */
const POLL = { timeout: 60_000 };

async function shoot(page: Page, name: string, width: number): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.setViewportSize({ width, height: width < 500 ? 780 : 900 });
  // Let the chart follow the new width.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
}

describe("charts", () => {
  let context: BrowserContext;
  let page: Page;
  const T0 = 1_704_067_200;

  beforeAll(async () => {
    context = await launchBrowser();
    page = await openApp(context);
    await callPhoenix(
      page,
      async (phoenix, t0) => {
        // A day of readings, denser in the afternoon, plus a second stream.
        const items = Array.from({ length: 3_000 }, (_, i) => ({
          source: "sensor",
          timestamp: t0 + (i < 1_000 ? i * 40 : 40_000 + (i - 1_000) * 20),
          data: `reading ${i}`,
          streamType: "quantum",
        }));
        await phoenix.cache.storeCosmicBatch(items);
        await phoenix.cache.storeCosmicBatch([{ source: "big_bang", timestamp: t0, data: "Initial cosmic data stream", streamType: "big_bang" }]);
        await phoenix.cortex.etch({ layer: "LTM", text: "something worth keeping" }, "ltm:chart");
      },
      T0,
    );
  });

  afterAll(async () => {
    await context?.close();
  });

  test("Streams: items over time with a brush that lists the range, zoom, ingest rate; text equivalents", async () => {
    const uplotRequests: string[] = [];
    page.on("request", (request) => {
      if (/uPlot/i.test(request.url())) uplotRequests.push(request.url());
    });
    await page.goto(page.url().replace(/#.*$/, "") + "#/streams?stream=quantum");
    const chart = page.getByTestId("stream-chart");
    await expect.poll(() => chart.locator("canvas").count(), POLL).toBe(1);
    expect(uplotRequests.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("stream-chart-caption").textContent(), POLL).toContain("3,000 items");
    expect(await chart.locator("table.visually-hidden tr").count()).toBeGreaterThan(10);

    // Brush: drag across the right half of the plot.
    const plot = chart.locator(".u-over");
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const selection = page.getByTestId("stream-chart-selection");
    await expect.poll(() => selection.locator("tbody tr").count(), POLL).toBeGreaterThan(0);
    const listed = await selection.locator("tbody tr td:nth-child(3)").allTextContents();
    const expected = await callPhoenix(
      page,
      async (phoenix, n) => {
        const all = await phoenix.cache.retrieveCosmicData("quantum");
        return all.map((d) => d.data).slice(0, n);
      },
      3_000,
    );
    // The listed items are consecutive items of the stream, in time order.
    const start = expected.indexOf(listed[0]!);
    expect(start).toBeGreaterThan(1_000);
    expect(listed).toEqual(expected.slice(start, start + listed.length));

    await page.getByTestId("stream-chart-zoom").click();
    await expect.poll(async () => (await page.getByTestId("stream-chart-caption").textContent()) ?? "", POLL).not.toContain("3,000 items");

    // Ingest rate: items arriving while the page watches.
    await callPhoenix(
      page,
      async (phoenix, t0) => {
        for (let round = 0; round < 3; round += 1) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          await phoenix.cache.storeCosmicBatch(Array.from({ length: 500 }, (_, i) => ({ source: "live", timestamp: t0 + 90_000 + round * 500 + i, data: "x", streamType: "quantum" })));
        }
      },
      T0,
    );
    await expect.poll(() => page.getByTestId("ingest-rate").textContent(), POLL).toMatch(/peak [1-9][\d,]* items\/s/);

    await shoot(page, "charts-streams", 360);
    await shoot(page, "charts-streams", 1280);
    expect(pageErrors(page)).toEqual([]);
  });

  test("Overview: records and approximate bytes per store as bars, storage against quota", async () => {
    await page.goto(page.url().replace(/#.*$/, "") + "#/");
    const bars = page.getByTestId("store-bars");
    await expect.poll(() => bars.locator("table[data-state=loaded]").count(), POLL).toBe(1);
    const row = bars.locator('tr[data-store="hyperspace_cache"]');
    expect(await row.locator("td").first().textContent()).toContain("4,501"); // 3,000 + 1 + the 1,500 that arrived live
    expect(await bars.locator("svg[aria-hidden=true]").count()).toBe(12);
    expect(await page.getByTestId("storage-use").textContent()).toMatch(/used of/);
    await shoot(page, "charts-overview", 360);
    await shoot(page, "charts-overview", 1280);
    // Nothing wider than the phone screen.
    await page.setViewportSize({ width: 360, height: 780 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(pageErrors(page)).toEqual([]);
  });
});

/**
 * The Streams page driven as a person would: add items, pick a stream, browse its timeline.
 *
 * In real Chromium against the built app, through labels, buttons and roles; window.phoenix only seeds data and
 * checks results. Screenshots at 360 px wide go to test-results/screenshots/ui-*.png.
 */
import { describe, expect, test } from "vitest";
import { callPhoenix, screenshotPhone, useFreshApp } from "./helpers/browser.js";
import { answer, statusOf, visit } from "./helpers/ui.js";

describe("Streams page", () => {
  const app = useFreshApp();
  const BASE = 1704067200;

  test("adds an item through the form; the stream appears with its count", async () => {
    const page = app.page();
    await visit(page, "Streams", "streams");
    const form = page.getByTestId("cosmic-form");
    await form.getByLabel("Stream").fill("big_bang");
    await form.getByLabel("Time").fill("2024-01-01T00:00:00");
    await form.getByLabel("Data").fill("Initial cosmic data stream");
    await form.getByRole("button", { name: "Add" }).click();
    const expected = Math.floor(new Date(2024, 0, 1).getTime() / 1000);
    await expect.poll(() => statusOf(page, "cosmic")).toContain(`(${expected})`);
    const row = page.locator('[data-testid=stream-stats] [data-stream="big_bang"] [data-count]');
    await expect.poll(() => row.getAttribute("data-count")).toBe("1");
    expect(await callPhoenix(page, (phoenix) => phoenix.cache.getBigBangData(), undefined)).toEqual([
      { source: "big_bang", timestamp: expected, data: "Initial cosmic data stream", streamType: "big_bang" },
    ]);
  });

  test("browses a time range newest first with paging, ties included", async () => {
    const page = app.page();
    // 40 items a minute apart, plus two more at the same time as item 10: 42 in all.
    const items = Array.from({ length: 40 }, (_, i) => ({ source: "q", timestamp: BASE + i * 60, data: `tick ${i}`, streamType: "quantum" }));
    items.push({ ...items[10]!, data: "tick 10b" }, { ...items[10]!, data: "tick 10c" });
    await callPhoenix(page, (phoenix, list) => phoenix.cache.storeCosmicBatch(list), items);
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.getByLabel("Stream", { exact: true }).first().selectOption("quantum");
    const local = (seconds: number) => {
      const d = new Date(seconds * 1000);
      const two = (n: number) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
    };
    await page.getByLabel("From", { exact: true }).fill(local(BASE + 5 * 60));
    await page.getByLabel("To", { exact: true }).fill(local(BASE + 34 * 60));
    await page.getByRole("button", { name: "Show" }).click();
    const shown = () => page.locator("[data-testid=stream-item] .entry__text").allTextContents();
    // Items 5…34 are 30, plus the two ties at 10: 32, newest first, a page of 25 then the rest.
    const wanted = Array.from({ length: 30 }, (_, i) => 34 - i).flatMap((i) => (i === 10 ? ["tick 10c", "tick 10b", "tick 10"] : [`tick ${i}`]));
    await expect.poll(shown).toEqual(wanted.slice(0, 25));
    await page.getByRole("button", { name: "More" }).click();
    await expect.poll(shown).toEqual(wanted);
    expect(await page.getByRole("button", { name: "More" }).count()).toBe(0);
    await screenshotPhone(page, "ui-streams");
  });

  test("clears a stream after a confirmation", async () => {
    const page = app.page();
    await page.getByRole("button", { name: "Clear stream" }).click();
    await answer(page, "Clear stream");
    await expect.poll(() => statusOf(page, "stream")).toBe("Cleared quantum: 42 items removed.");
    await page.locator('[data-testid=stream-stats] [data-stream="quantum"]').waitFor({ state: "detached" });
    expect(await callPhoenix(page, (phoenix) => phoenix.cache.retrieveCosmicData("quantum"), undefined)).toEqual([]);
  });
});

/**
 * The Memory page driven as a person would: etch, replace with undo, browse and recall by layer.
 *
 * In real Chromium against the built app, through labels, buttons and roles; window.phoenix only seeds data and
 * checks results. Screenshots at 360 px wide go to test-results/screenshots/ui-*.png.
 */
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { callPhoenix, screenshotPhone, useFreshApp } from "./helpers/browser.js";
import { answer, errorOf, statusOf, text, visit } from "./helpers/ui.js";

const etchForm = (page: Page) => page.getByTestId("etch-form");

describe("Memory page", () => {
  const app = useFreshApp();

  test("etches into a chosen layer with the key filled in, renders the text as text", async () => {
    const page = app.page();
    await visit(page, "Memory", "memory");
    await etchForm(page).getByLabel("Layer").selectOption("STM");
    await etchForm(page).getByLabel("Key", { exact: true }).fill("current_topic");
    expect(await text(page.getByTestId("etch-key-preview"))).toBe("stm:current_topic");
    await etchForm(page).getByLabel("Memory", { exact: true }).fill("Plans with <b>bold</b> markup");
    await page.getByRole("button", { name: "Etch" }).click();
    await expect.poll(() => statusOf(page, "etch")).toContain("Etched under stm:current_topic.");

    const item = page.locator('[data-testid=browse-list] [data-key="stm:current_topic"]');
    await item.waitFor();
    expect(await text(item.locator(".entry__text"))).toBe("Plans with <b>bold</b> markup");
    expect(await item.locator("b").count()).toBe(0);
    expect(await page.getByTestId("browse-layer-STM").getAttribute("aria-pressed")).toBe("true");
    const stored = await callPhoenix(page, (phoenix) => phoenix.cortex.recall("stm:current_topic"), undefined);
    expect(stored).toMatchObject({ layer: "STM", text: "Plans with <b>bold</b> markup" });
  });

  test("an EPM etch gets a time-ordered key and lands at the top of its layer", async () => {
    const page = app.page();
    await callPhoenix(page, (phoenix) => phoenix.cortex.etch({ layer: "EPM", text: "older" }, "epm:mum:1704067200"), undefined);
    await etchForm(page).getByLabel("Layer").selectOption("EPM");
    await etchForm(page).getByLabel("User").fill("mum");
    await etchForm(page).getByLabel("Memory", { exact: true }).fill("Mum called about Sunday");
    await page.getByRole("button", { name: "Etch" }).click();
    await expect.poll(() => statusOf(page, "etch")).toMatch(/Etched under epm:mum:\d{10}\.\d{6}\./);
    const first = page.locator("[data-testid=browse-list] [data-testid=memory-item]").first();
    await expect.poll(() => text(first.locator(".entry__text"))).toBe("Mum called about Sunday");
  });

  test("a bad key part shows the error with its code and writes nothing", async () => {
    const page = app.page();
    const before = await callPhoenix(page, (phoenix) => phoenix.counts(), undefined);
    await etchForm(page).getByLabel("Layer").selectOption("RFM");
    await etchForm(page).getByLabel("Instinct").fill("greet:ing");
    await etchForm(page).getByLabel("Key", { exact: true }).fill("morning");
    await etchForm(page).getByLabel("Memory", { exact: true }).fill("Good morning!");
    await page.getByRole("button", { name: "Etch" }).click();
    await expect.poll(() => errorOf(page, "etch")).toContain("INVALID_KEY");
    expect(await page.getByRole("alert").filter({ hasText: "An RFM instinct cannot contain ':'." }).count()).toBe(1);
    expect(await callPhoenix(page, (phoenix) => phoenix.counts(), undefined)).toEqual(before);
  });

  test("browses a layer newest first, a page at a time, with More", async () => {
    const page = app.page();
    const seconds = Array.from({ length: 45 }, (_, i) => 1704067200 + i * 60);
    await callPhoenix(
      page,
      (phoenix, list) => phoenix.cortex.etchMany(list.map((s) => [{ layer: "EPM", text: `Dad at ${s}` }, `epm:dad:${s}`] as const)),
      seconds,
    );
    await page.getByTestId("browse-layer-EPM").click();
    await page.getByLabel("Key starts with").fill("dad:");
    await page.getByRole("button", { name: "Show" }).click();
    const keys = () => page.locator("[data-testid=browse-list] [data-testid=memory-item]").evaluateAll((items) => items.map((item) => item.getAttribute("data-key")));
    const expected = seconds.map((s) => `epm:dad:${s}`).reverse();
    await expect.poll(keys).toEqual(expected.slice(0, 20));
    await page.getByRole("button", { name: "More" }).click();
    await expect.poll(keys).toEqual(expected.slice(0, 40));
    await page.getByRole("button", { name: "More" }).click();
    await expect.poll(keys).toEqual(expected);
    expect(await page.getByRole("button", { name: "More" }).count()).toBe(0);
    await screenshotPhone(page, "ui-memory");
  });

  test("recalls by key and forgets after a confirmation; Escape cancels", async () => {
    const page = app.page();
    const recall = page.getByTestId("recall-form");
    await recall.getByLabel("Key").fill("stm:current_topic");
    await recall.getByRole("button", { name: "Recall" }).click();
    const result = page.getByTestId("recall-result");
    await expect.poll(() => text(result.locator(".entry__text"))).toBe("Plans with <b>bold</b> markup");

    await result.getByRole("button", { name: "Forget stm:current_topic" }).click();
    await page.locator("dialog[open]").waitFor();
    await page.keyboard.press("Escape");
    await page.locator("dialog[open]").waitFor({ state: "hidden" });
    expect(await callPhoenix(page, (phoenix) => phoenix.cortex.recall("stm:current_topic"), undefined)).toBeDefined();

    await result.getByRole("button", { name: "Forget stm:current_topic" }).click();
    await answer(page, "Forget");
    await expect.poll(() => statusOf(page, "recall")).toBe("Forgot stm:current_topic.");
    expect(await callPhoenix(page, (phoenix) => phoenix.cortex.recall("stm:current_topic"), undefined)).toBeUndefined();
    await recall.getByRole("button", { name: "Recall" }).click();
    await expect.poll(() => statusOf(page, "recall")).toBe("Nothing is stored under stm:current_topic.");
  });
});

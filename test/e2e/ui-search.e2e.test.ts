/**
 * The Search page driven as a person would: add memories, search, filters and their results.
 *
 * In real Chromium against the built app, through labels, buttons and roles; window.phoenix only seeds data and
 * checks results. Screenshots at 360 px wide go to test-results/screenshots/ui-*.png.
 */
import { describe, expect, test } from "vitest";
import { callPhoenix, screenshotPhone, useFreshApp } from "./helpers/browser.js";
import { answer, statusOf, text, visit } from "./helpers/ui.js";

describe("Search page", () => {
  const app = useFreshApp();

  test("adds memories with metadata checked while typing; search updates while typing, best first", async () => {
    const page = app.page();
    await visit(page, "Search", "search");
    const form = page.getByTestId("vector-add-form");
    const add = form.getByRole("button", { name: "Add" });
    await form.getByLabel("Text").fill("The capital of France is Paris");
    await form.getByLabel(/^Metadata/).fill("{category: geography}");
    await expect.poll(() => text(page.getByTestId("vector-metadata-check"))).toContain("not valid JSON");
    expect(await form.getByLabel(/^Metadata/).getAttribute("aria-invalid")).toBe("true");
    expect(await add.isDisabled()).toBe(true);

    const memories = [
      ["The capital of France is Paris", '{"category": "geography"}'],
      ["Paris is known for the Eiffel Tower", '{"category": "landmarks"}'],
      ["France is a country in Europe", '{"category": "geography", "continent": "Europe"}'],
    ] as const;
    for (const [memory, metadata] of memories) {
      await form.getByLabel("Text").fill(memory);
      await form.getByLabel(/^Metadata/).fill(metadata);
      await add.click();
      await expect.poll(() => statusOf(page, "vector-add")).toMatch(/^Added the memory /);
      await expect.poll(() => form.getByLabel("Text").inputValue()).toBe("");
    }
    await expect.poll(() => text(page.getByTestId("vector-count"))).toBe("3 memories in the Vector KB.");

    const query = "What is the capital of France?";
    await page.getByTestId("search-cosine-only").check();
    await page.getByLabel("Search by meaning").pressSequentially(query, { delay: 15 });
    await expect.poll(() => statusOf(page, "search")).toBe(`3 results for “${query}”.`);
    const results = page.locator("[data-testid=search-result]");
    expect(await text(results.first().locator(".entry__text"))).toBe("The capital of France is Paris");
    expect(await text(results.first().locator(".entry__meta"))).toMatch(/^score \d\.\d{3} · category: geography$/);
    const scores = await results.evaluateAll((items) => items.map((item) => Number(item.getAttribute("data-score"))));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    await screenshotPhone(page, "ui-search");

    const filter = page.getByLabel(/^Only with metadata/);
    await filter.fill('{"category": "landmarks"}');
    await expect.poll(() => statusOf(page, "search")).toBe(`1 result for “${query}”.`);
    expect(await text(results.first().locator(".entry__text"))).toBe("Paris is known for the Eiffel Tower");
    await filter.fill("");
    await expect.poll(() => results.count()).toBe(3);

    await results.first().getByRole("button", { name: /^Remove/ }).click();
    await answer(page, "Remove");
    await expect.poll(() => text(page.getByTestId("vector-count"))).toBe("2 memories in the Vector KB.");
    expect(await results.count()).toBe(2);
  });

  test("searches every store by default, shows why each hit matched and the context, and says when nothing matches", async () => {
    const page = app.page();
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.vaults.storeMind("person:Anna", "sister");
        await phoenix.vectorKb.addMemory("Anna moved to Lisbon last spring.", { topic: "family" });
        await phoenix.cortex.etch({ layer: "LTM", text: "Anna taught me to swim." }, "ltm:anna_swim");
      },
      undefined,
    );
    await visit(page, "Search", "search");
    const cosineOnly = page.getByTestId("search-cosine-only");
    if (await cosineOnly.isChecked()) await cosineOnly.uncheck();
    const box = page.getByLabel("Search by meaning");
    await box.fill("");
    await box.pressSequentially("where does my sister live", { delay: 10 });
    const results = page.locator("[data-testid=search-result]");
    const texts = () => results.locator(".entry__text").allTextContents();
    // The first search loads the lexicon in the worker: allow for a busy machine.
    await expect.poll(texts, { timeout: 20_000 }).toContain("Anna moved to Lisbon last spring.");
    expect(await text(results.first().locator(".entry__text"))).toMatch(/^Anna /);
    expect(await text(results.first().getByTestId("search-why"))).toContain('"my sister" → Anna');
    const sources = await results.evaluateAll((items) => items.map((item) => item.getAttribute("data-source")));
    expect(sources).toContain("eternal_memory");
    await expect.poll(() => text(page.getByTestId("context-text"))).toContain("Anna moved to Lisbon last spring.");
    await screenshotPhone(page, "ui-search-context");

    await box.fill("qzxv");
    await expect.poll(() => statusOf(page, "search")).toBe("No matches for “qzxv”.");
    expect(await results.count()).toBe(0);
  });
});

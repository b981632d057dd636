/**
 * What the pages say is true, at phone width: whitespace-only content is refused (a typed error in the
 * API, shown in the form), search hides results that share nothing with the query and says "No
 * matches", and results, counts and errors always describe the current query.
 */
import { describe, expect, test } from "vitest";
import { callPhoenix, screenshotPhone } from "./helpers/browser.js";
import { errorOf, freshApp, statusOf, text, visit } from "./helpers/ui.js";

describe("whitespace-only content", () => {
  const app = freshApp();

  test("the API refuses blank memory text, vector text and stream data with INVALID_VALUE and writes nothing", async () => {
    const page = app.page();
    const outcome = await callPhoenix(
      page,
      async (phoenix) => {
        const codeOf = (work: Promise<unknown>) =>
          work.then(
            () => "stored",
            (error: { code?: string; message?: string }) => `${error.code}: ${error.message}`,
          );
        return {
          memory: await codeOf(phoenix.cortex.etch({ layer: "STM", text: "  \n\t " }, "stm:blank")),
          vector: await codeOf(phoenix.vectorKb.addMemory("   ")),
          vectors: await codeOf(phoenix.vectorKb.addMemories([{ text: "fine" }, { text: "\n" }])),
          stream: await codeOf(phoenix.cache.storeCosmicData({ streamType: "s", source: "s", data: " ", timestamp: 1 })),
          counts: await phoenix.counts(),
        };
      },
      undefined,
    );
    expect(outcome.memory).toBe("INVALID_VALUE: The memory text is empty or only spaces: write something to keep.");
    expect(outcome.vector).toMatch(/^INVALID_VALUE: The memory text is empty or only spaces/);
    expect(outcome.vectors).toMatch(/^INVALID_VALUE: /);
    expect(outcome.stream).toBe("INVALID_VALUE: The stream data is empty or only spaces: write something to keep.");
    expect(outcome.counts).toMatchObject({ eternal_memory: 0, vector_kb: 0, hyperspace_cache: 0 });
  });

  test("the Memory, Search and Streams forms show the refusal", async () => {
    const page = app.page();
    await visit(page, "Memory", "memory");
    const etch = page.getByTestId("etch-form");
    await etch.getByLabel("Layer").selectOption("STM");
    await etch.getByLabel("Key", { exact: true }).fill("blank");
    await etch.getByLabel("Memory", { exact: true }).fill("   ");
    await page.getByRole("button", { name: "Etch", exact: true }).click();
    await expect.poll(() => errorOf(page, "etch")).toBe("The memory text is empty or only spaces: write something to keep. INVALID_VALUE");

    await visit(page, "Search", "search");
    await page.getByTestId("vector-text").fill(" \n ");
    await page.getByTestId("vector-add").click();
    await expect.poll(() => errorOf(page, "vector-add")).toContain("INVALID_VALUE");

    await visit(page, "Streams", "streams");
    await page.getByTestId("cosmic-stream").fill("big_bang");
    await page.getByTestId("cosmic-data").fill("   ");
    await page.getByTestId("cosmic-submit").click();
    await expect.poll(() => errorOf(page, "cosmic")).toBe("The stream data is empty or only spaces: write something to keep. INVALID_VALUE");
    expect(await callPhoenix(page, (phoenix) => phoenix.counts(), undefined)).toMatchObject({ eternal_memory: 0, vector_kb: 0, hyperspace_cache: 0 });
  });
});

describe("Search tells the truth", () => {
  const app = freshApp();
  const results = () => app.page().locator("[data-testid=search-result]");

  test("says in one line what the search matches", async () => {
    const page = app.page();
    await callPhoenix(
      page,
      (phoenix) =>
        phoenix.vectorKb.addMemories([
          { text: "I prefer green tea" },
          { text: "The capital of France is Paris" },
          { text: "Dad likes hot soup in winter" },
          { text: "The garden needs water" },
          { text: "Paris has many bridges" },
        ]),
      undefined,
    );
    await visit(page, "Search", "search");
    // One line: the Context Engine's reasons, or (cosine only) shared words.
    expect(await text(page.getByTestId("search-explain"))).toMatch(/Nothing without a reason is shown|a memory that shares no word is not shown/);
  });

  test("a query that shares nothing with any memory shows no results and says No matches", async () => {
    const page = app.page();
    for (const query of ["🎷", "zzqxv"]) {
      await page.getByTestId("search-query").fill(query);
      await expect.poll(() => statusOf(page, "search"), { timeout: 30_000 }).toBe(`No matches for “${query}”.`);
      expect(await results().count()).toBe(0);
    }
    await page.getByTestId("search-query").fill("hot drinks");
    await expect.poll(() => statusOf(page, "search"), { timeout: 30_000 }).toMatch(/^\d+ results? for “hot drinks”\.$/);
    expect(await text(results().first())).toContain("Dad likes hot soup in winter");
    await screenshotPhone(page, "ui13-search-no-match");
  });

  test("an invalid filter clears the old results and count; a valid one brings the answer back", async () => {
    const page = app.page();
    await page.getByTestId("search-query").fill("Paris");
    await expect.poll(() => statusOf(page, "search")).toBe("2 results for “Paris”.");
    await page.getByTestId("search-filter").fill("{not json");
    await expect.poll(() => errorOf(page, "search")).toContain("INVALID_VALUE");
    expect(await statusOf(page, "search")).toBe("");
    expect(await results().count()).toBe(0);
    await page.getByTestId("search-filter").fill("");
    await expect.poll(() => statusOf(page, "search")).toBe("2 results for “Paris”.");
    expect(await errorOf(page, "search")).toBe("");
  });

  test("Remove updates the count of the current answer; removing the last says No matches", async () => {
    const page = app.page();
    for (const left of [1, 0]) {
      await results().first().getByRole("button", { name: /Remove/ }).click();
      await page.locator("dialog[open]").getByRole("button", { name: "Remove", exact: true }).click();
      await expect.poll(() => results().count()).toBe(left);
      expect(await statusOf(page, "search")).toBe(left === 1 ? "1 result for “Paris”." : "No matches for “Paris”.");
    }
  });

  test("Added memory names the memory, not its id", async () => {
    const page = app.page();
    await page.getByTestId("vector-text").fill("Paris is in France");
    await page.getByTestId("vector-add").click();
    await expect.poll(() => statusOf(page, "vector-add")).toBe("Added the memory 'Paris is in France'.");
  });
});

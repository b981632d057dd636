/**
 * Words a person understands, and small behaviours, at phone width: error messages are one sentence
 * with the code beside them (no internal field names), the layers, "Etch" and "Instinct" are explained
 * where they are chosen, the Overview uses friendly store names, counts the Vector KB, has one Refresh
 * and suggests a first step when empty; the Streams page keeps its picker, range and time honest.
 */
import { describe, expect, test } from "vitest";
import { callPhoenix, screenshotPhone } from "./helpers/browser.js";
import { answer, errorOf, freshApp, statusOf, text, visit } from "./helpers/ui.js";

describe("Overview", () => {
  const app = freshApp();

  test("an empty database suggests a first step: etch a memory, set up the Soul Vault, import a backup", async () => {
    const page = app.page();
    const steps = page.getByTestId("overview-first-steps");
    await steps.waitFor();
    const links = await steps.getByRole("link").evaluateAll((elements) => elements.map((a) => [a.textContent, a.getAttribute("href")]));
    expect(links).toEqual([
      ["Etch a memory", "#/memory"],
      ["Set up the Soul Vault", "#/vaults?vault=soul"],
      ["Import a backup", "#/backups"],
    ]);
    await screenshotPhone(page, "ui13-overview-empty");
  });

  test("friendly store names with the technical name second, the Vector KB in the summary, one Refresh for it all", async () => {
    const page = app.page();
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.cortex.etch({ layer: "LTM", text: "A lasting thing" }, "ltm:lasting");
        await phoenix.vectorKb.addMemories([{ text: "one" }, { text: "two" }]);
      },
      undefined,
    );
    const refresh = page.getByRole("button", { name: /Refresh/ });
    expect(await refresh.count()).toBe(1);
    await refresh.click();
    await page.getByTestId("overview-first-steps").waitFor({ state: "detached" });
    await expect.poll(() => text(page.getByTestId("summary-vector"))).toBe("Vector KB: 2 memories to search by words");
    const names = await page.locator("table.store-counts tbody th").evaluateAll((cells) =>
      cells.map((cell) => [cell.querySelector(".store-name")?.textContent, cell.querySelector(".store-name__technical")?.textContent]),
    );
    expect(names).toEqual([
      ["Memories", "eternal_memory"],
      ["Mind Vault", "mind_vault"],
      ["Body Vault", "body_vault"],
      ["Soul Vault", "soul_kb"],
      ["Vector KB", "vector_kb"],
      ["Streams", "hyperspace_cache"],
    ]);
    await page.locator('table.store-counts tr[data-store="vector_kb"] td[data-count="2"]').waitFor();
    await screenshotPhone(page, "ui13-overview");
  });
});

describe("Memory page words", () => {
  const app = freshApp();

  test("the layer, Etch and Instinct are explained where they are chosen", async () => {
    const page = app.page();
    await visit(page, "Memory", "memory");
    const form = page.getByTestId("etch-form");
    expect(await text(page.locator(".card", { has: form }))).toContain("To etch is to write a memory into a layer under a key");
    const hints: Record<string, string> = {
      STM: "minutes to an hour",
      WM: "today's task",
      LTM: "kept until you forget it",
      EPM: "an episode with a person at a time",
      RFM: "instinct (the situation that triggers it)",
    };
    for (const [layer, words] of Object.entries(hints)) {
      await form.getByLabel("Layer").selectOption(layer);
      expect(await text(page.getByTestId("etch-layer-hint"))).toContain(words);
    }
    expect(await text(form.getByLabel("Instinct").locator("xpath=following-sibling::p"))).toContain("The situation that triggers the reflex");
    await form.locator("details summary").click();
    expect(await form.locator("details dt").count()).toBe(5);
  });

  test("a bad EPM user name reads as one sentence, the code beside it", async () => {
    const page = app.page();
    const form = page.getByTestId("etch-form");
    await form.getByLabel("Layer").selectOption("EPM");
    await form.getByLabel("User").fill("a:b");
    await form.getByLabel("Memory", { exact: true }).fill("Hello");
    await page.getByRole("button", { name: "Etch", exact: true }).click();
    await expect.poll(() => errorOf(page, "etch")).toBe("An EPM user name cannot contain ':'. INVALID_KEY");
    expect(await page.getByTestId("etch-error").locator("code").textContent()).toBe("INVALID_KEY");
  });
});

describe("error messages through the API", () => {
  const app = freshApp();

  test("a damaged backup reads as one sentence; a stream error names no internal field", async () => {
    const page = app.page();
    const result = await page.evaluate(async () => {
      const phoenix = window.phoenix!;
      await phoenix.cortex.etch({ layer: "LTM", text: "x".repeat(5000) }, "ltm:big");
      const file = await phoenix.backups.export();
      const bytes = new Uint8Array(await file.arrayBuffer());
      const messageOf = (work: Promise<unknown>) => work.then(() => "ok", (error: { code?: string; message?: string }) => [error.code, error.message]);
      return {
        cut: await messageOf(phoenix.backups.inspect(new File([bytes.subarray(0, bytes.length >> 1)], "cut.tar.gz"))),
        notGzip: await messageOf(phoenix.backups.inspect(new File(["hello"], "hello.tar.gz"))),
        stream: await messageOf(phoenix.cache.storeCosmicData({ streamType: "", source: "s", data: "d", timestamp: 1 })),
        when: await messageOf(phoenix.cache.storeCosmicData({ streamType: "s", source: "s", data: "d", timestamp: Number.NaN })),
      };
    });
    // Where half the file ends decides which part of gzip notices the cut (the data or its CRC-32 trailer);
    // either way it is one sentence that says the file is damaged.
    expect(result.cut[0]).toBe("BACKUP_TRUNCATED");
    expect(result.cut[1]).toMatch(/^This backup file is damaged( or cut short)? \((its compressed data is cut off|its CRC-32 and length do not match the data)\)\.$/);
    expect(result.notGzip).toEqual(["BACKUP_NOT_GZIP", "This file is not a Phoenix backup (it is not a gzip archive)."]);
    expect(result.stream).toEqual(["INVALID_KEY", "The stream name is empty: give it a name."]);
    expect(result.when).toEqual(["INVALID_TIMESTAMP", "The time must be a number of seconds; got NaN."]);
  });
});

describe("Streams page behaviours", () => {
  const app = freshApp();

  test("after Add, a time filled in as now moves on to the new now", async () => {
    const page = app.page();
    // Date.now() is fixed (timers still run), then moved on five minutes before the Add.
    await page.clock.setFixedTime(new Date(2025, 0, 1, 10, 0, 7));
    await visit(page, "Streams", "streams");
    const form = page.getByTestId("cosmic-form");
    await form.getByLabel("Stream").fill("big_bang");
    await form.getByRole("button", { name: "Fill in now" }).click();
    expect(await page.getByTestId("cosmic-time").inputValue()).toBe("2025-01-01T10:00:07");
    await form.getByLabel("Data").fill("first");
    await page.clock.setFixedTime(new Date(2025, 0, 1, 10, 5, 9));
    await form.getByRole("button", { name: "Add" }).click();
    await expect.poll(() => statusOf(page, "cosmic")).toContain("Added to big_bang");
    await expect.poll(() => page.getByTestId("cosmic-time").inputValue()).toBe("2025-01-01T10:05:09");
  });

  test("a From later than To says so and shows nothing stale", async () => {
    const page = app.page();
    await page.getByTestId("stream-from").fill("2025-01-02T00:00:00");
    await page.getByTestId("stream-to").fill("2025-01-01T00:00:00");
    await page.getByTestId("stream-show").click();
    await expect.poll(() => errorOf(page, "stream")).toBe("From is later than To, so no item can fall in between: swap them. INVALID_ARGUMENT");
    expect(await page.locator("[data-testid=stream-item]").count()).toBe(0);
    expect(await page.getByText("No items in this range.").count()).toBe(0);
  });

  test("after clearing the selected stream the picker asks for a stream and Clear is disabled", async () => {
    const page = app.page();
    await callPhoenix(page, (phoenix) => phoenix.cache.storeCosmicData({ streamType: "quantum", source: "q", data: "tick", timestamp: 1 }), undefined);
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.getByTestId("stream-select").selectOption("big_bang");
    await page.getByTestId("stream-clear").click();
    await answer(page, "Clear stream");
    await expect.poll(() => statusOf(page, "stream")).toBe("Cleared big_bang: 1 item removed.");
    await expect.poll(() => page.getByTestId("stream-select").evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe("Choose a stream");
    await expect.poll(() => page.getByTestId("stream-clear").isDisabled(), { timeout: 15_000 }).toBe(true);
    await page.getByTestId("stream-select").selectOption("quantum");
    await expect.poll(() => page.getByTestId("stream-clear").isDisabled(), { timeout: 15_000 }).toBe(false);
    await screenshotPhone(page, "ui13-streams");
  });
});

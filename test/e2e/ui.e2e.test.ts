/**
 * The pages, driven through the UI as a person would (labels, buttons, roles), in real Chromium against
 * the built app: each page's main action, the Soul Vault's lock screen, an export downloaded and imported
 * into a fresh profile (file picker and drag-and-drop), and a screenshot of each page at 360 px wide
 * (test-results/screenshots/ui-*.png). window.phoenix is used only to seed data and to check results.
 */
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { callPhoenix, launchBrowser, openApp, pageErrors, reloadApp, screenshotPhone } from "./helpers/browser.js";

const text = (locator: Locator) => locator.textContent().then((value) => value ?? "");
const statusOf = (page: Page, testId: string) => text(page.getByTestId(`${testId}-status`));
const errorOf = (page: Page, testId: string) => text(page.getByTestId(`${testId}-error`));

/** Follows a nav link and waits for the page's heading. */
async function visit(page: Page, linkName: string, pageId: string): Promise<void> {
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: linkName, exact: true }).click();
  await page.getByTestId(`page-${pageId}`).waitFor();
}

const etchForm = (page: Page) => page.getByTestId("etch-form");

/** Answers the open confirmation dialog. */
async function answer(page: Page, button: string): Promise<void> {
  const dialog = page.locator("dialog[open]");
  await dialog.waitFor();
  await dialog.getByRole("button", { name: button, exact: true }).click();
  await page.locator("dialog[open]").waitFor({ state: "hidden" });
}

/** A fresh profile with the app open on its first page; closed after the describe block. */
function freshApp(): { page: () => Page; context: () => BrowserContext } {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await launchBrowser();
    page = await openApp(context);
  });
  afterAll(async () => {
    if (page) expect(pageErrors(page)).toEqual([]);
    await context?.close();
  });
  return { page: () => page, context: () => context };
}

describe("shell: skip link and navigation", () => {
  const app = freshApp();

  test("the first Tab reaches the skip link, which moves focus to the content without re-routing", async () => {
    const page = app.page();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    expect(await page.evaluate(() => location.hash)).not.toBe("#main");
    await page.getByTestId("page-overview").waitFor();
  });

  test("the nav marks the current page and navigation focuses the new page's heading", async () => {
    const page = app.page();
    await visit(page, "Streams", "streams");
    const current = page.getByRole("navigation", { name: "Pages" }).locator("[aria-current=page]");
    expect(await text(current)).toBe("Streams");
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
    expect(await page.title()).toContain("Streams");
  });
});

describe("Memory page", () => {
  const app = freshApp();

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

describe("Vaults page: Mind and Body", () => {
  const app = freshApp();

  test("stores Mind facts, finds them by prefix, forgets one", async () => {
    const page = app.page();
    await visit(page, "Vaults", "vaults");
    const mind = page.getByTestId("mind-vault");
    for (const [key, value] of [
      ["fact:capital_france", "Paris"],
      ["fact:capital_italy", "Rome"],
      ["pref:colour", "blue"],
    ]) {
      await mind.getByLabel("Key", { exact: true }).fill(key!);
      await mind.getByLabel("Value").fill(value!);
      await mind.getByRole("button", { name: "Store" }).click();
      await expect.poll(() => statusOf(page, "mind-edit")).toBe(`Stored ${key} in the Mind Vault.`);
    }
    await mind.getByLabel("Key starts with").fill("fact:");
    await mind.getByRole("button", { name: "Search" }).click();
    const keys = () => mind.locator("[data-testid=kv-item]").evaluateAll((items) => items.map((item) => item.getAttribute("data-key")));
    await expect.poll(keys).toEqual(["fact:capital_france", "fact:capital_italy"]);

    await mind.getByRole("button", { name: "Forget fact:capital_italy" }).click();
    await answer(page, "Forget");
    await expect.poll(keys).toEqual(["fact:capital_france"]);
    expect(await callPhoenix(page, (phoenix) => phoenix.vaults.recallPrefix("mind:fact:", 10), undefined)).toEqual([
      ["fact:capital_france", "Paris"],
    ]);
    await screenshotPhone(page, "ui-vaults-mind");
  });

  test("stores Body state and clears the Body Vault after a confirmation", async () => {
    const page = app.page();
    await page.getByRole("button", { name: "Body", exact: true }).click();
    const body = page.getByTestId("body-vault");
    await body.getByLabel("Key", { exact: true }).fill("system:last_sync");
    await body.getByLabel("Value").fill("2024-01-01");
    await body.getByRole("button", { name: "Store" }).click();
    await body.locator('[data-key="system:last_sync"]').waitFor();

    await page.getByRole("button", { name: "Clear Body" }).click();
    await answer(page, "Clear Body");
    await expect.poll(() => statusOf(page, "body-clear")).toBe("Cleared the Body Vault: 1 entry removed.");
    await expect.poll(() => body.locator("[data-testid=kv-item]").count()).toBe(0);
    const counts = await callPhoenix(page, (phoenix) => phoenix.vaults.counts(), undefined);
    expect(counts).toMatchObject({ mind: 2, body: 0 });
  });
});

describe("Vaults page: the Soul Vault's lock screen", () => {
  const app = freshApp();
  const SECRET = "I love you, Dad.";
  const FIRST = "correct horse battery";
  const SECOND = "staple lamp river cloud";

  const bodyHasSecret = (page: Page) => page.evaluate((secret) => document.body.innerText.includes(secret), SECRET);

  async function unlock(page: Page, passphrase: string): Promise<void> {
    const form = page.getByTestId("soul-unlock-form");
    await form.getByLabel("Passphrase", { exact: true }).fill(passphrase);
    await form.getByRole("button", { name: "Unlock", exact: true }).click();
  }

  test("setup leaves it unlocked; soul memories are stored and listed", async () => {
    const page = app.page();
    await visit(page, "Vaults", "vaults");
    await page.getByRole("button", { name: "Soul", exact: true }).click();
    const setup = page.getByTestId("soul-setup-form");
    await setup.getByLabel("New passphrase").fill(FIRST);
    await setup.getByLabel("Repeat the passphrase").fill(FIRST);
    await setup.getByRole("button", { name: "Set up and unlock" }).click();
    const soul = page.getByTestId("soul-vault");
    await soul.waitFor({ timeout: 20_000 });
    await soul.getByLabel("Key", { exact: true }).fill("dad:last_soft_memory");
    await soul.getByLabel("Value").fill(SECRET);
    await soul.getByRole("button", { name: "Store" }).click();
    await expect.poll(() => text(soul.locator('[data-key="dad:last_soft_memory"] .entry__text'))).toBe(SECRET);
    await screenshotPhone(page, "ui-soul-unlocked");
  });

  test("Lock hides every soul memory; a wrong passphrase is refused with its code", async () => {
    const page = app.page();
    await page.getByTestId("soul-lock-button").click();
    await page.getByTestId("soul-unlock-form").waitFor();
    expect(await bodyHasSecret(page)).toBe(false);
    await unlock(page, "not the passphrase");
    await expect.poll(() => errorOf(page, "soul-lock"), { timeout: 20_000 }).toContain("BAD_PASSPHRASE");
    expect(await bodyHasSecret(page)).toBe(false);
    await screenshotPhone(page, "ui-soul-locked");
    await unlock(page, FIRST);
    await page.getByTestId("soul-vault").waitFor({ timeout: 20_000 });
    await expect.poll(() => bodyHasSecret(page)).toBe(true);
  });

  test("after a reload the vault is locked again and shows nothing", async () => {
    const page = app.page();
    await reloadApp(page);
    await page.getByTestId("soul-unlock-form").waitFor();
    expect(await bodyHasSecret(page)).toBe(false);
  });

  test("change passphrase: only the new one unlocks", async () => {
    const page = app.page();
    await unlock(page, FIRST);
    const form = page.getByTestId("soul-change-form");
    await form.waitFor({ timeout: 20_000 });
    await form.getByLabel("Current passphrase").fill(FIRST);
    await form.getByLabel("New passphrase", { exact: true }).fill(SECOND);
    await form.getByLabel("Repeat the new passphrase").fill(SECOND);
    await form.getByRole("button", { name: "Change passphrase" }).click();
    expect(await form.getByTestId("soul-change-rotate").isChecked()).toBe(true);
    await expect.poll(() => statusOf(page, "soul-change"), { timeout: 30_000 }).toContain("The passphrase is changed");
    // Rotating with the change is the page's default.
    expect(await statusOf(page, "soul-change")).toContain("a new key is in use");
    await page.getByTestId("soul-lock-button").click();
    await unlock(page, FIRST);
    await expect.poll(() => errorOf(page, "soul-lock"), { timeout: 20_000 }).toContain("BAD_PASSPHRASE");
    await unlock(page, SECOND);
    await page.getByTestId("soul-vault").waitFor({ timeout: 20_000 });
    await expect.poll(() => bodyHasSecret(page)).toBe(true);
  });

  test("rotate key re-encrypts with progress, after a snapshot, and everything stays readable", async () => {
    const page = app.page();
    await page.getByRole("button", { name: "Rotate key" }).click();
    await expect.poll(() => statusOf(page, "soul-rotate"), { timeout: 30_000 }).toBe("New key in use: 1 records re-encrypted.");
    const reasons = await callPhoenix(page, async (phoenix) => (await phoenix.backups.pulse.list()).map((s) => s.reason), undefined);
    expect(reasons).toContain("before-rotate-key");
    expect(await callPhoenix(page, (phoenix) => phoenix.vaults.recallSoul("dad:last_soft_memory"), undefined)).toBe(SECRET);
  });
});

describe("Streams page", () => {
  const app = freshApp();
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

describe("Search page", () => {
  const app = freshApp();

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

describe("Overview page", () => {
  const app = freshApp();

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

describe("Backups page: export, then import into a fresh profile", () => {
  const source = freshApp();
  const plainPath = join(tmpdir(), `phoenix-ui-${process.pid}.tar.gz`);
  const encryptedPath = join(tmpdir(), `phoenix-ui-${process.pid}.tar.gz.enc`);

  test("export downloads phoenix-backup-YYYYMMDD-HHMMSS.tar.gz, and an encrypted one on request", async () => {
    const page = source.page();
    await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.cortex.etch({ layer: "EPM", text: "Dad told me about his day" }, "epm:dad:1704067200");
        await phoenix.vaults.storeMind("fact:capital_france", "Paris");
        await phoenix.cache.storeCosmicData({ source: "big_bang", timestamp: 1704067200, data: "Initial", streamType: "big_bang" });
      },
      undefined,
    );
    await visit(page, "Backups", "backups");
    await expect.poll(() => statusOf(page, "health")).toBe("Every store opens and reads.");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^phoenix-backup-\d{8}-\d{6}\.tar\.gz$/);
    await download.saveAs(plainPath);
    await expect.poll(() => statusOf(page, "export")).toContain(`Saved ${download.suggestedFilename()}`);

    await page.getByLabel("Encrypt the whole archive with a passphrase").check();
    await page.getByLabel("Archive passphrase").fill("archive secret 1");
    await page.getByLabel("Repeat it").fill("archive secret 1");
    const [encrypted] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
    expect(encrypted.suggestedFilename()).toMatch(/^phoenix-backup-\d{8}-\d{6}\.tar\.gz\.enc$/);
    await encrypted.saveAs(encryptedPath);
    await screenshotPhone(page, "ui-backups");
  });

  describe("in a fresh profile", () => {
    const target = freshApp();

    test("the file picker shows a summary first, then replace writes it all after a confirmation", async () => {
      const page = target.page();
      await visit(page, "Backups", "backups");
      await page.getByTestId("import-file").setInputFiles(plainPath);
      const summary = page.getByTestId("import-summary");
      await summary.waitFor();
      expect(await summary.locator('tr[data-store="eternal_memory"] td').getAttribute("data-count")).toBe("1");
      expect(await callPhoenix(page, (phoenix) => phoenix.counts(), undefined)).toMatchObject({ eternal_memory: 0, mind_vault: 0 });

      await page.getByRole("button", { name: "Import" }).click();
      await answer(page, "Replace");
      await expect.poll(() => statusOf(page, "import")).toContain("Imported (replace).");
      await page.getByTestId("import-report").waitFor();
      const back = await callPhoenix(
        page,
        async (phoenix) => ({
          memory: await phoenix.cortex.recall("epm:dad:1704067200"),
          france: await phoenix.vaults.recallMind("fact:capital_france"),
          bigBang: await phoenix.cache.getBigBangData(),
        }),
        undefined,
      );
      expect(back.memory?.text).toBe("Dad told me about his day");
      expect(back.france).toBe("Paris");
      expect(back.bigBang).toHaveLength(1);
      await page.locator("[data-testid=snapshot-item]").first().waitFor();
      expect(await text(page.getByTestId("snapshot-list"))).toContain("before an import");
    });

    test("a dropped encrypted archive asks for its passphrase, then merges", async () => {
      const page = target.page();
      await callPhoenix(page, (phoenix) => phoenix.vaults.storeMind("fact:local_only", "kept"), undefined);
      const bytes = (await readFile(encryptedPath)).toString("base64");
      const name = encryptedPath.split("/").pop()!;
      await page.getByTestId("import-file-zone").evaluate(
        (zone, { bytes, name }) => {
          const data = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([data], name, { type: "application/octet-stream" }));
          zone.dispatchEvent(new DragEvent("dragenter", { dataTransfer: transfer, bubbles: true, cancelable: true }));
          zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        },
        { bytes, name },
      );
      await expect.poll(() => statusOf(page, "import")).toContain("is encrypted: enter its passphrase");
      await page.getByLabel("Archive passphrase").fill("wrong one");
      await page.getByRole("button", { name: "Open" }).click();
      await expect.poll(() => errorOf(page, "import"), { timeout: 30_000 }).toContain("BACKUP_BAD_PASSPHRASE");
      await page.getByLabel("Archive passphrase").fill("archive secret 1");
      await page.getByRole("button", { name: "Open" }).click();
      await page.getByTestId("import-summary").waitFor({ timeout: 30_000 });
      await page.getByLabel(/^Merge/).check();
      await page.getByRole("button", { name: "Import" }).click();
      await answer(page, "Merge");
      await expect.poll(() => statusOf(page, "import"), { timeout: 30_000 }).toContain("Imported (merge).");
      const mind = await callPhoenix(page, (phoenix) => phoenix.vaults.recallPrefix("mind:fact:", 10), undefined);
      expect(mind).toEqual([
        ["fact:capital_france", "Paris"],
        ["fact:local_only", "kept"],
      ]);
    });

    test("snapshots: take, schedule, delete, and restore the one from before the first import", async () => {
      const page = target.page();
      const items = page.locator("[data-testid=snapshot-item]");
      const before = await items.count();
      await page.getByRole("button", { name: "Take a snapshot now" }).click();
      await expect.poll(() => items.count()).toBe(before + 1);

      await page.getByLabel("Hours between snapshots").fill("12");
      await page.getByLabel("Snapshots to keep").fill("5");
      await page.getByRole("button", { name: "Save schedule" }).click();
      await expect.poll(() => statusOf(page, "snapshot-schedule")).toContain("every 12 hours");
      expect(await callPhoenix(page, (phoenix) => phoenix.backups.pulse.settings(), undefined)).toEqual({ intervalHours: 12, keep: 5 });

      const [saved] = await Promise.all([page.waitForEvent("download"), items.first().getByRole("button", { name: /^Download/ }).click()]);
      expect(saved.suggestedFilename()).toMatch(/^phoenix-backup-\d{8}-\d{6}\.tar\.gz$/);

      await items.first().getByRole("button", { name: /^Delete/ }).click();
      await answer(page, "Delete");
      await expect.poll(() => items.count()).toBe(before);

      // The oldest snapshot is the empty profile, from just before the first import.
      await items.last().getByRole("button", { name: /^Restore/ }).click();
      await answer(page, "Restore");
      await expect.poll(() => statusOf(page, "snapshot"), { timeout: 30_000 }).toContain("Restored the snapshot");
      const counts = await callPhoenix(page, (phoenix) => phoenix.counts(), undefined);
      expect(counts).toMatchObject({ eternal_memory: 0, mind_vault: 0, hyperspace_cache: 0 });
    });
  });
});

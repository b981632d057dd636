/**
 * No silent overwrites, at phone width: etching over an existing memory key, or storing over an existing
 * Mind, Body or Soul key, asks first ("Replace the memory '…'?"); a replace or a forget can be undone
 * for a few seconds; a vault filter takes the routed form ("mind:fact:") and says when nothing matches.
 */
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { callPhoenix, screenshotPhone } from "./helpers/browser.js";
import { answer, errorOf, freshApp, statusOf, text, visit } from "./helpers/ui.js";

const etchForm = (page: Page) => page.getByTestId("etch-form");

async function etchStm(page: Page, key: string, memory: string): Promise<void> {
  await etchForm(page).getByLabel("Layer").selectOption("STM");
  await etchForm(page).getByLabel("Key", { exact: true }).fill(key);
  await etchForm(page).getByLabel("Memory", { exact: true }).fill(memory);
  await page.getByRole("button", { name: "Etch", exact: true }).click();
}

const recallText = (page: Page, key: string) =>
  callPhoenix(page, async (phoenix, k) => (await phoenix.cortex.recall(k))?.text, key);

describe("Memory page: replace and forget", () => {
  const app = freshApp();

  test("etching an existing key asks 'Replace the memory …?'; Cancel keeps the old memory", async () => {
    const page = app.page();
    await visit(page, "Memory", "memory");
    await etchStm(page, "current_topic", "Talking about the garden");
    await expect.poll(() => statusOf(page, "etch")).toContain("Etched under stm:current_topic.");
    await etchStm(page, "current_topic", "Talking about the weather");
    expect(await answer(page, "Cancel")).toBe("Replace the memory 'Talking about the garden'?");
    await expect.poll(() => statusOf(page, "etch")).toBe("Nothing was changed.");
    expect(await recallText(page, "stm:current_topic")).toBe("Talking about the garden");
  });

  test("Replace writes the new text, and Undo puts the old one back", async () => {
    const page = app.page();
    await etchStm(page, "current_topic", "Talking about the weather");
    expect(await answer(page, "Replace")).toBe("Replace the memory 'Talking about the garden'?");
    await expect.poll(() => statusOf(page, "etch")).toContain("Replaced under stm:current_topic.");
    expect(await recallText(page, "stm:current_topic")).toBe("Talking about the weather");
    expect(await text(page.getByTestId("etch-undo"))).toContain("Replaced the memory 'Talking about the garden'");
    await screenshotPhone(page, "ui13-memory-undo");
    await page.getByTestId("etch-undo-button").click();
    await expect.poll(() => recallText(page, "stm:current_topic")).toBe("Talking about the garden");
    await expect.poll(() => statusOf(page, "etch-undo")).toBe("Put back the memory 'Talking about the garden'.");
    await expect.poll(() => text(page.getByTestId("browse-list"))).toContain("Talking about the garden");
  });

  test("Forget can be undone", async () => {
    const page = app.page();
    const item = page.locator('[data-testid=memory-item][data-key="stm:current_topic"]');
    await item.getByRole("button", { name: /Forget/ }).click();
    expect(await answer(page, "Forget")).toBe("Forget the memory 'Talking about the garden'?");
    await expect.poll(() => recallText(page, "stm:current_topic")).toBeUndefined();
    await expect.poll(() => item.count()).toBe(0);
    await page.getByTestId("browse-undo-button").click();
    await expect.poll(() => recallText(page, "stm:current_topic")).toBe("Talking about the garden");
    await item.waitFor();
  });

  test("Forget from Recall by key can be undone too", async () => {
    const page = app.page();
    await page.getByTestId("recall-key").fill("stm:current_topic");
    await page.getByTestId("recall-submit").click();
    const found = page.getByTestId("recall-result");
    await found.getByRole("button", { name: /Forget/ }).click();
    expect(await answer(page, "Forget")).toBe("Forget the memory 'Talking about the garden'?");
    await expect.poll(() => recallText(page, "stm:current_topic")).toBeUndefined();
    await page.getByTestId("recall-undo-button").click();
    await expect.poll(() => recallText(page, "stm:current_topic")).toBe("Talking about the garden");
    await expect.poll(() => statusOf(page, "recall-undo")).toBe("Put back the memory 'Talking about the garden'.");
  });
});

describe("Vaults: replace, undo and filters", () => {
  const app = freshApp();

  async function store(page: Page, vault: string, key: string, value: string): Promise<void> {
    await page.getByTestId(`${vault}-key`).fill(key);
    await page.getByTestId(`${vault}-value`).fill(value);
    await page.getByTestId(`${vault}-store`).click();
  }

  test("Mind: storing an existing key asks first; Replace then Undo restores the old value", async () => {
    const page = app.page();
    await visit(page, "Vaults", "vaults");
    await store(page, "mind", "fact:capital_france", "Paris");
    await expect.poll(() => statusOf(page, "mind-edit")).toBe("Stored fact:capital_france in the Mind Vault.");
    await store(page, "mind", "fact:capital_france", "Lyon");
    expect(await answer(page, "Cancel")).toBe("Replace the memory 'Paris'?");
    expect(await callPhoenix(page, (phoenix) => phoenix.vaults.recallMind("fact:capital_france"), undefined)).toBe("Paris");
    await page.getByTestId("mind-store").click();
    await answer(page, "Replace");
    await expect.poll(() => callPhoenix(page, (phoenix) => phoenix.vaults.recallMind("fact:capital_france"), undefined)).toBe("Lyon");
    await page.getByTestId("mind-undo-button").click();
    await expect.poll(() => callPhoenix(page, (phoenix) => phoenix.vaults.recallMind("fact:capital_france"), undefined)).toBe("Paris");
  });

  test("Mind: the routed filter mind:fact: finds the facts; a filter that matches nothing says so", async () => {
    const page = app.page();
    await callPhoenix(
      page,
      async (phoenix) => {
        for (const name of ["a", "b", "c", "d", "e"]) await phoenix.vaults.storeMind(`fact:${name}`, name);
      },
      undefined,
    );
    await page.getByTestId("mind-query").fill("mind:fact:");
    await page.getByTestId("mind-search").click();
    await expect.poll(() => page.locator("[data-testid=mind-list] [data-testid=kv-item]").count()).toBe(6);
    await page.getByTestId("mind-query").fill("nothing:");
    await page.getByTestId("mind-search").click();
    await expect.poll(() => text(page.getByTestId("mind-empty"))).toBe('No keys start with "nothing:".');
    expect(await statusOf(page, "mind-list")).toBe('No keys start with "nothing:".');
    expect(await page.locator("[data-testid=mind-list]").count()).toBe(0);
  });

  test("Mind: Forget can be undone", async () => {
    const page = app.page();
    await page.getByTestId("mind-query").fill("fact:a");
    await page.getByTestId("mind-search").click();
    const item = page.locator('[data-testid=kv-item][data-key="fact:a"]');
    await item.getByRole("button", { name: /Forget/ }).click();
    await answer(page, "Forget");
    await expect.poll(() => callPhoenix(page, (phoenix) => phoenix.vaults.recallMind("fact:a"), undefined)).toBeUndefined();
    await page.getByTestId("mind-undo-button").click();
    await expect.poll(() => callPhoenix(page, (phoenix) => phoenix.vaults.recallMind("fact:a"), undefined)).toBe("a");
  });

  test("Body: storing an existing key asks first", async () => {
    const page = app.page();
    await page.getByTestId("vault-tab-body").click();
    await store(page, "body", "system:last_sync", "monday");
    await expect.poll(() => statusOf(page, "body-edit")).toContain("Stored system:last_sync");
    await store(page, "body", "system:last_sync", "tuesday");
    expect(await answer(page, "Replace")).toBe("Replace the memory 'monday'?");
    await expect.poll(() => callPhoenix(page, (phoenix) => phoenix.vaults.recallBody("system:last_sync"), undefined)).toBe("tuesday");
    await page.getByTestId("body-query").fill("body:system:");
    await page.getByTestId("body-search").click();
    await expect.poll(() => page.locator("[data-testid=body-list] [data-testid=kv-item]").count()).toBe(1);
  });

  test("Soul: storing an existing key asks first, and Undo restores the encrypted value", async () => {
    const page = app.page();
    await callPhoenix(page, (phoenix) => phoenix.vaults.soul.setup("four random words here"), undefined);
    await callPhoenix(page, (phoenix) => phoenix.vaults.storeSoul("dad:last_soft_memory", "I love you, Dad."), undefined);
    await page.getByTestId("vault-tab-soul").click();
    await page.getByTestId("soul-key").waitFor();
    await store(page, "soul", "dad:last_soft_memory", "Something else");
    expect(await answer(page, "Replace")).toBe("Replace the memory 'I love you, Dad.'?");
    await expect.poll(() => callPhoenix(page, (phoenix) => phoenix.vaults.recallSoul("dad:last_soft_memory"), undefined)).toBe("Something else");
    await page.getByTestId("soul-undo-button").click();
    await expect.poll(() => callPhoenix(page, (phoenix) => phoenix.vaults.recallSoul("dad:last_soft_memory"), undefined)).toBe("I love you, Dad.");
    expect(await errorOf(page, "soul-edit")).toBe("");
    await screenshotPhone(page, "ui13-soul-replace");
  });
});

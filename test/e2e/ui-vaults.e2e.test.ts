/**
 * The Vaults page driven as a person would: Mind and Body facts, filtered by prefix.
 *
 * In real Chromium against the built app, through labels, buttons and roles; window.phoenix only seeds data and
 * checks results. Screenshots at 360 px wide go to test-results/screenshots/ui-*.png.
 */
import { describe, expect, test } from "vitest";
import { callPhoenix, screenshotPhone, useFreshApp } from "./helpers/browser.js";
import { answer, statusOf, visit } from "./helpers/ui.js";

describe("Vaults page: Mind and Body", () => {
  const app = useFreshApp();

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

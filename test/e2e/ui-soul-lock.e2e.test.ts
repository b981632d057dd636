/**
 * The Vaults page's Soul Vault driven as a person would: set up, lock screen, unlock, remember.
 *
 * In real Chromium against the built app, through labels, buttons and roles; window.phoenix only seeds data and
 * checks results. Screenshots at 360 px wide go to test-results/screenshots/ui-*.png.
 */
import { describe, expect, test } from "vitest";
import type { Page } from "playwright-core";
import { callPhoenix, reloadApp, screenshotPhone, useFreshApp } from "./helpers/browser.js";
import { errorOf, statusOf, text, visit } from "./helpers/ui.js";

describe("Vaults page: the Soul Vault's lock screen", () => {
  const app = useFreshApp();
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

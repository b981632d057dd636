/**
 * Helpers for driving the pages as a person would, at phone width by default: a fresh profile per
 * describe block, nav by link name, answering the confirmation dialog, reading status and error regions,
 * and measuring whether the page got wider than the screen.
 */
import type { Locator, Page } from "playwright-core";
import { useFreshApp, type FreshApp } from "./browser.js";

export const PHONE = { width: 360, height: 780 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;

export const text = (locator: Locator) => locator.textContent().then((value) => value ?? "");
export const statusOf = (page: Page, testId: string) => text(page.getByTestId(`${testId}-status`));
export const errorOf = (page: Page, testId: string) => text(page.getByTestId(`${testId}-error`));

/** Follows a nav link and waits for the page's heading. */
export async function visit(page: Page, linkName: string, pageId: string): Promise<void> {
  await page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: linkName, exact: true }).click();
  await page.getByTestId(`page-${pageId}`).waitFor();
}

/** Waits for the open confirmation dialog, returns its title, and answers it with `button`. */
export async function answer(page: Page, button: string): Promise<string> {
  const dialog = page.locator("dialog[open]");
  await dialog.waitFor();
  const title = await text(dialog.locator("h2"));
  await dialog.getByRole("button", { name: button, exact: true }).click();
  await page.locator("dialog[open]").waitFor({ state: "hidden" });
  return title;
}

/** How much wider than the viewport the document is (0 when it fits). */
export async function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** A fresh profile with the app open at `size` (phone width by default); page errors fail the block. */
export function freshApp(size: { width: number; height: number } = PHONE): FreshApp {
  return useFreshApp({ size });
}

/**
 * The app shell driven as a person would: the skip link and the page navigation.
 *
 * In real Chromium against the built app, through labels, buttons and roles; window.phoenix only seeds data and
 * checks results. Screenshots at 360 px wide go to test-results/screenshots/ui-*.png.
 */
import { describe, expect, test } from "vitest";
import { useFreshApp } from "./helpers/browser.js";
import { text, visit } from "./helpers/ui.js";

describe("shell: skip link and navigation", () => {
  const app = useFreshApp();

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

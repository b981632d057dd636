/**
 * Browser helpers for the e2e tests: a fresh Chromium profile per call, the built app opened and
 * ready, and calls into the page's `window.phoenix`. Every test file gets the served URL from
 * test/e2e/global-setup.ts through vitest's inject().
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import type { Phoenix } from "../../../src/index.js";
import { CHROMIUM_ARGS } from "../../../scripts/chromium.mjs";
import { REPO_ROOT } from "./build.js";

export const SCREENSHOT_DIR = join(REPO_ROOT, "test-results", "screenshots");
const READY_TIMEOUT_MS = 30_000;

/** The served app's base URL, ending in "/". */
export function appUrl(path = ""): string {
  return new URL(path, inject("baseUrl")).href;
}

export interface LaunchOptions {
  /** Extra Chromium flags on top of the shared ones. */
  args?: string[];
}

/**
 * A fresh persistent context (its own profile in a new temp dir, so fresh IndexedDB, caches and
 * service workers). Close it with `await context.close()`; the profile dir is removed then.
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<BrowserContext> {
  const profileDir = await mkdtemp(join(tmpdir(), "phoenix-e2e-"));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: inject("chromiumPath"),
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
  context.once("close", () => {
    // Chromium may still be flushing the profile as it exits; retry, and never fail a test over a temp dir.
    rm(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(() => undefined);
  });
  return context;
}

/** Waits until the app has opened its database and exposed `window.phoenix`. */
export async function waitForReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true", undefined, {
    timeout: READY_TIMEOUT_MS,
  });
}

/**
 * Opens the app (optionally a hash route such as "#/memory") in the context's first tab and waits
 * until it is ready. Page errors fail loudly: they are collected on `page` (see pageErrors()).
 */
export async function openApp(context: BrowserContext, path = ""): Promise<Page> {
  const page = context.pages()[0] ?? (await context.newPage());
  watchErrors(page);
  await page.goto(appUrl(path));
  await waitForReady(page);
  return page;
}

/** A second tab on the same profile (same origin storage), opened and ready. */
export async function openAppInNewTab(context: BrowserContext, path = ""): Promise<Page> {
  const page = await context.newPage();
  watchErrors(page);
  await page.goto(appUrl(path));
  await waitForReady(page);
  return page;
}

/** Reloads and waits for the app to be ready again (database reopened). */
export async function reloadApp(page: Page): Promise<void> {
  await page.reload();
  await waitForReady(page);
}

/** Cuts (or restores) the network for every page of the context, service worker included. */
export async function setOffline(context: BrowserContext, offline = true): Promise<void> {
  await context.setOffline(offline);
}

const errorsByPage = new WeakMap<Page, string[]>();

function watchErrors(page: Page): void {
  if (errorsByPage.has(page)) return;
  const errors: string[] = [];
  errorsByPage.set(page, errors);
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console.error: ${message.text()}`);
  });
}

/** Uncaught page errors and console errors seen so far on a page opened through these helpers. */
export function pageErrors(page: Page): string[] {
  return [...(errorsByPage.get(page) ?? [])];
}

/**
 * Runs `fn(window.phoenix, arg)` in the page and returns its (JSON-serialisable) result.
 * `fn` is sent as source text, so it must be self-contained: no imports or outer variables,
 * everything it needs comes in `arg` (JSON values only).
 */
export async function callPhoenix<Arg, Result>(
  page: Page,
  fn: (phoenix: Phoenix, arg: Arg) => Result | Promise<Result>,
  arg: Arg,
): Promise<Result> {
  // A string expression rather than a function + arg, so the function's source arrives as written
  // and `arg` can be undefined.
  const expression = `(async () => {
    const phoenix = window.phoenix;
    if (!phoenix) throw new Error("window.phoenix is not set: the app is not ready");
    return (${fn.toString()})(phoenix, ${arg === undefined ? "undefined" : JSON.stringify(arg)});
  })()`;
  return (await page.evaluate(expression)) as Result;
}

/** A full-page screenshot at phone width (360 px) into test-results/screenshots/<name>.png. */
export async function screenshotPhone(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const previous = page.viewportSize();
  await page.setViewportSize({ width: 360, height: 780 });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, "_")}.png`);
  await page.screenshot({ path, fullPage: true });
  if (previous) await page.setViewportSize(previous);
  return path;
}

export interface FreshApp {
  page(): Page;
  context(): BrowserContext;
}

export interface FreshAppOptions {
  /** Viewport to open at; the browser's default when absent. */
  size?: { width: number; height: number };
  /** Fail the block when the page logged errors (default true). */
  failOnPageErrors?: boolean;
}

/**
 * A fresh profile with the app open, for the enclosing describe block (or file): launched before its
 * first test, closed after its last. Read the page and context through the getters inside tests.
 */
export function useFreshApp(options: FreshAppOptions = {}): FreshApp {
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    context = await launchBrowser();
    page = await openApp(context);
    if (options.size) await page.setViewportSize(options.size);
  });
  afterAll(async () => {
    if (page && options.failOnPageErrors !== false) expect(pageErrors(page)).toEqual([]);
    await context?.close();
  });
  return {
    page: () => {
      if (!page) throw new Error("useFreshApp: the app is not open yet (use it inside a test)");
      return page;
    },
    context: () => {
      if (!context) throw new Error("useFreshApp: the browser is not launched yet (use it inside a test)");
      return context;
    },
  };
}


/** Exports a backup through the public API, lets the browser download it as a user would, saves it in `dir`. */
export async function downloadBackup(page: Page, dir: string): Promise<string> {
  const downloading = page.waitForEvent("download");
  await callPhoenix(
    page,
    async (phoenix) => {
      const file = await phoenix.backups.export();
      const link = document.createElement("a");
      link.href = URL.createObjectURL(file);
      link.download = file.name;
      document.body.append(link);
      link.click();
      link.remove();
    },
    undefined,
  );
  const download = await downloading;
  const path = join(dir, download.suggestedFilename());
  await download.saveAs(path);
  return path;
}

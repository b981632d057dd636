/**
 * The PWA: the service worker controls the page and precaches the whole build, the app reloads and
 * opens its database with no network, the manifest passes Chromium's installability check, and a
 * new deployment is announced and applied only on the user's click.
 */
import { existsSync } from "node:fs";
import { readdir, readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { startStaticServer, type StaticServer } from "../../scripts/static-server.mjs";
import { buildApp, REPO_ROOT } from "./helpers/build.js";
import {
  callPhoenix,
  launchBrowser,
  openApp,
  openAppInNewTab,
  pageErrors,
  reloadApp,
  setOffline,
  waitForReady,
  useFreshApp,
} from "./helpers/browser.js";

interface WebManifest {
  name?: string;
  short_name?: string;
  start_url?: string;
  scope?: string;
  display?: string;
  theme_color?: string;
  background_color?: string;
  icons?: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
}

/** Waits until a service worker is active and controls the page. */
async function waitForControl(page: Page): Promise<string> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  return page.evaluate(() => navigator.serviceWorker.controller?.scriptURL ?? "");
}

/** Every file of a build folder, as paths relative to it with "/" separators. */
async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split("\\").join("/"));
}

/** The precache list vite-plugin-pwa injected into the built service worker. */
async function precacheUrls(distDir: string): Promise<string[]> {
  const sw = await readFile(join(distDir, "sw.js"), "utf8");
  const urls = [...sw.matchAll(/\{"revision":(?:"[^"]*"|null),"url":"([^"]+)"\}/g)].map((match) => match[1]!);
  return [...new Set(urls)];
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString("ascii")).toBe("PNG");
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const buildIdOf = (page: Page) => page.locator("[data-build-id]").getAttribute("data-build-id");

describe("the built manifest and service worker", () => {
  const distDir = inject("distDir");

  test("the manifest names the app, is standalone, and its icons exist at their stated sizes", async () => {
    const manifest = JSON.parse(await readFile(join(distDir, "manifest.webmanifest"), "utf8")) as WebManifest;
    expect(manifest).toMatchObject({
      name: "Phoenix Memory",
      short_name: "Phoenix",
      display: "standalone",
      start_url: "./",
      scope: "./",
    });
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    const icons = manifest.icons ?? [];
    for (const icon of icons) {
      const bytes = await readFile(join(distDir, icon.src));
      const { width, height } = pngSize(bytes);
      expect(`${width}x${height}`).toBe(icon.sizes);
      expect(icon.type).toBe("image/png");
    }
    const sizes = (purpose: string) => icons.filter((icon) => (icon.purpose ?? "any").split(" ").includes(purpose)).map((icon) => icon.sizes);
    expect(sizes("any")).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    expect(sizes("maskable").length).toBeGreaterThan(0);
    const html = await readFile(join(distDir, "index.html"), "utf8");
    expect(html).toContain('rel="manifest"');
    // The CSP forbids inline script, so the built page must carry none.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).toMatch(/Content-Security-Policy[^>]*script-src 'self'/);
    // The workers (Argon2id, vector search) are built files of this origin: no blob: workers.
    expect(html).toMatch(/worker-src 'self';/);
  });

  test("every precached URL exists in the build, and every built file but the sentence-model runtime is precached", async () => {
    const urls = await precacheUrls(distDir);
    expect(urls).toContain("index.html");
    for (const url of urls) expect(existsSync(join(distDir, url)), url).toBe(true);
    // The optional model runtime (onnxruntime-web) is cached by the service worker on first use instead.
    const runtime = (file: string) => /^assets\/(model-runtime-[^/]+\.js|ort-wasm-[^/]+\.wasm)$/.test(file);
    const built = (await filesIn(distDir)).filter((file) => file !== "sw.js" && !file.endsWith(".map"));
    expect(built.filter((file) => !urls.includes(file) && !runtime(file))).toEqual([]);
    expect(built.filter(runtime).length).toBeGreaterThan(0);
    expect(urls.filter(runtime)).toEqual([]);
  });
});

describe("the service worker in Chromium", () => {
  const { page, context } = useFreshApp({ failOnPageErrors: false });

  test("registers and controls the page from the first visit", async () => {
    const scriptUrl = await waitForControl(page());
    expect(scriptUrl).toMatch(/\/sw\.js$/);
    const cached = await page().evaluate(async () => {
      const names = await caches.keys();
      const urls: string[] = [];
      for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
      return { names, urls };
    });
    expect(cached.names).toHaveLength(1);
    const expected = (await precacheUrls(inject("distDir"))).map((url) => new URL(url, page().url()).href);
    expect([...cached.urls].sort()).toEqual([...expected].sort());
  });

  test("passes Chromium's installability check", async () => {
    const cdp = await context().newCDPSession(page());
    const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors")) as {
      installabilityErrors: Array<{ errorId: string }>;
    };
    await cdp.detach();
    expect(installabilityErrors).toEqual([]);
  });

  test("reloads offline, opens the database and keeps what was written online", async () => {
    await waitForControl(page());
    await callPhoenix(page(), (phoenix) => phoenix.vaults.storeMind("fact:offline_check", "written online"), undefined);
    await setOffline(context(), true);
    try {
      await reloadApp(page());
      // Proof the network is really gone: anything outside the precache fails.
      const outsideFetch = await page().evaluate(() =>
        fetch(`./not-in-the-build-${Date.now()}.txt`).then(
          (response) => `status ${response.status}`,
          () => "failed",
        ),
      );
      expect(outsideFetch).toBe("failed");
      const result = await callPhoenix(
        page(),
        async (phoenix) => {
          await phoenix.vaults.storeMind("fact:offline_write", "written offline");
          return {
            online: await phoenix.vaults.recallMind("fact:offline_check"),
            offline: await phoenix.vaults.recallMind("fact:offline_write"),
          };
        },
        undefined,
      );
      expect(result).toEqual({ online: "written online", offline: "written offline" });
      await page().locator("table.store-counts[data-state=loaded]").waitFor();
      // Every page's code was precached: each one renders with no network.
      const navLinks = page().locator("nav[aria-label=Pages] a");
      const titles = await navLinks.allTextContents();
      expect(titles.length).toBeGreaterThan(1);
      for (const title of titles) {
        await navLinks.filter({ hasText: title }).click();
        await page().locator("section.page h1", { hasText: title }).waitFor({ timeout: 15_000 });
      }
      // A URL the build never had (a launch with a query) still gets the app shell offline.
      await page().goto(new URL("./?source=homescreen", page().url()).href);
      await waitForReady(page());
    } finally {
      await setOffline(context(), false);
    }
    expect(pageErrors(page()).filter((error) => !error.includes("net::ERR_INTERNET_DISCONNECTED"))).toEqual([]);
  });
});

describe("a new deployment", () => {
  let server: StaticServer;
  let context: BrowserContext;
  const nextDir = join(REPO_ROOT, "test-results", `e2e-build-next-${process.pid}`);

  beforeAll(async () => {
    await buildApp(nextDir, "e2e-next-build");
    server = await startStaticServer(inject("distDir"));
    context = await launchBrowser();
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    await rm(nextDir, { recursive: true, force: true });
  });

  test("is announced, waits for the user's click, then takes over and keeps the data", async () => {
    const page = await openApp(context, server.url);
    await waitForControl(page);
    const firstBuild = await buildIdOf(page);
    await callPhoenix(page, (phoenix) => phoenix.vaults.storeMind("fact:before_update", "kept"), undefined);

    server.setRoot(nextDir);
    await reloadApp(page);
    const prompt = page.locator("[data-banner=update]");
    await prompt.waitFor();
    // Until the click, the old build keeps serving this page.
    expect(await buildIdOf(page)).toBe(firstBuild);
    expect(await prompt.textContent()).toContain("Update available");
    const otherTab = await openAppInNewTab(context, server.url);
    expect(await buildIdOf(otherTab)).toBe(firstBuild);

    await Promise.all([page.waitForEvent("load"), prompt.getByRole("button", { name: "Reload" }).click()]);
    await waitForReady(page);
    expect(await buildIdOf(page)).toBe("e2e-next-build");
    expect(await page.locator("[data-banner=update]").count()).toBe(0);
    const cacheNames = await page.evaluate(() => caches.keys());
    expect(cacheNames).toHaveLength(1);
    expect(await callPhoenix(page, (phoenix) => phoenix.vaults.recallMind("fact:before_update"), undefined)).toBe("kept");

    // The other tab was not reloaded under its user: it still runs the old build and offers the reload.
    const otherPrompt = otherTab.locator("[data-banner=update]");
    await otherPrompt.waitFor();
    expect(await buildIdOf(otherTab)).toBe(firstBuild);
    await Promise.all([otherTab.waitForEvent("load"), otherPrompt.getByRole("button", { name: "Reload" }).click()]);
    await waitForReady(otherTab);
    expect(await buildIdOf(otherTab)).toBe("e2e-next-build");
  });
});

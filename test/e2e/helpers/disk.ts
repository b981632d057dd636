/**
 * What a thief with the device would read: a Chromium profile kept in a folder of the test's own (so its
 * IndexedDB files can be searched once the browser has closed), and a byte search in every form
 * IndexedDB may store a string in.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { inject } from "vitest";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_ARGS } from "../../../scripts/chromium.mjs";
import { appUrl, waitForReady } from "./browser.js";

/**
 * The app opened in a persistent profile at `profileDir`, which outlives the browser (launchBrowser's
 * profile is removed on close). The caller closes the context and removes the folder.
 */
export async function openAppInProfile(profileDir: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: inject("chromiumPath"),
    headless: true,
    acceptDownloads: true,
    args: [...CHROMIUM_ARGS],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(appUrl());
  await waitForReady(page);
  return { context, page };
}

/** The IndexedDB files of a closed profile, as bytes. */
export function indexedDbFiles(profileDir: string): Promise<Buffer[]> {
  return filesUnder(join(profileDir, "Default", "IndexedDB"));
}

/** Every file under a folder, as bytes. */
export async function filesUnder(dir: string): Promise<Buffer[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map((file) => readFile(file).catch(() => Buffer.alloc(0))));
}

/** Whether any file holds the text as UTF-8 or UTF-16 (either byte order), as IndexedDB may store strings. */
export function onDisk(files: Buffer[], text: string): boolean {
  const forms = [Buffer.from(text, "utf8"), Buffer.from(text, "utf16le"), Buffer.from(text, "utf16le").swap16()];
  return files.some((file) => forms.some((form) => file.includes(form)));
}

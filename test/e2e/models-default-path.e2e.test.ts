/**
 * The sentence model stays off the default path, in real Chromium against the built app: a session that
 * stores, searches and builds context with the hash embedder requests no file of the model code (the
 * page's handle, the worker's manager, the runtime), and the app shell (index.html's scripts) holds none.
 * The model files are found in the build by strings only their code has. Opening the Settings page,
 * which asks the model for its status, then loads them: the same observation sees them when they load.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { callPhoenix, launchBrowser, openApp, pageErrors } from "./helpers/browser.js";
import { visit } from "./helpers/ui.js";

/** Strings that appear only in the model code: the page handle, the worker's model store, the runtime. */
const MARKERS = ["import() takes the picked File objects", "phoenix-models/", "last_hidden_state"];

async function modelFiles(distDir: string): Promise<string[]> {
  const assets = join(distDir, "assets");
  const found: string[] = [];
  for (const name of await readdir(assets)) {
    if (!name.endsWith(".js")) continue;
    const source = await readFile(join(assets, name), "utf8");
    if (MARKERS.some((marker) => source.includes(marker))) found.push(name);
  }
  return found.sort();
}

const fileName = (url: string) => new URL(url).pathname.split("/").pop() ?? "";

describe("the sentence model off the default path", () => {
  let context: BrowserContext;
  let page: Page;
  const requested: string[] = [];
  let files: string[] = [];

  beforeAll(async () => {
    files = await modelFiles(inject("distDir"));
    context = await launchBrowser();
    page = context.pages()[0] ?? (await context.newPage());
    // The page's own requests and its dedicated workers'; the service worker's precaching is not the page's use.
    page.on("request", (request) => {
      if (request.serviceWorker() === null) requested.push(fileName(request.url()));
    });
    await openApp(context);
  });

  afterAll(async () => {
    await context?.close();
  });

  test("the build has model files, and index.html loads none of them", async () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    const html = await readFile(join(inject("distDir"), "index.html"), "utf8");
    const shell = [...html.matchAll(/(?:src|href)="[^"]*\/([^"/]+\.js)"/g)].map((match) => match[1]!);
    expect(shell.length).toBeGreaterThan(0);
    expect(shell.filter((name) => files.includes(name))).toEqual([]);
  });

  test("storing, searching and building context with the hash embedder loads no model file", async () => {
    const outcome = await callPhoenix(
      page,
      async (phoenix) => {
        await phoenix.vectorKb.addMemories([{ text: "Helen works night shifts as a nurse" }, { text: "The capital of France is Paris" }]);
        await phoenix.vaults.storeMind("fact:capital_france", "Paris");
        const hits = await phoenix.vectorKb.semanticSearch("Where does Helen work?", 1);
        const context = await phoenix.context.search("Helen", { topK: 3 });
        const built = await phoenix.context.build("What is the capital of France?");
        return { hit: hits[0]?.text, context: context.length, built: built.items.length, started: phoenix.vectorKb.workerStarted };
      },
      undefined,
    );
    expect(outcome).toMatchObject({ hit: "Helen works night shifts as a nurse", started: true });
    expect(outcome.context).toBeGreaterThan(0);
    expect(requested.some((name) => name.startsWith("vector.worker"))).toBe(true);
    expect(requested.filter((name) => files.includes(name))).toEqual([]);
  });

  test("the Settings page asks the model for its status, and only then its code loads, in the page and in the worker", async () => {
    await visit(page, "Settings", "settings");
    await expect.poll(() => page.getByTestId("models-active").textContent(), { timeout: 30_000 }).toContain("hash embedder");
    const loaded = () => requested.filter((name) => files.includes(name));
    // The page's handle, and the worker's manager (the runtime waits for a model to be turned on). The
    // worker's requests reach the test through the worker's own DevTools session, which may report them
    // after the page has already shown the answer: poll rather than read once.
    await expect.poll(() => loaded().length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(loaded().some((name) => name.startsWith("model-runtime"))).toBe(false);
    expect(pageErrors(page)).toEqual([]);
  });
});

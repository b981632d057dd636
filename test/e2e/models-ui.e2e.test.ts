/**
 * The Settings page's sentence-model section, used as a person would in Chromium: set the base URL,
 * download the tiny test model with the progress bar, switch the embedder, switch back, remove it, then
 * import the same model from a zip picked in the file input (the device that never goes online).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { zipSync } from "fflate";
import type { BrowserContext, Page } from "playwright-core";
import { callPhoenix, launchBrowser, openApp, pageErrors } from "./helpers/browser.js";
import { REPO_ROOT } from "./helpers/build.js";
import { errorOf, statusOf, text } from "./helpers/ui.js";

const MODEL = "phoenix/tiny-bert-384";
const FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"];

describe("Settings: sentence model", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    context = await launchBrowser();
    page = await openApp(context, "#/settings");
    await callPhoenix(page, (phoenix) => phoenix.vectorKb.addMemories([{ text: "Helen works night shifts as a nurse" }, { text: "The capital of France is Paris" }]), undefined);
  });

  afterAll(async () => {
    await context?.close();
  });

  test("download, switch, switch back and remove from the Settings page", async () => {
    const section = page.getByTestId("settings-models");
    await expect.poll(() => text(section.getByTestId("models-active"))).toContain("hash embedder");
    await section.getByLabel(/base URL/).fill(`${inject("hubUrl")}{model}/`);
    await section.getByRole("button", { name: "Save base URL" }).click();
    await expect.poll(() => statusOf(page, "models")).toBe("Base URL saved.");
    await section.getByLabel("Model to download").fill(MODEL);
    await section.getByRole("button", { name: "Download" }).click();
    await expect.poll(() => statusOf(page, "models"), { timeout: 30_000 }).toMatch(/^phoenix\/tiny-bert-384 stored \(\d+(\.\d+)? kB\)\.$/);
    const item = section.getByTestId("model-item");
    await expect.poll(() => text(item)).toContain("digests pinned");
    await item.getByRole("button", { name: `Use ${MODEL}` }).click();
    // The first switch loads the runtime (a 14 MB wasm): give it time on a busy machine.
    await expect.poll(async () => `${await statusOf(page, "models")}${await errorOf(page, "models")}`, { timeout: 60_000 }).toBe(`${MODEL} now answers searches.`);
    await expect.poll(() => text(section.getByTestId("models-active"))).toContain(MODEL);
    const status = await callPhoenix(page, (phoenix) => phoenix.models.status(), undefined);
    expect(status.active).toBe(MODEL);
    await section.getByRole("button", { name: "Use the hash embedder" }).click();
    await expect.poll(() => statusOf(page, "models")).toBe("The hash embedder answers searches again.");
    await item.getByRole("button", { name: `Remove ${MODEL}` }).click();
    await expect.poll(() => statusOf(page, "models")).toBe(`${MODEL} removed.`);
    await expect.poll(() => section.getByTestId("model-item").count()).toBe(0);
  });

  test("imports a model from a zip picked in the file input", async () => {
    const fixture = join(REPO_ROOT, "test", "fixtures", "tiny-model");
    const entries = Object.fromEntries(await Promise.all(FILES.map(async (name) => [`tiny/${name}`, new Uint8Array(await readFile(join(fixture, name)))] as const)));
    const zip = zipSync(entries);
    await page.getByTestId("models-import-files").setInputFiles({ name: "tiny-model.zip", mimeType: "application/zip", buffer: Buffer.from(zip) });
    await expect.poll(() => statusOf(page, "models"), { timeout: 30_000 }).toMatch(/^phoenix\/tiny-bert-384 imported/);
    const list = await callPhoenix(page, (phoenix) => phoenix.models.list(), undefined);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: MODEL, source: "import" });
    expect(list[0]!.files.every((file) => file.pinned)).toBe(true);
    const vectors = await callPhoenix(page, async (phoenix, model) => (await phoenix.models.embed(["helen"], { model }))[0]!.length, MODEL);
    expect(vectors).toBe(384);
    expect(pageErrors(page)).toEqual([]);
  });
});

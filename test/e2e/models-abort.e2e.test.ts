/**
 * Cancelling a sentence-model download half-way, in real Chromium against the built app: through the
 * public API's `signal`, and with the Settings page's Cancel button. The hub here is a server of this
 * file's own that sends the first bytes of the ONNX file and then holds the rest back, so the cancel
 * really lands mid-file. After it: nothing of the model is in Cache Storage, the hash embedder answers,
 * and a later download (the server no longer holding back) stores the model.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { callPhoenix, launchBrowser, openApp, pageErrors } from "./helpers/browser.js";
import { REPO_ROOT } from "./helpers/build.js";
import { statusOf, text } from "./helpers/ui.js";

const MODEL = "phoenix/tiny-bert-384";
const ONNX = "onnx/model_quantized.onnx";
/** Bytes of the ONNX file sent before the server holds back the rest. */
const FIRST_BYTES = 64 * 1024;

/** A stand-in hub that can stall the ONNX file after its first bytes, until the client gives up. */
interface StallingHub {
  url: string;
  stall: boolean;
  /** ONNX requests whose client went away before the file was complete. */
  abandoned: number;
  close(): Promise<void>;
}

async function startStallingHub(): Promise<StallingHub> {
  const fixture = join(REPO_ROOT, "test", "fixtures", "tiny-model");
  const held = new Set<ServerResponse>();
  const hub = { url: "", stall: false, abandoned: 0 } as StallingHub;
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://hub").pathname);
      const name = path.replace(`/${MODEL}/`, "");
      const bytes = path.startsWith(`/${MODEL}/`) ? await readFile(join(fixture, name)).catch(() => undefined) : undefined;
      const headers = { "access-control-allow-origin": "*", "cache-control": "no-store" };
      if (!bytes) {
        response.writeHead(404, headers).end();
        return;
      }
      response.writeHead(200, { ...headers, "content-type": "application/octet-stream", "content-length": String(bytes.byteLength) });
      if (!(hub.stall && name === ONNX)) {
        response.end(bytes);
        return;
      }
      held.add(response);
      response.on("close", () => {
        held.delete(response);
        if (!response.writableFinished) hub.abandoned += 1;
      });
      response.write(bytes.subarray(0, FIRST_BYTES));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  hub.close = async () => {
    for (const response of held) response.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return hub;
}

/** Every Cache Storage entry that belongs to a stored model, whatever cache it is in. */
async function modelCacheEntries(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) if (request.url.includes("tiny-bert-384")) urls.push(`${name}: ${request.url}`);
    }
    return urls;
  });
}

/** What must hold after a cancelled download: no model stored or half-stored, the hash embedder answering. */
async function expectNothingStored(page: Page): Promise<void> {
  expect(await modelCacheEntries(page)).toEqual([]);
  const after = await callPhoenix(
    page,
    async (phoenix) => ({
      list: await phoenix.models.list(),
      status: await phoenix.models.status(),
      hits: (await phoenix.vectorKb.semanticSearch("Where does Helen work?", 1)).map((hit) => hit.text),
    }),
    undefined,
  );
  expect(after.list).toEqual([]);
  expect(after.status.active).toBe("hash");
  expect(after.status.error).toBeUndefined();
  expect(after.hits).toEqual(["Helen works night shifts as a nurse"]);
}

describe("cancelling a model download half-way", () => {
  let hub: StallingHub;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    hub = await startStallingHub();
    context = await launchBrowser();
    page = await openApp(context, "#/settings");
    await callPhoenix(page, (phoenix) => phoenix.vectorKb.addMemories([{ text: "Helen works night shifts as a nurse" }, { text: "The capital of France is Paris" }]), undefined);
  });

  afterAll(async () => {
    await context?.close();
    await hub?.close();
  });

  test("through the API's signal: ABORTED, nothing in Cache Storage, the hash embedder in charge; a later download succeeds", async () => {
    hub.stall = true;
    const abandonedBefore = hub.abandoned;
    await callPhoenix(
      page,
      (phoenix, args) => {
        const state = { progress: [] as Array<{ done: number; total: number; file?: string }>, outcome: "pending" as string, controller: new AbortController() };
        (window as unknown as { downloadState: typeof state }).downloadState = state;
        void phoenix.models.download({ model: args.model, baseUrl: args.baseUrl, signal: state.controller.signal, onProgress: (p) => state.progress.push(p) }).then(
          (model) => (state.outcome = `stored ${model.id}`),
          (error: { code?: string }) => (state.outcome = String(error.code)),
        );
      },
      { model: MODEL, baseUrl: `${hub.url}{model}/` },
    );
    // Mid-file: the ONNX file's first bytes have arrived, the rest is held back.
    const onnxBytes = () =>
      page.evaluate((onnx) => {
        const state = (window as unknown as { downloadState: { progress: Array<{ done: number; file?: string }> } }).downloadState;
        return state.progress.filter((p) => p.file === onnx).length;
      }, ONNX);
    await expect.poll(onnxBytes, { timeout: 30_000 }).toBeGreaterThan(0);
    const atAbort = await page.evaluate(() => {
      const state = (window as unknown as { downloadState: { progress: Array<{ done: number; total: number }>; outcome: string; controller: AbortController } }).downloadState;
      state.controller.abort();
      return { outcome: state.outcome, last: state.progress.at(-1)! };
    });
    expect(atAbort.outcome).toBe("pending");
    expect(atAbort.last.done).toBeLessThan(atAbort.last.total);
    await expect.poll(() => page.evaluate(() => (window as unknown as { downloadState: { outcome: string } }).downloadState.outcome), { timeout: 30_000 }).toBe("ABORTED");
    // The worker's fetch was cut, not left to finish in the background.
    await expect.poll(() => hub.abandoned, { timeout: 30_000 }).toBe(abandonedBefore + 1);
    await expectNothingStored(page);

    hub.stall = false;
    const again = await callPhoenix(page, (phoenix, args) => phoenix.models.download({ model: args.model, baseUrl: args.baseUrl }), { model: MODEL, baseUrl: `${hub.url}{model}/` });
    expect(again).toMatchObject({ id: MODEL, source: "download" });
    expect(again.files.every((file) => file.pinned)).toBe(true);
    expect((await modelCacheEntries(page)).length).toBe(again.files.length + 1);
    expect(await callPhoenix(page, (phoenix, model) => phoenix.models.remove(model), MODEL)).toBe(true);
    expect(await modelCacheEntries(page)).toEqual([]);
  });

  test("with the Settings page's Cancel button: the same, and Download works again afterwards", async () => {
    const section = page.getByTestId("settings-models");
    await section.getByLabel(/base URL/).fill(`${hub.url}{model}/`);
    await section.getByRole("button", { name: "Save base URL" }).click();
    await expect.poll(() => statusOf(page, "models")).toBe("Base URL saved.");
    await section.getByLabel("Model to download").fill(MODEL);

    hub.stall = true;
    const abandonedBefore = hub.abandoned;
    await section.getByRole("button", { name: "Download" }).click();
    const bar = page.getByTestId("models-progress");
    await expect.poll(() => text(bar), { timeout: 30_000 }).toContain(`Downloading ${ONNX}`);
    await section.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => statusOf(page, "models"), { timeout: 30_000 }).toBe("Cancelled; nothing already stored was changed.");
    await expect.poll(() => hub.abandoned, { timeout: 30_000 }).toBe(abandonedBefore + 1);
    expect(await bar.count()).toBe(0);
    expect(await section.getByTestId("model-item").count()).toBe(0);
    expect(await text(section.getByTestId("models-active"))).toContain("hash embedder");
    await expectNothingStored(page);

    hub.stall = false;
    await section.getByRole("button", { name: "Download" }).click();
    await expect.poll(() => statusOf(page, "models"), { timeout: 30_000 }).toMatch(/^phoenix\/tiny-bert-384 stored \(\d+(\.\d+)? kB\)\.$/);
    await expect.poll(() => section.getByTestId("model-item").count()).toBe(1);
    expect(pageErrors(page)).toEqual([]);
  });
});

/**
 * Runs once before the browser tests: finds (or installs) Chromium, builds the app and serves it on
 * 127.0.0.1. Tests read what they need with `inject(...)` (see helpers/browser.ts).
 *
 * The build goes to a folder of its own per run (test-results/e2e-build-<pid>), not dist/: a
 * `npm run build` or a second test run at the same time would otherwise swap files under the
 * served app mid-test.
 */
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { ensureChromium } from "../../scripts/chromium.mjs";
import { buildApp, REPO_ROOT } from "./helpers/build.js";
import { startStaticServer } from "../../scripts/static-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the built app is served, ending in "/". */
    baseUrl: string;
    chromiumPath: string;
    /** Absolute path of the build being served. */
    distDir: string;
    /**
     * A stand-in for the model hub, on another origin: `<hubUrl>phoenix/tiny-bert-384/…` holds the tiny
     * test model (test/fixtures/tiny-model), `<hubUrl>corrupt/phoenix/tiny-bert-384/…` the same with one
     * byte of the ONNX file changed.
     */
    hubUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromiumPath = ensureChromium();
  const distDir = join(REPO_ROOT, "test-results", `e2e-build-${process.pid}`);
  const started = Date.now();
  await buildApp(distDir);
  console.log(`[e2e] built the app into ${distDir} in ${((Date.now() - started) / 1000).toFixed(1)} s; Chromium: ${chromiumPath}`);
  const server = await startStaticServer(distDir);
  const hubDir = join(REPO_ROOT, "test-results", `e2e-hub-${process.pid}`);
  await makeHub(hubDir);
  const hub = await startStaticServer(hubDir, { cors: true });
  project.provide("hubUrl", hub.url);
  project.provide("baseUrl", server.url);
  project.provide("chromiumPath", chromiumPath);
  project.provide("distDir", distDir);
  return async () => {
    await server.close();
    await hub.close();
    await rm(distDir, { recursive: true, force: true });
    await rm(hubDir, { recursive: true, force: true });
  };
}

/** The tiny model laid out as the hub has it, plus a copy whose ONNX file has one byte changed. */
async function makeHub(hubDir: string): Promise<void> {
  const fixture = join(REPO_ROOT, "test", "fixtures", "tiny-model");
  const good = join(hubDir, "phoenix", "tiny-bert-384");
  const corrupt = join(hubDir, "corrupt", "phoenix", "tiny-bert-384");
  await mkdir(hubDir, { recursive: true });
  await cp(fixture, good, { recursive: true });
  await cp(fixture, corrupt, { recursive: true });
  const onnx = join(corrupt, "onnx", "model_quantized.onnx");
  const bytes = await readFile(onnx);
  bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
  await writeFile(onnx, bytes);
}

/**
 * Runs once before the browser tests: finds (or installs) Chromium, builds the app and serves it on
 * 127.0.0.1. Tests read what they need with `inject(...)` (see helpers/browser.ts).
 *
 * The build goes to a folder of its own per run (test-results/e2e-build-<pid>), not dist/: a
 * `npm run build` or a second test run at the same time would otherwise swap files under the
 * served app mid-test.
 */
import { rm } from "node:fs/promises";
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
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chromiumPath = ensureChromium();
  const distDir = join(REPO_ROOT, "test-results", `e2e-build-${process.pid}`);
  const started = Date.now();
  await buildApp(distDir);
  console.log(`[e2e] built the app into ${distDir} in ${((Date.now() - started) / 1000).toFixed(1)} s; Chromium: ${chromiumPath}`);
  const server = await startStaticServer(distDir);
  project.provide("baseUrl", server.url);
  project.provide("chromiumPath", chromiumPath);
  project.provide("distDir", distDir);
  return async () => {
    await server.close();
    await rm(distDir, { recursive: true, force: true });
  };
}

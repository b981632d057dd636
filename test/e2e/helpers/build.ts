/** Builds the app with vite into a folder, as a separate process (the way `npm run build` does). */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const VITE_BIN = fileURLToPath(new URL("../../../node_modules/vite/bin/vite.js", import.meta.url));

/**
 * `vite build` into `outDir`. `buildId` ends up in the page (PHOENIX_BUILD_ID), so two builds with
 * different ids are two deployments whose assets and service worker differ.
 */
export async function buildApp(outDir: string, buildId?: string): Promise<void> {
  // vitest sets NODE_ENV=test, and vite builds with import.meta.env.PROD false under it: no service
  // worker registration. A deployment build is a production build.
  const env = { ...process.env, NODE_ENV: "production", ...(buildId ? { PHOENIX_BUILD_ID: buildId } : {}) };
  const output: string[] = [];
  const child = spawn(process.execPath, [VITE_BIN, "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const code = await new Promise<number | null>((done, fail) => {
    child.once("error", fail);
    child.once("close", done);
  });
  if (code !== 0) throw new Error(`vite build into ${outDir} failed (exit ${code}):\n${output.join("")}`);
}

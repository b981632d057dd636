// `npm run bench [-- <suite> ...]`: builds the bench page, runs each suite in headless Chromium with
// a fresh profile, prints one table and writes bench-results/bench.json. A failing suite is
// reported and makes the exit code non-zero; the other suites still run.
//
// Suites: every test/bench/suites/<name>.ts (page side, contract in test/bench/types.ts), plus the
// built-in "app-shell" suite measured from here (first load of the built app, JS size) and the
// built-in "models" suite (test/bench/models.mjs: the optional sentence model's costs, tiny model).
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpus, tmpdir } from "node:os";
import { mkdtemp, rm } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { build } from "vite";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, ensureChromium } from "../../scripts/chromium.mjs";
import { startStaticServer } from "../../scripts/static-server.mjs";
import { runModelsSuite } from "./models.mjs";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const RESULTS_DIR = join(REPO_ROOT, "bench-results");
const PAGE_DIR = join(RESULTS_DIR, "page");
const APP_DIR = join(RESULTS_DIR, "app");
// Per suite; BENCH_SUITE_TIMEOUT_MIN raises it on a slow or busy machine.
const SUITE_TIMEOUT_MS = Number(process.env.BENCH_SUITE_TIMEOUT_MIN || 15) * 60 * 1000;
const APP_LOADS = 5;
const APP_SHELL_GZIP_TARGET = 60 * 1024;
const BENCH_ARGS = [...CHROMIUM_ARGS, "--enable-precise-memory-info", "--js-flags=--expose-gc"];

async function pageSuiteNames() {
  const files = await readdir(join(REPO_ROOT, "test/bench/suites")).catch(() => []);
  return files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts")).map((file) => basename(file, ".ts")).sort();
}

async function withContext(executablePath, fn) {
  const profileDir = await mkdtemp(join(tmpdir(), "phoenix-bench-"));
  const context = await chromium.launchPersistentContext(profileDir, { executablePath, headless: true, args: BENCH_ARGS });
  try {
    return await fn(context, profileDir);
  } finally {
    await context.close().catch(() => undefined);
    await rm(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(() => undefined);
  }
}

/** Runs one page suite in a fresh profile; resolves with its rows, throws on failure or timeout. */
async function runPageSuite(executablePath, baseUrl, name) {
  return withContext(executablePath, async (context) => {
    const page = context.pages()[0] ?? (await context.newPage());
    const rows = [];
    let finish;
    const done = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction("__benchRow", (row) => {
      rows.push(row);
      console.log(`  ${row.name}: ${row.ms.toFixed(1)} ms${row.baselineMs === undefined ? "" : ` (baseline ${row.baselineMs.toFixed(1)} ms)`}`);
    });
    await page.exposeFunction("__benchLog", (message) => console.log(`  [${name}] ${message}`));
    await page.exposeFunction("__benchDone", (outcome) => finish(outcome));
    page.on("pageerror", (error) => console.log(`  [${name}] page error: ${error.message}`));
    page.on("crash", () => finish({ ok: false, error: "the page crashed (out of memory?)" }));
    await page.goto(`${baseUrl}index.html?suite=${encodeURIComponent(name)}`);
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, error: `timed out after ${SUITE_TIMEOUT_MS / 60000} min` }), SUITE_TIMEOUT_MS);
    });
    const outcome = await Promise.race([done, timeout]);
    clearTimeout(timer);
    if (!outcome.ok) throw Object.assign(new Error(outcome.error ?? "failed"), { rows });
    return rows;
  });
}

/** The JS index.html loads up front (entry and modulepreloads): the app shell. Workers and lazy chunks are not in it. */
async function appShellScripts(distDir) {
  const html = await readFile(join(distDir, "index.html"), "utf8");
  const urls = new Set();
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g)) urls.add(match[1]);
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)) urls.add(match[1]);
  return [...urls].map((url) => url.replace(/^\.\//, ""));
}

async function allScripts(dir, prefix = "") {
  const entries = await readdir(join(dir, prefix), { withFileTypes: true });
  const found = [];
  for (const entry of entries) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await allScripts(dir, path)));
    else if (entry.name.endsWith(".js")) found.push(path);
  }
  return found;
}

const gzipBytes = async (distDir, file) => gzipSync(await readFile(join(distDir, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Built-in suite: the built app's first load to interactive, the load from the service worker, and its JS size. */
async function runAppShellSuite(executablePath) {
  await build({ configFile: join(REPO_ROOT, "vite.config.ts"), root: REPO_ROOT, logLevel: "warn", build: { outDir: APP_DIR, emptyOutDir: true } });
  const server = await startStaticServer(APP_DIR);
  const rows = [];
  try {
    const firstLoads = [];
    const warmLoads = [];
    for (let run = 0; run < APP_LOADS; run++) {
      await withContext(executablePath, async (context) => {
        const page = context.pages()[0] ?? (await context.newPage());
        const readyAt = async () => {
          await page.waitForFunction(() => document.documentElement.dataset.ready === "true", undefined, { timeout: 60_000 });
          return page.evaluate(() => performance.getEntriesByName("phoenix-ready")[0]?.startTime ?? Number.NaN);
        };
        await page.goto(server.url);
        firstLoads.push(await readyAt());
        await page.evaluate(() => navigator.serviceWorker.ready);
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
        await page.reload();
        warmLoads.push(await readyAt());
      });
    }
    rows.push({
      suite: "app-shell",
      name: "first load to interactive (fresh profile)",
      ms: median(firstLoads),
      note: `median of ${APP_LOADS}; navigation start → database open and window.phoenix set`,
    });
    rows.push({
      suite: "app-shell",
      name: "repeat load to interactive (service worker)",
      ms: median(warmLoads),
      note: `median of ${APP_LOADS}; served from the precache`,
    });
  } finally {
    await server.close();
  }
  const shell = await appShellScripts(APP_DIR);
  let shellBytes = 0;
  for (const file of shell) shellBytes += await gzipBytes(APP_DIR, file);
  const others = (await allScripts(APP_DIR)).filter((file) => !shell.includes(file));
  let otherBytes = 0;
  for (const file of others) otherBytes += await gzipBytes(APP_DIR, file);
  rows.push({
    suite: "app-shell",
    name: "app shell JS, gzip",
    ms: null,
    value: shellBytes,
    unit: "bytes",
    note:
      `${kb(shellBytes)} in ${shell.length} file(s), target ≤ ${kb(APP_SHELL_GZIP_TARGET)}: ` +
      `${shellBytes <= APP_SHELL_GZIP_TARGET ? "met" : "MISSED"}; not counted: ${kb(otherBytes)} in ${others.length} ` +
      `other file(s) (service worker, workers, lazy chunks)`,
  });
  return rows;
}

function formatMs(ms) {
  return typeof ms === "number" && Number.isFinite(ms) ? ms.toFixed(1) : "—";
}

function ratioOf(row) {
  return typeof row.ms === "number" && row.baselineMs ? row.ms / row.baselineMs : undefined;
}

function printTable(rows, failures) {
  const header = ["suite", "name", "ours ms", "baseline ms", "ratio", "note"];
  const lines = rows.map((row) => {
    const ratio = ratioOf(row);
    return [
      row.suite,
      row.name,
      formatMs(row.ms),
      row.baselineMs === undefined ? "" : formatMs(row.baselineMs),
      ratio === undefined ? "" : `${ratio.toFixed(2)}x`,
      row.note ?? "",
    ];
  });
  const numeric = new Set([2, 3, 4]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const format = (cells) => cells.map((cell, i) => (numeric.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(" | ").trimEnd();
  console.log("");
  console.log(format(header));
  console.log(widths.map((width) => "-".repeat(width)).join("-|-"));
  for (const line of lines) console.log(format(line));
  for (const failure of failures) console.log(`FAILED ${failure.suite}: ${failure.error.split("\n")[0]}`);
  console.log("");
}

async function main() {
  const requested = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
  const builtIn = {
    "app-shell": () => runAppShellSuite(executablePath),
    models: () => runModelsSuite({ executablePath, withContext, repoRoot: REPO_ROOT, appDir: APP_DIR }),
  };
  const available = [...(await pageSuiteNames()), ...Object.keys(builtIn)];
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length) {
    console.error(`Unknown suite(s): ${unknown.join(", ")}. Available: ${available.join(", ")}`);
    process.exit(2);
  }
  const selected = requested.length ? requested : available;
  const executablePath = ensureChromium();
  const pageSuites = selected.filter((name) => !(name in builtIn));
  const rows = [];
  const failures = [];

  let server;
  if (pageSuites.length) {
    console.log("Building the bench page…");
    await build({ configFile: join(REPO_ROOT, "test/bench/vite.config.ts"), logLevel: "warn" });
    server = await startStaticServer(PAGE_DIR);
  }
  try {
    for (const name of selected) {
      console.log(`Suite ${name}…`);
      const started = Date.now();
      try {
        rows.push(...(name in builtIn ? await builtIn[name]() : await runPageSuite(executablePath, server.url, name)));
        console.log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (error) {
        rows.push(...(error.rows ?? []));
        // A page suite's message already carries the page-side stack; a runner error carries its own.
        const detail = error.rows ? error.message : (error.stack ?? String(error));
        failures.push({ suite: name, error: detail });
        console.log(`  FAILED after ${((Date.now() - started) / 1000).toFixed(1)} s:\n    ${detail.split("\n").join("\n    ")}`);
      }
    }
  } finally {
    await server?.close();
  }

  printTable(rows, failures);
  await mkdir(RESULTS_DIR, { recursive: true });
  const browserVersion = await chromium
    .launch({ executablePath, headless: true, args: CHROMIUM_ARGS })
    .then(async (browser) => {
      const version = browser.version();
      await browser.close();
      return version;
    })
    .catch(() => "unknown");
  const report = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", node: process.version, chromium: browserVersion },
    rows: rows.map((row) => ({ ...row, ratio: ratioOf(row) ?? null })),
    failures,
  };
  const out = join(RESULTS_DIR, "bench.json");
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`Wrote ${out}`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

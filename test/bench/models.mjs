// Built-in bench suite "models" (`npm run bench -- models`): what the optional sentence model costs,
// measured with the tiny test model (test/fixtures/tiny-model) in headless Chromium against the built
// app, served from a stand-in hub on another origin as the e2e tests do. Rows: download and store,
// the first switch (runtime load + re-embed of the entries), time per text through phoenix.models.embed
// in batches and alone (page → worker round trip included), and how much the browser's resident
// memory grows once the model is in use. The tiny model has no transformer layers: these figures are
// the plumbing's cost (runtime, tokeniser, pooling, transfers), not a real model's.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { build } from "vite";
import { startStaticServer } from "../../scripts/static-server.mjs";

const MODEL = "phoenix/tiny-bert-384";
const ENTRIES = 1_000;
const TEXTS = 512;
const SINGLES = 50;

/** Resident memory (kB) of every process of the Chromium that uses `profileDir`. */
function browserRssKb(profileDir) {
  const lines = execFileSync("ps", ["-eo", "rss=,args="], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).split("\n");
  return lines.filter((line) => line.includes(`--user-data-dir=${profileDir}`)).reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[0] || 0), 0);
}

/** The entries the switch re-embeds, added (and searched once) before memory is first read. */
async function seed(page, entries) {
  await page.evaluate(async (count) => {
    const words = ["dog", "city", "cake", "music", "garden", "train", "coffee", "school", "nurse", "night", "shift", "doctor"];
    const make = (i) => `note ${i}: the ${words[i % words.length]} and the ${words[(i * 7) % words.length]} after the ${words[(i * 5) % words.length]}`;
    await window.phoenix.vectorKb.addMemories(Array.from({ length: count }, (_, i) => ({ text: make(i) })));
    await window.phoenix.vectorKb.semanticSearch("warm the worker up", 1);
  }, entries);
}

/** Runs in the page: downloads, switches, embeds; returns timings in ms. */
async function measureInPage(page, args) {
  return page.evaluate(async ({ model, baseUrl, entries, texts, singles }) => {
    const phoenix = window.phoenix;
    const words = ["dog", "city", "cake", "music", "garden", "train", "coffee", "school", "nurse", "night", "shift", "doctor"];
    const make = (i) => `note ${i}: the ${words[i % words.length]} and the ${words[(i * 7) % words.length]} after the ${words[(i * 5) % words.length]}`;
    let t = performance.now();
    const stored = await phoenix.models.download({ model, baseUrl });
    const downloadMs = performance.now() - t;
    t = performance.now();
    await phoenix.models.use(model);
    const useMs = performance.now() - t;
    const batch = Array.from({ length: texts }, (_, i) => make(i + entries));
    await phoenix.models.embed(batch.slice(0, 16)); // warm-up
    t = performance.now();
    await phoenix.models.embed(batch);
    const batchMs = performance.now() - t;
    const single = [];
    for (let i = 0; i < singles; i++) {
      t = performance.now();
      await phoenix.models.embed([batch[i]]);
      single.push(performance.now() - t);
    }
    single.sort((a, b) => a - b);
    t = performance.now();
    await phoenix.vectorKb.semanticSearch("where does the nurse work at night", 10);
    const searchMs = performance.now() - t;
    return { size: stored.size, downloadMs, useMs, batchMs, singleMs: single[Math.floor(single.length / 2)], searchMs };
  }, args);
}

/** The "models" rows. `withContext(executablePath, fn)` gives a fresh profile; `fn` gets (context, profileDir). */
export async function runModelsSuite({ executablePath, withContext, repoRoot, appDir }) {
  await build({ configFile: join(repoRoot, "vite.config.ts"), root: repoRoot, logLevel: "warn", build: { outDir: appDir, emptyOutDir: true } });
  const app = await startStaticServer(appDir);
  const hub = await startStaticServer(join(repoRoot, "test", "fixtures"), { cors: true });
  try {
    return await withContext(executablePath, async (context, profileDir) => {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(app.url);
      await page.waitForFunction(() => document.documentElement.dataset.ready === "true", undefined, { timeout: 60_000 });
      await seed(page, ENTRIES);
      const rssBefore = browserRssKb(profileDir);
      // The hub serves test/fixtures/<name>: the tiny model's folder stands for "phoenix/tiny-bert-384".
      const m = await measureInPage(page, { model: MODEL, baseUrl: `${hub.url}tiny-model/`, entries: ENTRIES, texts: TEXTS, singles: SINGLES });
      const rssAfter = browserRssKb(profileDir);
      const row = (name, ms, note) => ({ suite: "models", name, ms, note });
      return [
        row("download + store the tiny model", m.downloadMs, `${(m.size / 1024).toFixed(0)} KB, SHA-256 checked, into Cache Storage (local server)`),
        row(`first switch: load the runtime + re-embed ${ENTRIES} entries`, m.useMs, `${(m.useMs / ENTRIES).toFixed(2)} ms per entry, runtime load included`),
        row(`embed ${TEXTS} texts (batches of 16)`, m.batchMs, `${((m.batchMs / TEXTS) * 1000).toFixed(0)} µs per text, page → worker round trip included`),
        row("embed one text alone", m.singleMs, `median of ${SINGLES}`),
        row("semanticSearch top-10 with the model in charge", m.searchMs, `${ENTRIES} entries, one query embedding included`),
        // Chromium's processes together (the worker lives in the page's renderer): the runtime's wasm,
        // the model, the model's vectors; a rough figure, as RSS also moves with caches and collection.
        {
          suite: "models",
          name: "browser resident memory growth, model in use",
          ms: null,
          value: (rssAfter - rssBefore) * 1024,
          unit: "bytes",
          note: `${((rssAfter - rssBefore) / 1024).toFixed(0)} MB (${(rssBefore / 1024).toFixed(0)} → ${(rssAfter / 1024).toFixed(0)} MB RSS, all processes of the profile; ${ENTRIES} entries stored before)`,
        },
      ];
    });
  } finally {
    await app.close();
    await hub.close();
  }
}

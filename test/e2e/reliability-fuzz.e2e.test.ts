/**
 * Seeded fuzzing of the public API in real Chromium against an in-memory model (helpers/fuzz-model.ts):
 * random keys and values, random calls across every store, connections closed underneath and pages
 * reloaded in between; every answer is compared with the model's, and after every batch the whole
 * contents too. Fixed seeds here; `PHOENIX_FUZZ_OPS=10000` (npm run bench:reliability) runs a long one,
 * its seed printed on failure.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, openApp, reloadApp, waitForReady } from "./helpers/browser.js";
import { FuzzModel, makeGenerator, type FuzzOp, type FuzzResult } from "./helpers/fuzz-model.js";
import { seededRandom } from "./helpers/reliability.js";

const PASSPHRASE = "fuzzing the soul vault too";
const LONG_OPS = Number(process.env.PHOENIX_FUZZ_OPS ?? 0);
const SEEDS = process.env.PHOENIX_FUZZ_SEED ? [Number(process.env.PHOENIX_FUZZ_SEED)] : LONG_OPS > 0 ? [Date.now() % 1_000_000] : [1, 2, 3];
const OPS_PER_SEED = LONG_OPS > 0 ? LONG_OPS : 250;
const BATCH = 25;

/** Runs the calls one after another in the page; answers travel as JSON text so lone surrogates survive. */
function runInPage(page: Page, ops: FuzzOp[]): Promise<FuzzResult[]> {
  const expression = `(async () => {
    const phoenix = window.phoenix;
    const ops = ${JSON.stringify(ops)};
    const results = [];
    const plain = (pairs) => pairs;
    for (const op of ops) {
      try {
        let ok = null;
        switch (op.kind) {
          case "store": ok = await phoenix.vaults[op.vault === "mind" ? "storeMind" : op.vault === "body" ? "storeBody" : "storeSoul"](op.key, op.value); ok = null; break;
          case "recall": ok = (await phoenix.vaults[op.vault === "mind" ? "recallMind" : op.vault === "body" ? "recallBody" : "recallSoul"](op.key)) ?? null; break;
          case "forget": ok = await phoenix.vaults[op.vault === "mind" ? "forgetMind" : op.vault === "body" ? "forgetBody" : "forgetSoul"](op.key); break;
          case "prefix": ok = plain(await phoenix.vaults.recallPrefix(op.vault + ":" + op.prefix, op.limit, { reverse: op.reverse })); break;
          case "etch": await phoenix.cortex.etch({ layer: op.layer, text: op.text }, op.key); break;
          case "memory": { const m = await phoenix.cortex.recall(op.key); ok = m ? { layer: m.layer, text: m.text } : null; break; }
          case "unmemory": ok = await phoenix.cortex.forget(op.key); break;
          case "cortexPrefix": ok = (await phoenix.cortex.recallPrefix(op.prefix, op.limit, { reverse: op.reverse })).map(([k, m]) => [k, { layer: m.layer, text: m.text }]); break;
          case "cosmic": await phoenix.cache.storeCosmicData({ source: "fuzz", timestamp: op.timestamp, data: op.data, streamType: op.stream }); break;
          case "stream": ok = (await phoenix.cache.retrieveCosmicData(op.stream)).map((item) => ({ timestamp: item.timestamp, data: item.data })); break;
          case "vectorAdd": await phoenix.vectorKb.addMemory(op.text, {}); break;
          case "vectorCount": ok = await phoenix.vectorKb.count(); break;
          case "clearBody": ok = await phoenix.vaults.clearBody(); break;
          case "closeConnection": phoenix.db.close(); break;
        }
        results.push({ ok });
      } catch (error) {
        results.push({ error: error && error.code ? error.code : "UNTYPED: " + String(error && error.message) });
      }
    }
    return JSON.stringify(results);
  })()`;
  return page.evaluate(expression).then((text) => JSON.parse(text as string) as FuzzResult[]);
}

/** Everything the model holds, asked of the page in one go. */
function contentsOps(model: FuzzModel): FuzzOp[] {
  const streams = [...model.streams.keys()];
  return [
    { kind: "prefix", vault: "mind", prefix: "", reverse: false },
    { kind: "prefix", vault: "body", prefix: "", reverse: false },
    { kind: "prefix", vault: "soul", prefix: "", reverse: false },
    { kind: "cortexPrefix", prefix: "stm:", reverse: false },
    { kind: "cortexPrefix", prefix: "wm:", reverse: false },
    { kind: "cortexPrefix", prefix: "ltm:", reverse: false },
    { kind: "vectorCount" },
    ...streams.map((stream): FuzzOp => ({ kind: "stream", stream })),
  ];
}

describe("fuzzing the public API against a model", () => {
  let context: BrowserContext;
  let page: Page;
  let total = 0;

  beforeAll(async () => {
    context = await launchBrowser();
  });
  afterAll(async () => {
    console.log(`[fuzz] ${total} operations, seeds ${SEEDS.join(", ")}, zero divergence unless reported above`);
    await context?.close();
  });

  for (const seed of SEEDS) {
    test(`seed ${seed}: ${OPS_PER_SEED} calls, interleaved with closed connections and reloads`, { timeout: Math.max(180_000, OPS_PER_SEED * 200) }, async () => {
      // A profile of its own per seed: a fresh database under a fresh name would leave the app's page unused.
      if (page) await page.close();
      page = await context.newPage();
      await page.goto((await openApp(context)).url());
      await waitForReady(page);
      await page.evaluate(async () => {
        const phoenix = window.phoenix!;
        phoenix.close();
        await new Promise<void>((resolve, reject) => {
          const request = indexedDB.deleteDatabase("phoenix");
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
        });
      });
      await reloadApp(page);
      await page.evaluate((passphrase) => window.phoenix!.vaults.soul.setup(passphrase), PASSPHRASE);

      const random = seededRandom(seed);
      const next = makeGenerator(random);
      const model = new FuzzModel();
      for (let done = 0; done < OPS_PER_SEED; done += BATCH) {
        const ops = Array.from({ length: Math.min(BATCH, OPS_PER_SEED - done) }, next);
        const results = await runInPage(page, ops);
        ops.forEach((op, i) => {
          const expected = model.apply(op);
          if (JSON.stringify(results[i]) !== JSON.stringify(expected)) {
            console.error(`[fuzz] divergence: seed ${seed}, step ${done + i}, op ${JSON.stringify(op).slice(0, 300)}`);
          }
          expect(results[i], `seed ${seed} step ${done + i}: ${JSON.stringify(op).slice(0, 200)}`).toEqual(expected);
        });
        total += ops.length;
        if (random() < 0.15) {
          await reloadApp(page);
          await page.evaluate((passphrase) => window.phoenix!.vaults.soul.unlock(passphrase), PASSPHRASE);
        }
        const check = contentsOps(model);
        const contents = await runInPage(page, check);
        expect(contents, `seed ${seed}: contents after step ${done + ops.length}`).toEqual(check.map((op) => model.apply(op)));
      }
    });
  }
});

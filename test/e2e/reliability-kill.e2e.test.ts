/**
 * Killed pages in real Chromium: each of etchMany, storeCosmicBatch, addMemories, backups.import,
 * rotateKey and changePassphrase is cut off by a closed tab and by a crashed renderer, at several points;
 * after reopening, every store is explained by a prefix of the steps (helpers/kill-harness.ts).
 *
 * Each case has its own browser and profile, opened and closed by the case: a kill that leaves a browser
 * unwell, or a case that times out, cannot reach the next one. Kill points count resolved steps first
 * (machine load moves them in time, not in the work), then add a seeded delay.
 * `PHOENIX_RELIABILITY_KILLS=<n>` (npm run bench:reliability) runs n kills at random points instead, seed printed.
 */
import { afterEach, describe, expect, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { launchBrowser, openApp } from "./helpers/browser.js";
import { KILL_OPERATIONS, killDuring, passphraseAt, prepareProfile, type KillOperation, type KillOutcome, type KillPoint } from "./helpers/kill-harness.js";
import { seededRandom } from "./helpers/reliability.js";

const LONG_RUN = Number(process.env.PHOENIX_RELIABILITY_KILLS ?? 0);
const SEED = Number(process.env.PHOENIX_RELIABILITY_SEED ?? 20_261_201);
/** Calls that take seconds a step (Argon2id, re-encryption, whole archives) get a longer span to land in. */
const SLOW: readonly KillOperation[] = ["backups.import", "rotateKey", "changePassphrase"];

let context: BrowserContext | undefined;
const outcomes: KillOutcome[] = [];

afterEach(async () => {
  const closing = context;
  context = undefined;
  // A wedged browser must not hold up the next case: give it a bounded time to close.
  await Promise.race([closing?.close().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 20_000))]);
});

/** One case: a fresh profile, then each kill point in turn on it (each kill reopens the app in a new tab). */
async function killCase(operation: KillOperation, points: KillPoint[], firstRun: number): Promise<KillOutcome[]> {
  context = await launchBrowser();
  let page: Page = await openApp(context);
  await prepareProfile(page);
  let passphrase = passphraseAt(0);
  const done: KillOutcome[] = [];
  for (const [i, point] of points.entries()) {
    try {
      const result = await killDuring(context, page, operation, point, firstRun + i, passphrase);
      page = result.page;
      passphrase = result.passphrase;
      done.push(result.outcome);
    } catch (error) {
      console.error(`[kill] failed with seed ${SEED}: ${operation} ${JSON.stringify(point)}`);
      throw error;
    }
  }
  outcomes.push(...done);
  return done;
}

describe("pages killed in the middle of a write", () => {
  if (LONG_RUN > 0) {
    test(`${LONG_RUN} kills at random points (seed ${SEED})`, { timeout: LONG_RUN * 120_000 }, async () => {
      const random = seededRandom(SEED);
      for (let i = 0; i < LONG_RUN; i += 1) {
        const operation = KILL_OPERATIONS[Math.floor(random() * KILL_OPERATIONS.length)]!;
        const point: KillPoint = {
          method: random() < 0.5 ? "close" : "crash",
          afterSteps: Math.floor(random() * 3),
          delayMs: Math.round(random() * (SLOW.includes(operation) ? 2_000 : 300)),
        };
        await killCase(operation, [point], 1);
        await context?.close();
        context = undefined;
      }
      console.log(`[kill] seed ${SEED}: ${outcomes.length} kills survived`, JSON.stringify(outcomes));
      expect(outcomes).toHaveLength(LONG_RUN);
    });
    return;
  }

  for (const [index, operation] of KILL_OPERATIONS.entries()) {
    test(`${operation}: a closed tab and a crashed renderer, each at two points, leave a prefix of its steps`, { timeout: 240_000 }, async () => {
      const random = seededRandom(SEED + index);
      const span = SLOW.includes(operation) ? 1_500 : 200;
      // Early (before or at the first step's commit) and later (with steps already committed), both ways.
      const points: KillPoint[] = [
        { method: "close", afterSteps: 0, delayMs: Math.round(random() * span) },
        { method: "crash", afterSteps: 1, delayMs: Math.round(random() * span) },
        { method: "crash", afterSteps: 0, delayMs: Math.round(random() * span) },
        { method: "close", afterSteps: 2, delayMs: Math.round(random() * span) },
      ];
      const done = await killCase(operation, points, 1);
      expect(done.map((outcome) => outcome.method)).toEqual(["close", "crash", "crash", "close"]);
      console.log(`[kill] ${operation}: steps resolved before each kill ${done.map((outcome) => outcome.resolved).join(", ")}`);
    });
  }
});

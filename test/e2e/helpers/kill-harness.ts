/**
 * Killed-page harness: runs a public-API operation step after step in a page, kills the page at a chosen
 * moment (tab closed without beforeunload, or a renderer crash), opens the app again and checks that what
 * is stored is explained by a prefix of the steps: every step the page saw succeed is there, the one in
 * flight is there whole or not at all, nothing after it.
 *
 * The page reports each resolved step through an exposed binding and waits for the ack before the next,
 * so the test knows exactly which steps resolved: at the kill, at most one was in flight.
 */
import { expect } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { callPhoenix, openAppInNewTab } from "./browser.js";
import { killPage, type KillMethod } from "./reliability.js";

export type { KillMethod };

export const KILL_OPERATIONS = ["etchMany", "storeCosmicBatch", "addMemories", "backups.import", "rotateKey", "changePassphrase"] as const;
export type KillOperation = (typeof KILL_OPERATIONS)[number];

const BATCH = 40;
const SOUL_RECORDS = 60;
export const passphraseAt = (step: number) => `kill harness passphrase number ${step}`;
const KILL_PASSPHRASES = Array.from({ length: 40 }, (_, i) => passphraseAt(i));

/**
 * Where a kill lands: once `afterSteps` steps have resolved (so the point does not depend on how busy the
 * machine is), then `delayMs` later, somewhere in the steps that follow.
 */
export interface KillPoint {
  method: KillMethod;
  afterSteps: number;
  delayMs: number;
}

export interface KillOutcome extends KillPoint {
  operation: KillOperation;
  /** Steps the page saw resolve before it died. */
  resolved: number;
}

/** The profile needs this once before operations that use the Soul Vault or archives. */
export async function prepareProfile(page: Page): Promise<void> {
  await callPhoenix(
    page,
    async (phoenix, { first, records }) => {
      if (!(await phoenix.vaults.soul.isSetUp())) await phoenix.vaults.soul.setup(first);
      else await phoenix.vaults.soul.unlock(first);
      await phoenix.vaults.soul.storeSoulMany(Array.from({ length: records }, (_, i) => [`kill:${i}`, `soul value ${i}`] as const));
    },
    { first: passphraseAt(0), records: SOUL_RECORDS },
  );
}

/** How long a step can take before the harness calls the operation stuck (a loaded machine included). */
const STEP_WAIT_MS = 90_000;

/**
 * Starts `operation` in `page` (run id `run` keeps runs apart), kills the page at `point`, opens a new
 * tab and checks the stores. Returns what happened, for the report. An operation that fails on its own
 * before the kill fails the call: the harness only counts kills that cut a working operation.
 */
export async function killDuring(
  context: BrowserContext,
  page: Page,
  operation: KillOperation,
  point: KillPoint,
  run: number,
  passphrase: string,
): Promise<{ outcome: KillOutcome; page: Page; passphrase: string }> {
  let resolved = 0;
  let failure: unknown;
  let wake = () => {};
  await page.exposeBinding("__phoenixStepDone", (_source, step: number) => {
    resolved = Math.max(resolved, step + 1);
    wake();
  });
  // Not awaited: it runs until the page dies. A rejection before the kill is the operation failing.
  let killed = false;
  void callPhoenix(page, startSteps, { operation, run, batch: BATCH, passphrase, passphrases: KILL_PASSPHRASES }).catch((error: unknown) => {
    if (!killed) failure = error;
    wake();
  });
  await page.waitForFunction(() => (window as unknown as { __phoenixStarted?: boolean }).__phoenixStarted === true, undefined, { timeout: STEP_WAIT_MS });
  const deadline = Date.now() + STEP_WAIT_MS * Math.max(1, point.afterSteps);
  while (resolved < point.afterSteps && failure === undefined) {
    if (Date.now() > deadline) throw new Error(`${operation}: only ${resolved} of ${point.afterSteps} steps resolved before the kill point`);
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 1_000);
    });
  }
  if (failure !== undefined) throw failure;
  await new Promise((resolve) => setTimeout(resolve, point.delayMs));
  killed = true;
  await killPage(page, point.method);
  // Read only once the page is dead: it kept working until the kill landed.
  const seen = resolved;
  const next = await openAppInNewTab(context);
  const current = await verify(next, operation, run, seen, passphrase);
  return { outcome: { operation, ...point, resolved: seen }, page: next, passphrase: current };
}

interface StepArgs {
  operation: KillOperation;
  run: number;
  batch: number;
  passphrase: string;
  passphrases: string[];
}

/** Runs in the page: the operation step after step, reporting each. Self-contained (sent as source). */
async function startSteps(phoenix: import("../../../src/index.js").Phoenix, args: StepArgs): Promise<void> {
  const done = (window as unknown as { __phoenixStepDone: (step: number) => Promise<void> }).__phoenixStepDone;
  const { operation, run, batch } = args;
  let archives: File[] = [];
  if (operation === "backups.import") {
    // Two states to flip between: "A" with few records, "B" with many; each import is all or nothing.
    await phoenix.vaults.storeMind(`import:r${run}:marker`, "A");
    const a = await phoenix.backups.export();
    for (let i = 0; i < 300; i += 1) await phoenix.vaults.storeMind(`import:r${run}:b${i}`, `b${i}`);
    await phoenix.vaults.storeMind(`import:r${run}:marker`, "B");
    const b = await phoenix.backups.export();
    archives = [b, a];
  }
  if (operation === "rotateKey" || operation === "changePassphrase") await phoenix.vaults.soul.unlock(args.passphrase);
  let current = args.passphrases.indexOf(args.passphrase);
  (window as unknown as { __phoenixStarted: boolean }).__phoenixStarted = true;
  for (let step = 0; step < 10_000; step += 1) {
    if (operation === "etchMany") {
      await phoenix.cortex.etchMany(Array.from({ length: batch }, (_, j) => [{ layer: "LTM", text: `${step}:${j}` }, `ltm:r${run}s${step}:${j}`] as const));
    } else if (operation === "storeCosmicBatch") {
      await phoenix.cache.storeCosmicBatch(
        Array.from({ length: batch }, (_, j) => ({ source: `r${run}`, timestamp: step, data: `${step}:${j}`, streamType: `kill-r${run}` })),
      );
    } else if (operation === "addMemories") {
      await phoenix.vectorKb.addMemories(Array.from({ length: batch }, (_, j) => ({ text: `kill entry r${run}s${step}i${j}`, metadata: { run, step } })));
    } else if (operation === "backups.import") {
      await phoenix.backups.import(archives[step % 2]!, { mode: "replace", snapshot: false });
    } else if (operation === "rotateKey") {
      await phoenix.vaults.soul.rotateKey({ batchSize: 10 });
    } else {
      await phoenix.vaults.soul.changePassphrase(args.passphrases[current]!, args.passphrases[current + 1]!);
      current += 1;
    }
    await done(step);
  }
}

async function verify(page: Page, operation: KillOperation, run: number, resolved: number, passphrase: string): Promise<string> {
  if (operation === "etchMany" || operation === "storeCosmicBatch" || operation === "addMemories") {
    const groups = await callPhoenix(
      page,
      async (phoenix, { operation, run }) => {
        const steps: number[] = [];
        if (operation === "etchMany") {
          for (const [key] of await phoenix.cortex.recallPrefix(`ltm:r${run}s`, 1_000_000)) steps.push(Number(/s(\d+):/.exec(key)![1]));
        } else if (operation === "storeCosmicBatch") {
          for (const item of await phoenix.cache.retrieveCosmicData(`kill-r${run}`)) steps.push(item.timestamp);
        } else {
          for (const entry of await phoenix.vectorKb.all()) {
            if (entry.metadata.run === run) steps.push(entry.metadata.step as number);
          }
        }
        const counts: Record<number, number> = {};
        for (const step of steps) counts[step] = (counts[step] ?? 0) + 1;
        const index = operation === "addMemories" ? { count: await phoenix.vectorKb.count(), records: (await phoenix.counts()).vector_kb } : undefined;
        return { counts, index };
      },
      { operation, run },
    );
    const present = Object.keys(groups.counts).map(Number).sort((a, b) => a - b);
    // Nothing half-written: every step present holds its whole batch.
    for (const step of present) expect(groups.counts[step], `${operation} step ${step}`).toBe(BATCH);
    // A prefix: steps 0..k with no gap; every step seen to succeed is there, at most the one in flight more.
    expect(present).toEqual(present.map((_, i) => i));
    expect(present.length).toBeGreaterThanOrEqual(resolved);
    expect(present.length).toBeLessThanOrEqual(resolved + 1);
    if (groups.index) expect(groups.index.count, "the vector index agrees with its records").toBe(groups.index.records);
    if (operation === "addMemories" && present.length > 0) {
      // One word names the entry; the hashing embedder folds words into 384 slots, so another entry's word
      // can share its slot and tie with it: the entry must be among the best-scoring few, not first.
      const text = `kill entry r${run}s${present.length - 1}i${BATCH - 1}`;
      const hits = await callPhoenix(page, async (phoenix, query) => (await phoenix.vectorKb.semanticSearch(query, 10)).map((hit) => hit.text), text);
      expect(hits, "the last committed batch is in the search index").toContain(text);
    }
    return passphrase;
  }
  if (operation === "backups.import") {
    const state = await callPhoenix(
      page,
      async (phoenix, run) => ({
        marker: await phoenix.vaults.recallMind(`import:r${run}:marker`),
        b: (await phoenix.vaults.recallPrefix(`mind:import:r${run}:b`, 10_000)).length,
      }),
      run,
    );
    // Either archive whole: A has none of B's records, B all of them.
    if (state.marker === "A") expect(state.b).toBe(0);
    else expect(state).toEqual({ marker: "B", b: 300 });
    return passphrase;
  }
  // Soul Vault: it opens with the passphrase last seen to succeed (or the one whose change was in flight),
  // and every record decrypts; an interrupted rotation resumes.
  const start = KILL_PASSPHRASES.indexOf(passphrase);
  const candidates = operation === "changePassphrase" ? [start + resolved, start + resolved + 1] : [start];
  const opened = await callPhoenix(
    page,
    async (phoenix, list) => {
      for (const candidate of list) {
        try {
          await phoenix.vaults.soul.unlock(candidate);
          if (await phoenix.vaults.soul.isRotationPending()) await phoenix.vaults.soul.rotateKey();
          const values = await phoenix.vaults.recallPrefix("soul:kill:", 10_000);
          return { candidate, values: values.length, intact: values.every(([key, value]) => value === `soul value ${key.slice(5)}`) };
        } catch (error) {
          if ((error as { code?: string }).code !== "BAD_PASSPHRASE") throw error;
        }
      }
      return undefined;
    },
    candidates.map((index) => passphraseAt(index)),
  );
  expect(opened, "the Soul Vault opens with the last passphrase seen to succeed or the one in flight").toBeDefined();
  expect(opened!.values).toBe(SOUL_RECORDS);
  expect(opened!.intact).toBe(true);
  return opened!.candidate;
}



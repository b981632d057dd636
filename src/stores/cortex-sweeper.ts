/**
 * The background upkeep of the Neural Cortex Strata while the app is open: every `sweepIntervalMs`,
 * consolidate (often-recalled STM/WM → LTM), write pending recall counts, and sweep expired memories in
 * small batches that yield to the page between them.
 *
 * It runs in ONE tab per profile: each tab asks for the Web Lock `<db>:cortex-sweep`; the tab that gets it
 * keeps it while it runs, the others wait in the lock's queue and take over when that tab closes.
 * Without Web Locks (Node, tests) this tab runs it.
 *
 * Besides the interval, the leader wakes when the next STM/WM memory expires (found through the expiry
 * index), and re-checks that time when any tab of the profile writes one (a BroadcastChannel message),
 * so storage is freed soon after a memory expires without polling.
 */
import type { NeuralCortexStrata } from "./cortex.js";

export interface SweepRun {
  at: number;
  removed: number;
  promoted: number;
}

export interface SweeperOptions {
  lockName: string;
  intervalMs: () => number;
  clock: () => number;
}

const MIN_GAP_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<void>;
}

export class CortexSweeper {
  /** True while this tab holds the lock and runs the upkeep. */
  leader = false;
  /** Upkeep rounds run in this tab. */
  runs = 0;
  lastRun: SweepRun | undefined;
  private controller: AbortController | undefined;
  private wake: (() => void) | undefined;
  private channel: BroadcastChannel | undefined;

  constructor(
    private readonly cortex: NeuralCortexStrata,
    private readonly options: SweeperOptions,
  ) {}

  get running(): boolean {
    return this.controller !== undefined;
  }

  /** Starts (idempotent). Resolves at once; the upkeep runs when this tab gets the lock. */
  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    if (typeof BroadcastChannel === "function") {
      this.channel = new BroadcastChannel(this.options.lockName);
      this.channel.onmessage = () => this.wake?.();
      (this.channel as { unref?: () => void }).unref?.();
    }
    const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
    const lead = () => this.lead(controller.signal);
    if (!locks) {
      void lead();
      return;
    }
    locks.request(this.options.lockName, { signal: controller.signal }, lead).catch(() => undefined);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.channel?.close();
    this.channel = undefined;
    this.wake?.();
  }

  /** An STM/WM memory was written in this tab: the leader (here or in another tab) re-checks the next expiry. */
  noteExpiringWrite(): void {
    this.channel?.postMessage("expiring-write");
    this.wake?.();
  }

  /** The interval changed: the leader runs a round now and then waits the new interval. */
  reschedule(): void {
    this.wake?.();
  }

  /** One round now: consolidate, write recall counts, sweep. */
  async runOnce(signal?: AbortSignal): Promise<SweepRun> {
    const { promoted } = await this.cortex.consolidate();
    await this.cortex.flushStats().catch(() => 0);
    const removed = await this.cortex.sweep({ batch: 100, ...(signal ? { signal } : {}) });
    const run = { at: this.options.clock(), removed, promoted: promoted.length };
    this.runs += 1;
    this.lastRun = run;
    return run;
  }

  private async lead(signal: AbortSignal): Promise<void> {
    this.leader = true;
    let due = 0;
    let lastRun = -Infinity;
    try {
      while (!signal.aborted) {
        const next = await this.cortex.nextExpiry().catch(() => undefined);
        // Never two rounds within a second, even if an expiry stays due (a failing round, a clock jump).
        const target = Math.max(next === undefined ? due : Math.min(due, next), lastRun + MIN_GAP_MS);
        const now = this.options.clock();
        if (now >= target) {
          try {
            await this.runOnce(signal);
          } catch {
            // A closed database or a full disk: try again next round.
          }
          lastRun = this.options.clock();
          due = lastRun + this.options.intervalMs();
          continue;
        }
        await this.sleep(target - now);
      }
    } finally {
      this.leader = false;
    }
  }

  /** Waits `ms`, or until woken (a write, a new interval, stop). */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(MAX_TIMER_MS, Math.max(0, ms) + 10));
      (timer as { unref?: () => void }).unref?.();
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.wake === done) self.wake = undefined;
        resolve();
      }
      this.wake = done;
    });
  }
}

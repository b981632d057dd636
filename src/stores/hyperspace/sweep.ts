/**
 * The retention sweep of the Hyperspace Cache: policies in `meta` (retention.ts), run in ONE tab of the
 * origin at a time (Web Locks: the tab that holds the lock sweeps, the others skip), each step a short
 * transaction so ingest interleaves instead of waiting for the whole sweep.
 */
import { putMeta, readMeta, readMetaIn } from "../../db/meta.js";
import type { PhoenixDB } from "../../db/schema.js";
import { writeTx } from "../../db/write.js";
import { assertKey } from "../../shared/input.js";
import { BLOCKS_STORE, STREAMS_STORE } from "./layout.js";
import {
  checkPolicy,
  sweepStep,
  type RetentionPolicy,
  type RetentionRecord,
  type SweepReport,
} from "./retention.js";

export class HyperspaceRetention {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly db: PhoenixDB,
    private readonly ready: () => Promise<void>,
    private readonly clock: () => number,
  ) {}

  async set(stream: string, policy: RetentionPolicy): Promise<RetentionPolicy> {
    assertKey(stream, "stream name");
    const checked = checkPolicy(policy);
    await writeTx(this.db, ["meta"], async ({ meta }) => {
      const record = await readMetaIn(meta, "hyperspaceRetention");
      if (Object.keys(checked).length === 0) delete record.streams[stream];
      else record.streams[stream] = checked;
      putMeta(meta, "hyperspaceRetention", record);
    });
    return { ...checked };
  }

  async get(stream: string): Promise<RetentionPolicy> {
    assertKey(stream, "stream name");
    return { ...((await this.all()).streams[stream] ?? {}) };
  }

  private async all(): Promise<RetentionRecord> {
    return readMeta(this.db, "hyperspaceRetention");
  }

  /**
   * One sweep under the origin-wide lock. Asked for (`skipIfBusy` false), it waits for a sweep running in
   * another tab and then runs, so its report is about this moment; the periodic sweep skips instead.
   */
  async sweep(skipIfBusy = false): Promise<SweepReport> {
    const locks = typeof navigator === "undefined" ? undefined : (navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return { removed: await this.sweepAll(), skipped: false };
    const name = `phoenix:${this.db.name}:hyperspace-sweep`;
    return locks.request(name, { ifAvailable: skipIfBusy }, async (lock) =>
      lock ? { removed: await this.sweepAll(), skipped: false } : { removed: {}, skipped: true },
    );
  }

  private async sweepAll(): Promise<Record<string, number>> {
    await this.ready();
    const { streams } = await this.all();
    const removed: Record<string, number> = {};
    for (const [stream, policy] of Object.entries(streams)) {
      let total = 0;
      for (;;) {
        const now = this.clock();
        const step = await writeTx(
          this.db,
          [BLOCKS_STORE, STREAMS_STORE],
          (_stores, tx) => sweepStep(tx, stream, policy, now),
          "relaxed",
        );
        total += step.removed;
        if (!step.more) break;
      }
      if (total > 0) removed[stream] = total;
    }
    return removed;
  }

  start(intervalMs: number): () => void {
    this.stop();
    const run = () => void this.sweep(true).catch((error: unknown) => console.warn("Hyperspace retention sweep failed:", error));
    run();
    this.timer = setInterval(run, intervalMs);
    return () => this.stop();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}


/**
 * Recall statistics of the Neural Cortex Strata, counted without a write per read.
 *
 * A recall (recall, recallPrefix, a search hit) is counted in memory; `flush()` adds the pending counts to
 * the stored records, at most once per key per minute (by the injected clock), and never touches
 * `updatedAt`, so counting does not extend a memory's life nor make it look newer in a backup merge.
 * Reads of the statistics add what is still pending, so they are exact at once.
 */
import type { CortexRecord, PhoenixDB } from "../db/schema.js";
import { writeTx } from "../db/write.js";

/** At most one write per key in this time. */
export const STATS_WRITE_INTERVAL_MS = 60_000;

interface Pending {
  count: number;
  last: number;
}

export class RecallStats {
  private readonly pending = new Map<string, Pending>();
  private readonly lastWrite = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly db: PhoenixDB,
    private readonly clock: () => number,
  ) {}

  /** Counts one recall of each key now. */
  note(keys: Iterable<string>): void {
    const now = this.clock();
    for (const key of keys) {
      const entry = this.pending.get(key);
      if (entry) {
        entry.count += 1;
        entry.last = Math.max(entry.last, now);
      } else this.pending.set(key, { count: 1, last: now });
    }
    this.schedule();
  }

  /** The record with the pending counts added (a copy when there are any). */
  merged(key: string, record: CortexRecord): CortexRecord {
    const entry = this.pending.get(key);
    if (!entry) return record;
    return {
      ...record,
      recalls: (record.recalls ?? 0) + entry.count,
      lastRecalledAt: Math.max(record.lastRecalledAt ?? entry.last, entry.last),
    };
  }

  /** Pending counts of `key`, taken away (a promoted memory carries them to its new key). */
  take(key: string): Pending | undefined {
    const entry = this.pending.get(key);
    this.pending.delete(key);
    return entry;
  }

  /** Puts counts back under a key (after a promotion). */
  give(key: string, entry: Pending): void {
    this.pending.set(key, entry);
    this.schedule();
  }

  /** Writes the pending counts of every key not written in the last minute; returns the keys written. */
  async flush(): Promise<number> {
    const now = this.clock();
    const due: Array<[string, Pending]> = [];
    for (const [key, entry] of this.pending) {
      const last = this.lastWrite.get(key);
      // A clock that went backwards (now < last) must not block writes for good.
      if (last === undefined || now - last >= STATS_WRITE_INTERVAL_MS || now < last) due.push([key, entry]);
    }
    if (due.length === 0) return 0;
    for (const [key] of due) this.pending.delete(key);
    try {
      // Statistics only (contextStamp false): the texts the Context Engine indexes are unchanged.
      await writeTx(this.db, ["eternal_memory"], ({ eternal_memory: store }, _tx, guard) => {
        for (const [key, entry] of due) {
          const read = store.get(key);
          read.onsuccess = guard(() => {
            const record = read.result;
            if (!record) return;
            record.recalls = (record.recalls ?? 0) + entry.count;
            record.lastRecalledAt = Math.max(record.lastRecalledAt ?? entry.last, entry.last);
            store.put(record, key);
          });
        }
      }, { contextStamp: false });
    } catch (error) {
      // Counts are worth a retry, not a lost read: put them back.
      for (const [key, entry] of due) {
        const now2 = this.pending.get(key);
        this.pending.set(key, now2 ? { count: now2.count + entry.count, last: Math.max(now2.last, entry.last) } : entry);
      }
      throw error;
    }
    for (const [key] of due) this.lastWrite.set(key, now);
    return due.length;
  }

  get pendingKeys(): number {
    return this.pending.size;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.closed || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush()
        .catch(() => undefined)
        .finally(() => this.schedule());
    }, STATS_WRITE_INTERVAL_MS);
    (this.timer as { unref?: () => void }).unref?.();
  }
}

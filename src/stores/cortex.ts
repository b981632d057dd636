/**
 * Neural Cortex Strata: the five memory layers of the seed in the `eternal_memory` store.
 *
 * Key formats (the seed's table), checked on every write so a key always tells its layer:
 *   STM `stm:{key}`  WM `wm:{key}`  LTM `ltm:{key}`  EPM `epm:{user}:{timestamp}`  RFM `rfm:{instinct}:{key}`
 *
 * Where the seed is weak: its `recall_prefix(prefix, limit)` takes the first `limit` keys in ascending
 * order, so "the last 8 episodic memories" returned the 8 OLDEST. Here `recallPrefix(p, n, { reverse: true })`
 * returns the n newest, newest first, and `epmKey()` makes EPM keys whose string order is time order.
 *
 * Lifecycle (cortex-lifecycle.ts): STM/WM memories expire after their lifetime and vanish from every read at
 * once; the sweep (cortex-maintenance.ts) frees their space later. Recalls are counted (cortex-stats.ts), and
 * often-recalled STM/WM memories are consolidated into LTM. Every time decision uses the injected clock.
 */
import { PhoenixError } from "../errors.js";
import { assertLimit, prefixRange, scanPrefix, type ScanOptions } from "../db/prefix.js";
import { CORTEX_EXPIRY_INDEX, LAYERS, type CortexRecord, type Layer, type PhoenixDB } from "../db/schema.js";
import { readTx, request, storageCall, writeTx } from "../db/write.js";
import { DEFAULT_SETTINGS, type RetentionSettings } from "../settings/types.js";
import { isExpired, lifetimeMs, memoryWeight } from "./cortex-lifecycle.js";
import { consolidate, expiredRange, sweepBatch, SWEEP_BATCH, type Promotion } from "./cortex-maintenance.js";
import { RecallStats } from "./cortex-stats.js";
import { assertKey } from "../shared/input.js";
import { assertMemory, type Memory } from "./cortex-keys.js";

export { epmKey, layerOfKey, type Memory } from "./cortex-keys.js";

/**
 * A recalled memory: the layer and text plus when it was first etched and last changed (ms since epoch).
 * Its recall statistics are apart, in `cortex.stats(key)`, so this shape stays what it always was.
 */
export type StoredMemory = Pick<CortexRecord, "layer" | "text" | "createdAt" | "updatedAt">;

function publicMemory(record: CortexRecord): StoredMemory {
  return { layer: record.layer, text: record.text, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

export interface CortexOptions {
  /** Told the keys after every write or removal (the Context Engine's index follows). */
  onWrite?: (keys: readonly string[]) => void;
  /** The time every lifecycle decision uses (ms since epoch). Default Date.now. */
  clock?: () => number;
  /** Current lifetimes and half-life; read at each decision, so a settings change applies at once. */
  retention?: () => RetentionSettings;
  /** Called after STM or WM memories were written (the sweeper then knows a new expiry is coming). */
  onExpiringWrite?: () => void;
}

/** A memory's recall statistics and its ranking weight now. */
export interface MemoryStats {
  recalls: number;
  lastRecalledAt?: number;
  weight: number;
}

export class NeuralCortexStrata {
  private readonly clock: () => number;
  private readonly retention: () => RetentionSettings;
  /** Recall counts, batched (cortex-stats.ts). */
  readonly recallStats: RecallStats;

  constructor(
    private readonly db: PhoenixDB,
    private readonly options: CortexOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.retention = options.retention ?? (() => DEFAULT_SETTINGS.retention);
    this.recallStats = new RecallStats(db, this.clock);
  }

  /** Stores `memory` under `key` (the seed's argument order). Keeps the first etch time on overwrite. */
  async etch(memory: Memory, key: string): Promise<void> {
    assertMemory(memory, key);
    await this.etchMany([[memory, key]]);
  }

  /**
   * Many memories in one transaction: all are written or none. A re-etch refreshes an STM/WM memory's
   * lifetime and keeps its first etch time and statistics; over an expired memory it starts afresh.
   */
  async etchMany(entries: ReadonlyArray<readonly [Memory, string]>): Promise<void> {
    if (!Array.isArray(entries)) throw new PhoenixError("INVALID_ARGUMENT", "etchMany takes [memory, key] pairs.");
    for (const entry of entries) {
      if (!Array.isArray(entry)) throw new PhoenixError("INVALID_ARGUMENT", "etchMany takes [memory, key] pairs.");
      assertMemory(entry[0], entry[1]);
    }
    if (entries.length === 0) return;
    const now = this.clock();
    const retention = this.retention();
    await writeTx(this.db, ["eternal_memory"], ({ eternal_memory: store }, _tx, guard) => {
      const put = (memory: Memory, key: string, previous: CortexRecord | undefined) => {
        const alive = previous !== undefined && !isExpired(previous, now, retention);
        const record: CortexRecord = { layer: memory.layer, text: memory.text, createdAt: alive ? previous.createdAt : now, updatedAt: now };
        if (alive && previous.recalls !== undefined) record.recalls = previous.recalls;
        if (alive && previous.lastRecalledAt !== undefined) record.lastRecalledAt = previous.lastRecalledAt;
        store.put(record, key);
      };
      // One key read over the batch's span finds the keys that already exist; only those need a read
      // of their creation time. A fresh batch thus costs about what raw puts cost.
      let lowest = entries[0]![1];
      let highest = lowest;
      for (const [, key] of entries) {
        if (key < lowest) lowest = key;
        if (key > highest) highest = key;
      }
      const existingKeys = store.getAllKeys(IDBKeyRange.bound(lowest, highest));
      existingKeys.onsuccess = guard(() => {
        const existing = new Set(existingKeys.result as string[]);
        for (const [memory, key] of entries) {
          if (!existing.has(key)) {
            put(memory, key, undefined);
            continue;
          }
          const previous = store.get(key);
          previous.onsuccess = guard(() => put(memory, key, previous.result));
        }
      });
    });
    this.options.onWrite?.(entries.map(([, key]) => key));
    if (entries.some(([memory]) => memory.layer === "STM" || memory.layer === "WM")) this.options.onExpiringWrite?.();
  }

  /** The memory under `key`, or undefined (also when it has expired). Counts as a recall. */
  async recall(key: string): Promise<StoredMemory | undefined> {
    assertKey(key);
    const record = await storageCall(() => this.db.get("eternal_memory", key));
    if (!record || this.isExpired(record)) return undefined;
    this.recallStats.note([key]);
    return publicMemory(record);
  }

  /**
   * Memories whose key starts with `prefix`, in key order, at most `limit`, expired ones skipped.
   * `{ reverse: true }` gives the newest first (for EPM keys made by epmKey or the seed's fixed-width seconds).
   * Each memory returned counts as a recall.
   */
  async recallPrefix(prefix: string, limit?: number, options: ScanOptions = {}): Promise<Array<[string, StoredMemory]>> {
    const found = await this.livePrefix(prefix, limit, options);
    this.recallStats.note(found.map(([key]) => key));
    return found.map(([key, record]) => [key, publicMemory(record)]);
  }

  /** Removes the memory under `key`; true if there was one. */
  async forget(key: string): Promise<boolean> {
    assertKey(key);
    const found = await writeTx(this.db, ["eternal_memory"], async ({ eternal_memory: store }) => {
      const found = (await request(store.count(key))) > 0;
      if (found) store.delete(key);
      return found;
    });
    if (found) this.options.onWrite?.([key]);
    return found;
  }

  /** Record counts per layer, expired memories not counted. */
  async layerCounts(): Promise<Record<Layer, number>> {
    const now = this.clock();
    const retention = this.retention();
    const counts = await readTx(this.db, ["eternal_memory"], ({ eternal_memory: store }) =>
      Promise.all(
        LAYERS.map(async (layer) => {
          const range = expiredRange(layer, now, retention);
          const [all, expired] = await Promise.all([
            request(store.count(layerRange(layer) ?? undefined)),
            range === null ? 0 : request(store.index(CORTEX_EXPIRY_INDEX).count(range)),
          ]);
          return Math.max(0, all - expired);
        }),
      ),
    );
    return Object.fromEntries(LAYERS.map((layer, i) => [layer, counts[i] ?? 0])) as Record<Layer, number>;
  }

  /** The seed's one-line summary: counts per layer. */
  async cosmicRecall(): Promise<string> {
    const counts = await this.layerCounts();
    const total = LAYERS.reduce((sum, layer) => sum + counts[layer], 0);
    return `Neural Cortex Strata: ${total} memories — ${LAYERS.map((layer) => `${layer} ${counts[layer]}`).join(", ")}`;
  }

  /**
   * True when `record` has expired at `now` (default: the clock now). For other readers of
   * `eternal_memory` (the Context Engine, backups) so they hide exactly what the cortex hides.
   */
  isExpired(record: Pick<CortexRecord, "layer" | "updatedAt">, now: number = this.clock()): boolean {
    return isExpired(record, now, this.retention());
  }

  /** When the next STM/WM memory expires (ms since epoch; possibly already past), or undefined when none will. */
  async nextExpiry(): Promise<number | undefined> {
    const retention = this.retention();
    return readTx(this.db, ["eternal_memory"], async ({ eternal_memory: store }) => {
      const index = store.index(CORTEX_EXPIRY_INDEX);
      let next: number | undefined;
      for (const layer of ["STM", "WM"] as const) {
        const cursor = await request(index.openKeyCursor(IDBKeyRange.bound([layer, -Infinity], [layer, Infinity])));
        if (!cursor) continue;
        const at = (cursor.key as [string, number])[1] + (lifetimeMs(layer, retention) ?? 0);
        next = next === undefined ? at : Math.min(next, at);
      }
      return next;
    });
  }

  /** Removes every expired memory from storage, in batches of their own transaction; returns how many. */
  async sweep(options: { batch?: number; signal?: AbortSignal } = {}): Promise<number> {
    const batch = options.batch ?? SWEEP_BATCH;
    if (!Number.isInteger(batch) || batch < 1) throw new PhoenixError("INVALID_ARGUMENT", "batch must be a positive integer.");
    let total = 0;
    for (;;) {
      if (options.signal?.aborted) return total;
      const removed = await sweepBatch(this.db, this.clock(), this.retention(), batch);
      total += removed;
      if (removed < batch) return total;
      // Let the page paint and handle input between batches.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /**
   * STM and WM memories recalled at least `minRecalls` times (default 3) become LTM memories, keeping
   * text, first-etch time and statistics. Idempotent.
   */
  async consolidate(options: { minRecalls?: number } = {}): Promise<{ promoted: Promotion[] }> {
    const minRecalls = options.minRecalls ?? 3;
    if (!Number.isInteger(minRecalls) || minRecalls < 1) {
      throw new PhoenixError("INVALID_ARGUMENT", `minRecalls must be a positive integer, got ${String(minRecalls)}.`);
    }
    return { promoted: await consolidate(this.db, this.recallStats, this.clock(), this.retention(), minRecalls) };
  }

  /** The memory's weight in ranking now (EPM decays, others 1), or undefined when there is none. */
  async weight(key: string): Promise<number | undefined> {
    return (await this.stats(key))?.weight;
  }

  /** Recall count, last recall and weight of the memory under `key`; not itself a recall. */
  async stats(key: string): Promise<MemoryStats | undefined> {
    assertKey(key);
    const record = await storageCall(() => this.db.get("eternal_memory", key));
    const now = this.clock();
    if (!record || this.isExpired(record, now)) return undefined;
    const merged = this.recallStats.merged(key, record);
    return {
      recalls: merged.recalls ?? 0,
      ...(merged.lastRecalledAt === undefined ? {} : { lastRecalledAt: merged.lastRecalledAt }),
      weight: memoryWeight(key, record, now, this.retention()),
    };
  }

  /** Those of `keys` whose memory exists and has not expired (for search results read from elsewhere). */
  async liveKeys(keys: readonly string[]): Promise<Set<string>> {
    const now = this.clock();
    const records = await readTx(this.db, ["eternal_memory"], ({ eternal_memory: store }) =>
      Promise.all(keys.map((key) => request(store.get(key)))),
    );
    return new Set(keys.filter((_, i) => records[i] !== undefined && !this.isExpired(records[i]!, now)));
  }

  /** Counts search hits (for the Context Engine) as recalls of these keys. */
  noteRecalls(keys: readonly string[]): void {
    this.recallStats.note(keys.filter((key) => typeof key === "string" && key.length > 0));
  }

  /** Writes pending recall counts (at most once per key per minute); returns how many keys were written. */
  flushStats(): Promise<number> {
    return this.recallStats.flush();
  }

  /** Stops the statistics timer (the facade's close). */
  close(): void {
    this.recallStats.close();
  }

  /** Live (unexpired) memories under `prefix`, filling `limit` past expired ones. */
  private async livePrefix(prefix: string, limit: number | undefined, options: ScanOptions): Promise<Array<[string, CortexRecord]>> {
    const want = assertLimit(limit);
    const out: Array<[string, CortexRecord]> = [];
    let after = options.after;
    for (;;) {
      const need = want === undefined ? undefined : want - out.length;
      const page = await scanPrefix(this.db, "eternal_memory", prefix, need, { ...options, ...(after === undefined ? {} : { after }) });
      const now = this.clock();
      for (const pair of page) if (!this.isExpired(pair[1], now)) out.push(pair);
      // A page shorter than asked for means the prefix has no more keys.
      if (need === undefined || page.length < need || out.length >= want!) return out;
      after = page[page.length - 1]![0];
    }
  }
}

function layerRange(layer: Layer): IDBKeyRange | null {
  return prefixRange(`${layer.toLowerCase()}:`);
}

/**
 * Neural Cortex Strata: the five memory layers of the seed in the `eternal_memory` store.
 *
 * Key formats (the seed's table), checked on every write so a key always tells its layer:
 *   STM `stm:{key}`  WM `wm:{key}`  LTM `ltm:{key}`  EPM `epm:{user}:{timestamp}`  RFM `rfm:{instinct}:{key}`
 *
 * Where the seed is weak: its `recall_prefix(prefix, limit)` takes the first `limit` keys in ascending
 * order, so "the last 8 episodic memories" returned the 8 OLDEST. Here `recallPrefix(p, n, { reverse: true })`
 * returns the n newest, newest first, and `epmKey()` makes EPM keys whose string order is time order.
 */
import { PhoenixError, toStorageError } from "../errors.js";
import { prefixRange, scanPrefix, type ScanOptions } from "../db/prefix.js";
import { LAYERS, type CortexRecord, type Layer, type PhoenixDB } from "../db/schema.js";
import { request, writeTx } from "../db/write.js";
import { assertKey, assertText } from "./validate.js";

/** What a caller etches: the seed's `MemoryLayer::EPM("text")` as `{ layer: "EPM", text }`. */
export interface Memory {
  layer: Layer;
  text: string;
}

/** A recalled memory: the layer and text plus when it was first etched and last changed (ms since epoch). */
export type StoredMemory = CortexRecord;

const KEY_FORMATS: Record<Layer, { pattern: RegExp; format: string }> = {
  STM: { pattern: /^stm:.+$/su, format: "stm:{key}" },
  WM: { pattern: /^wm:.+$/su, format: "wm:{key}" },
  LTM: { pattern: /^ltm:.+$/su, format: "ltm:{key}" },
  // The timestamp is digits (the seed's Unix seconds) with an optional fraction, as epmKey() writes it.
  EPM: { pattern: /^epm:[^:]+:\d+(\.\d+)?$/u, format: "epm:{user}:{timestamp}" },
  RFM: { pattern: /^rfm:[^:]+:.+$/su, format: "rfm:{instinct}:{key}" },
};

export function isLayer(value: unknown): value is Layer {
  return typeof value === "string" && (LAYERS as readonly string[]).includes(value);
}

/** The layer a key's format belongs to, or undefined. */
export function layerOfKey(key: string): Layer | undefined {
  return LAYERS.find((layer) => KEY_FORMATS[layer].pattern.test(key));
}

export function assertMemory(memory: unknown, key: unknown): asserts memory is Memory {
  assertKey(key);
  if (typeof memory !== "object" || memory === null) {
    throw new PhoenixError("INVALID_VALUE", "A memory is { layer, text }.", { subject: key, replace: true });
  }
  const { layer, text } = memory as { layer?: unknown; text?: unknown };
  if (!isLayer(layer)) {
    throw new PhoenixError("INVALID_VALUE", `There is no layer "${String(layer)}"; use one of ${LAYERS.join(", ")}.`, {
      subject: key,
      replace: true,
    });
  }
  assertText(text, "memory text", key, { nonBlank: true });
  if (!KEY_FORMATS[layer].pattern.test(key)) {
    throw new PhoenixError("LAYER_MISMATCH", `An ${layer} key looks like ${KEY_FORMATS[layer].format}, but this one is "${key}".`, {
      subject: key,
      replace: true,
    });
  }
}

let lastEpmMillis = -1;
let sameMillisCount = 0;

/**
 * An EPM key whose string order is time order: `epm:{user}:{seconds, 10 digits}.{microseconds, 6 digits}`.
 * Fixed width keeps lexicographic order equal to numeric order until the year 2286. Keys made for the same
 * millisecond in a row get successive microseconds, so they differ (up to 1,000 per millisecond).
 */
export function epmKey(user: string, at: Date | number = Date.now()): string {
  assertKey(user, "EPM user name");
  if (user.includes(":")) {
    throw new PhoenixError("INVALID_KEY", "An EPM user name cannot contain ':'.", { subject: user, replace: true });
  }
  const ms = Math.floor(at instanceof Date ? at.getTime() : at);
  if (!Number.isFinite(ms) || ms < 0) throw new PhoenixError("INVALID_TIMESTAMP", `The EPM time must be a date or milliseconds since 1970; got ${String(at)}.`, { replace: true });
  sameMillisCount = ms === lastEpmMillis ? Math.min(sameMillisCount + 1, 999) : 0;
  lastEpmMillis = ms;
  const micros = ms * 1000 + sameMillisCount;
  const seconds = Math.floor(micros / 1_000_000);
  const fraction = micros % 1_000_000;
  return `epm:${user}:${String(seconds).padStart(10, "0")}.${String(fraction).padStart(6, "0")}`;
}

export interface CortexOptions {
  /** Told the keys after every write or removal (the Context Engine's index follows). */
  onWrite?: (keys: readonly string[]) => void;
}

export class NeuralCortexStrata {
  constructor(
    private readonly db: PhoenixDB,
    private readonly options: CortexOptions = {},
  ) {}

  /** Stores `memory` under `key` (the seed's argument order). Keeps the first etch time on overwrite. */
  async etch(memory: Memory, key: string): Promise<void> {
    assertMemory(memory, key);
    await this.etchMany([[memory, key]]);
  }

  /** Many memories in one transaction: all are written or none. */
  async etchMany(entries: ReadonlyArray<readonly [Memory, string]>): Promise<void> {
    if (!Array.isArray(entries)) throw new PhoenixError("INVALID_ARGUMENT", "etchMany takes [memory, key] pairs.");
    for (const entry of entries) {
      if (!Array.isArray(entry)) throw new PhoenixError("INVALID_ARGUMENT", "etchMany takes [memory, key] pairs.");
      assertMemory(entry[0], entry[1]);
    }
    if (entries.length === 0) return;
    const now = Date.now();
    await writeTx(this.db, ["eternal_memory"], ({ eternal_memory: store }, _tx, guard) => {
      const put = (memory: Memory, key: string, createdAt: number) => {
        const record: CortexRecord = { layer: memory.layer, text: memory.text, createdAt, updatedAt: now };
        store!.put(record, key);
      };
      // One key read over the batch's span finds the keys that already exist; only those need a read
      // of their creation time. A fresh batch thus costs about what raw puts cost.
      let lowest = entries[0]![1];
      let highest = lowest;
      for (const [, key] of entries) {
        if (key < lowest) lowest = key;
        if (key > highest) highest = key;
      }
      const existingKeys = store!.getAllKeys(IDBKeyRange.bound(lowest, highest));
      existingKeys.onsuccess = guard(() => {
        const existing = new Set(existingKeys.result as string[]);
        for (const [memory, key] of entries) {
          if (!existing.has(key)) {
            put(memory, key, now);
            continue;
          }
          const previous = store!.get(key) as IDBRequest<CortexRecord | undefined>;
          previous.onsuccess = guard(() => put(memory, key, previous.result?.createdAt ?? now));
        }
      });
    });
    this.options.onWrite?.(entries.map(([, key]) => key));
  }

  /** The memory under `key`, or undefined. */
  async recall(key: string): Promise<StoredMemory | undefined> {
    assertKey(key);
    try {
      return await this.db.get("eternal_memory", key);
    } catch (error) {
      throw toStorageError(error);
    }
  }

  /**
   * Memories whose key starts with `prefix`, in key order, at most `limit`.
   * `{ reverse: true }` gives the newest first (for EPM keys made by epmKey or the seed's fixed-width seconds).
   */
  async recallPrefix(prefix: string, limit?: number, options: ScanOptions = {}): Promise<Array<[string, StoredMemory]>> {
    return scanPrefix(this.db, "eternal_memory", prefix, limit, options);
  }

  /** Removes the memory under `key`; true if there was one. */
  async forget(key: string): Promise<boolean> {
    assertKey(key);
    const found = await writeTx(this.db, ["eternal_memory"], async ({ eternal_memory: store }) => {
      const found = (await request(store!.count(key))) > 0;
      if (found) store!.delete(key);
      return found;
    });
    if (found) this.options.onWrite?.([key]);
    return found;
  }

  /** Record counts per layer. */
  async layerCounts(): Promise<Record<Layer, number>> {
    const tx = this.db.transaction("eternal_memory", "readonly");
    const counts = await Promise.all(LAYERS.map((layer) => tx.store.count(layerRange(layer))));
    return Object.fromEntries(LAYERS.map((layer, i) => [layer, counts[i] ?? 0])) as Record<Layer, number>;
  }

  /** The seed's one-line summary: counts per layer. */
  async cosmicRecall(): Promise<string> {
    const counts = await this.layerCounts();
    const total = LAYERS.reduce((sum, layer) => sum + counts[layer], 0);
    return `Neural Cortex Strata: ${total} memories — ${LAYERS.map((layer) => `${layer} ${counts[layer]}`).join(", ")}`;
  }
}

function layerRange(layer: Layer): IDBKeyRange | null {
  return prefixRange(`${layer.toLowerCase()}:`);
}

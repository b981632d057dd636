/**
 * Upkeep of the Neural Cortex Strata: removing expired memories (sweep) and promoting often-recalled
 * short-term and working memories to long-term ones (consolidate).
 *
 * Expired memories are already invisible to every read (cortex-lifecycle.ts); the sweep only frees their
 * space. It finds them through the `by_layer_updated` index ([layer, updatedAt]), so a sweep reads only
 * what it removes, in batches of its own transaction each, so the page never waits long.
 */
import type { CortexRecord, Layer, PhoenixDB } from "../db/schema.js";
import { CORTEX_EXPIRY_INDEX } from "../db/schema.js";
import { prefixRange } from "../db/prefix.js";
import { request, writeTx } from "../db/write.js";
import type { RetentionSettings } from "../settings/types.js";
import { isExpired, lifetimeMs, promotedKey } from "./cortex-lifecycle.js";
import type { RecallStats } from "./cortex-stats.js";

export const SWEEP_BATCH = 200;
const EXPIRING_LAYERS: readonly Layer[] = ["STM", "WM"];

/** The index range of `layer`'s memories expired at `now`; null when the clock makes none expired. */
export function expiredRange(layer: Layer, now: number, retention: RetentionSettings): IDBKeyRange | null {
  const lifetime = lifetimeMs(layer, retention);
  if (lifetime === undefined) return null;
  const latest = now - lifetime;
  if (!Number.isFinite(latest)) return null;
  return IDBKeyRange.bound([layer, -Infinity], [layer, latest]);
}

/** Removes at most `batch` expired memories in one transaction; returns how many. */
export async function sweepBatch(db: PhoenixDB, now: number, retention: RetentionSettings, batch = SWEEP_BATCH): Promise<number> {
  return writeTx(db, ["eternal_memory"], async ({ eternal_memory: store }) => {
    let removed = 0;
    for (const layer of EXPIRING_LAYERS) {
      const range = expiredRange(layer, now, retention);
      if (range === null || removed >= batch) continue;
      const keys = await request(store.index(CORTEX_EXPIRY_INDEX).getAllKeys(range, batch - removed));
      for (const key of keys) store.delete(key);
      removed += keys.length;
    }
    return removed;
  });
}

export interface Promotion {
  from: string;
  to: string;
}

/**
 * STM and WM memories recalled at least `minRecalls` times (stored plus pending counts) become LTM: same
 * text, first-etch time and statistics, under `ltm:{rest}` (or `ltm:{rest}~2`, … when that key is taken),
 * the old key removed in the same transaction. Expired memories are not promoted: they are gone.
 */
export async function consolidate(
  db: PhoenixDB,
  stats: RecallStats,
  now: number,
  retention: RetentionSettings,
  minRecalls: number,
): Promise<Promotion[]> {
  const promoted = await writeTx(db, ["eternal_memory"], async ({ eternal_memory: store }) => {
    const done: Promotion[] = [];
    for (const prefix of ["stm:", "wm:"]) {
      const range = prefixRange(prefix);
      const [keys, values] = await Promise.all([
        request(store.getAllKeys(range)),
        request(store.getAll(range)),
      ]);
      for (let i = 0; i < keys.length; i += 1) {
        const key = keys[i] as string;
        const record = stats.merged(key, values[i]!);
        if (isExpired(record, now, retention) || (record.recalls ?? 0) < minRecalls) continue;
        let attempt = 1;
        let target = promotedKey(key, attempt);
        while ((await request(store.count(target))) > 0) target = promotedKey(key, (attempt += 1));
        const stored = values[i]!;
        const moved: CortexRecord = { ...stored, layer: "LTM", updatedAt: Math.max(now, stored.updatedAt) };
        store.put(moved, target);
        store.delete(key);
        done.push({ from: key, to: target });
      }
    }
    return done;
  });
  // Counts not yet written follow the memory to its new key.
  for (const { from, to } of promoted) {
    const pending = stats.take(from);
    if (pending) stats.give(to, pending);
  }
  return promoted;
}

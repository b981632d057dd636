/**
 * Retention per stream: a maximum age and a maximum item count, none by default. The policies live in
 * one record of `meta` (RETENTION_META_KEY, `{ type, version, streams }`), apart from the general
 * settings, so this module owns its format.
 *
 * The sweep removes the oldest items of a stream in short steps, each one transaction over a few of its
 * oldest blocks: whole blocks are deleted unread of their items, only the block on the boundary is cut.
 * Ingest never waits for more than one step, and a step's stats change goes with it.
 */
import { PhoenixError } from "../../errors.js";
import { request } from "../../db/write.js";
import { decodeRun, encodeBlock, blockKey, isBlock, sliceRun, type CosmicBlock } from "./block.js";
import { BLOCKS_STORE, STREAMS_STORE, streamRange, type StreamRecord } from "./layout.js";
import { META_KEYS } from "../../db/meta-keys.js";

export const RETENTION_META_KEY = META_KEYS.hyperspaceRetention;
const RETENTION_TYPE = "phoenix-hyperspace-retention";

export interface RetentionPolicy {
  /** Items whose timestamp (Unix seconds) is older than now minus this many milliseconds leave. */
  maxAgeMs?: number;
  /** Only the newest this many items stay. */
  maxItems?: number;
}

export interface RetentionRecord {
  type: typeof RETENTION_TYPE;
  version: 1;
  streams: Record<string, RetentionPolicy>;
}

export interface SweepReport {
  /** Items removed, per stream. */
  removed: Record<string, number>;
  /** True when another tab held the sweep, so this one did nothing. */
  skipped: boolean;
}

/** Blocks read per sweep step. */
const STEP_BLOCKS = 16;

export function emptyRetention(): RetentionRecord {
  return { type: RETENTION_TYPE, version: 1, streams: {} };
}

/** The stored record, or the empty one when absent; an unknown version is refused rather than guessed. */
export function parseRetention(value: unknown): RetentionRecord {
  if (value === undefined) return emptyRetention();
  const record = value as Partial<RetentionRecord>;
  if (record.type !== RETENTION_TYPE || record.version !== 1 || typeof record.streams !== "object" || record.streams === null) {
    throw new PhoenixError("STORAGE_ERROR", "The stored Hyperspace retention settings are of an unknown format.");
  }
  return { type: RETENTION_TYPE, version: 1, streams: { ...record.streams } };
}

/** A checked copy of a policy, with only the fields that are set. */
export function checkPolicy(policy: unknown): RetentionPolicy {
  if (typeof policy !== "object" || policy === null || Array.isArray(policy)) {
    throw new PhoenixError("INVALID_ARGUMENT", "A retention policy is { maxAgeMs?, maxItems? }.");
  }
  const { maxAgeMs, maxItems } = policy as Record<string, unknown>;
  const checked: RetentionPolicy = {};
  if (maxAgeMs !== undefined && maxAgeMs !== null) {
    if (typeof maxAgeMs !== "number" || !Number.isFinite(maxAgeMs) || maxAgeMs <= 0) {
      throw new PhoenixError("INVALID_ARGUMENT", `maxAgeMs must be a positive number of milliseconds, got ${String(maxAgeMs)}.`);
    }
    checked.maxAgeMs = maxAgeMs;
  }
  if (maxItems !== undefined && maxItems !== null) {
    if (typeof maxItems !== "number" || !Number.isSafeInteger(maxItems) || maxItems < 0) {
      throw new PhoenixError("INVALID_ARGUMENT", `maxItems must be a whole number ≥ 0, got ${String(maxItems)}.`);
    }
    checked.maxItems = maxItems;
  }
  for (const name of Object.keys(policy)) {
    if (name !== "maxAgeMs" && name !== "maxItems") throw new PhoenixError("INVALID_ARGUMENT", `Unknown retention field "${name}".`);
  }
  return checked;
}

/**
 * One sweep step for one stream, inside a readwrite transaction over blocks and streams: removes what
 * the policy says from its oldest STEP_BLOCKS blocks. Returns items removed and whether more may remain.
 */
export async function sweepStep(
  tx: IDBTransaction,
  stream: string,
  policy: RetentionPolicy,
  nowMs: number,
): Promise<{ removed: number; more: boolean }> {
  const blocks = tx.objectStore(BLOCKS_STORE);
  const streams = tx.objectStore(STREAMS_STORE);
  const state = (await request(streams.get(stream))) as StreamRecord | undefined;
  if (!state || state.items === 0) return { removed: 0, more: false };
  // Timestamps are the seed's Unix seconds.
  const cutoff = policy.maxAgeMs === undefined ? -Infinity : (nowMs - policy.maxAgeMs) / 1000;
  let excess = policy.maxItems === undefined ? 0 : Math.max(0, state.items - policy.maxItems);
  if (cutoff === -Infinity && excess === 0) return { removed: 0, more: false };
  const [keys, values] = await Promise.all([
    request(blocks.getAllKeys(streamRange(stream), STEP_BLOCKS)),
    request(blocks.getAll(streamRange(stream), STEP_BLOCKS)),
  ]);
  let removed = 0;
  let more = keys.length === STEP_BLOCKS;
  for (let i = 0; i < values.length; i += 1) {
    const block = values[i];
    if (!isBlock(block)) continue;
    const older = countOlder(block, cutoff);
    const drop = Math.min(block.n, Math.max(older, excess));
    if (drop === 0) {
      more = false;
      break;
    }
    blocks.delete(keys[i]!);
    if (drop < block.n) {
      const rest = encodeBlock(stream, sliceRun(decodeRun(block), drop));
      blocks.put(rest, blockKey(rest));
      state.bytes -= block.bytes - rest.bytes;
      more = false;
    } else {
      state.blocks -= 1;
      state.bytes -= block.bytes;
    }
    removed += drop;
    excess = Math.max(0, excess - drop);
    if (drop < block.n) break;
  }
  state.items -= removed;
  if (state.items === 0) streams.delete(stream);
  else if (removed > 0) streams.put(state, stream);
  return { removed, more: more && state.items > 0 };
}

/** Leading items with timestamp < cutoff (a block is in time order). */
function countOlder(block: CosmicBlock, cutoff: number): number {
  if (block.n === 0 || block.ts[block.n - 1]! < cutoff) return block.n;
  let count = 0;
  while (count < block.n && block.ts[count]! < cutoff) count += 1;
  return count;
}

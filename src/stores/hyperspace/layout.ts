/**
 * Where packed Hyperspace items live (DB version 3, see src/db/schema.ts):
 * - `cosmic_blocks`  key [stream, first timestamp, first seq] → CosmicBlock (block.ts)
 * - `cosmic_streams` key stream → StreamRecord: counts kept up to date per block written, so stats never
 *                    re-read items, and the stream's arrival counter.
 * - `hyperspace_cache` (v1 store) is now the inbox of items in record form: what a v2 database held, and
 *                    what a backup import writes. pack.ts moves it into blocks in small transactions.
 * Both are "packed" stores in the schema's STORE_KINDS: backups speak one record per item.
 */
import { COSMIC_BLOCKS_STORE, COSMIC_STREAMS_STORE, type StreamRecord } from "../../db/schema.js";

export const BLOCKS_STORE = COSMIC_BLOCKS_STORE;
export const STREAMS_STORE = COSMIC_STREAMS_STORE;
export const INBOX_STORE = "hyperspace_cache";

/** Per-stream counts: in the schema, which owns every store's records. */
export type { StreamRecord };

/** Arrays sort after numbers, so [stream, []] is past every [stream, ts, seq]. */
const AFTER_NUMBERS: IDBValidKey = [];

/** Every block key of a stream. */
export function streamRange(stream: string): IDBKeyRange {
  return IDBKeyRange.bound([stream], [stream, AFTER_NUMBERS]);
}

/** Block keys of a stream whose first item lies in [from, to] (either side open-ended when undefined). */
export function firstInRange(stream: string, from: number | undefined, to: number | undefined): IDBKeyRange {
  return IDBKeyRange.bound(from === undefined ? [stream] : [stream, from], to === undefined ? [stream, AFTER_NUMBERS] : [stream, to, Infinity]);
}

/** Block keys of a stream whose first item is before `from`. */
export function firstBefore(stream: string, from: number): IDBKeyRange {
  return IDBKeyRange.bound([stream], [stream, from], false, true);
}

export function emptyStream(stream: string): StreamRecord {
  return { stream, items: 0, bytes: 0, blocks: 0, nextSeq: 0 };
}

/**
 * Puts items into blocks, inside a readwrite transaction over cosmic_blocks and cosmic_streams. The
 * caller owns the transaction, so a batch is all or nothing, and an import or the inbox packer can add
 * items in the same transaction as its other writes.
 *
 * Per stream: one read of the stream record and of the last block's key (all block keys when items
 * reach back before it: about 2,000 for a million items), the items sorted by (timestamp, arrival),
 * then each item goes to the last block whose first timestamp is ≤ its own (it arrives last, so it
 * sorts after every stored item of that timestamp), or to the first block when it is older than all.
 * A block that receives items is read, merged and cut again into blocks of at most BLOCK_CAPACITY
 * items and BLOCK_BYTES; items past the end of a full block open new blocks without touching it.
 * In-order ingest therefore reads one key and one block, and writes only new blocks.
 */
import type { CosmicRecord } from "../../db/schema.js";
import { request } from "../../db/write.js";
import {
  blockEnd,
  blockKey,
  decodeRun,
  emptyRun,
  encodeBlock,
  isBlock,
  isFull,
  itemBytes,
  mergeRuns,
  type BlockKey,
  type CosmicBlock,
  type Run,
} from "./block.js";
import { BLOCKS_STORE, STREAMS_STORE, emptyStream, streamRange, type StreamRecord } from "./layout.js";

/** One stream's new items in arrival order, as columns. */
export interface StreamBatch {
  stream: string;
  ts: number[];
  source: string[];
  data: string[];
}

/**
 * Items split by stream into columns, read once and synchronously: later changes to the caller's
 * objects do not reach storage, and no copy of each object is made.
 */
export function groupByStream(items: readonly CosmicRecord[]): StreamBatch[] {
  const byStream = new Map<string, StreamBatch>();
  for (const { streamType, timestamp, source, data } of items) {
    let batch = byStream.get(streamType);
    if (!batch) byStream.set(streamType, (batch = { stream: streamType, ts: [], source: [], data: [] }));
    batch.ts.push(timestamp);
    batch.source.push(source);
    batch.data.push(data);
  }
  return [...byStream.values()];
}

/** Adds the batches to their streams. Awaits only requests of `tx`. */
export async function insertItems(tx: IDBTransaction, batches: readonly StreamBatch[]): Promise<void> {
  const blocks = tx.objectStore(BLOCKS_STORE);
  const streams = tx.objectStore(STREAMS_STORE);
  await Promise.all(batches.map((batch) => insertStream(blocks, streams, batch)));
}

async function insertStream(blocks: IDBObjectStore, streams: IDBObjectStore, batch: StreamBatch): Promise<void> {
  const { stream } = batch;
  const [stored, last] = await Promise.all([
    request(streams.get(stream)) as Promise<StreamRecord | undefined>,
    lastKey(blocks, streamRange(stream)),
  ]);
  const state = stored ?? emptyStream(stream);
  const run = sortedRun(batch, state);
  // In-order ingest needs only the last block's key; items reaching back read every key of the stream.
  const keys = !last ? [] : last[1] <= run.ts[0]! ? [last] : ((await request(blocks.getAllKeys(streamRange(stream)))) as BlockKey[]);
  const groups = groupByBlock(run, keys);
  const targets = [...groups.keys()];
  const existing = await Promise.all(targets.map((at) => (at < 0 ? undefined : request(blocks.get(keys[at]!)))));
  targets.forEach((at, i) => {
    const old = existing[i];
    state.blocks += writeGroup(blocks, stream, groups.get(at)!, isBlock(old) ? old : undefined, at < 0 ? undefined : keys[at]);
  });
  state.items += run.ts.length;
  streams.put(state, stream);
}

/** The greatest key in `range`, if any: one cursor step. */
function lastKey(store: IDBObjectStore, range: IDBKeyRange): Promise<BlockKey | undefined> {
  return new Promise((resolve, reject) => {
    const req = store.openKeyCursor(range, "prev");
    req.onsuccess = () => resolve(req.result?.key as BlockKey | undefined);
    req.onerror = () => reject(req.error);
  });
}

/** The index of the block each item goes to (-1: the stream has no block yet), items grouped by it. */
function groupByBlock(run: Run, keys: readonly BlockKey[]): Map<number, Run> {
  if (keys.length === 0) return new Map([[-1, run]]);
  const targetOf = (ts: number, from: number) => {
    let target = from;
    while (target + 1 < keys.length && keys[target + 1]![1] <= ts) target += 1;
    return target;
  };
  // In-order ingest: every item goes after the last block's first item.
  if (keys[keys.length - 1]![1] <= run.ts[0]!) return new Map([[keys.length - 1, run]]);
  const groups = new Map<number, Run>();
  let target = 0;
  for (let i = 0; i < run.ts.length; i += 1) {
    target = targetOf(run.ts[i]!, target);
    let group = groups.get(target);
    if (!group) groups.set(target, (group = emptyRun()));
    group.ts.push(run.ts[i]!);
    group.seq.push(run.seq[i]!);
    group.source.push(run.source[i]!);
    group.data.push(run.data[i]!);
  }
  return groups;
}

/** The batch as a run in (timestamp, arrival) order, numbered from the stream's counter; updates its stats. */
function sortedRun(batch: StreamBatch, state: StreamRecord): Run {
  const { stream, ts, source, data } = batch;
  const n = ts.length;
  const first = state.nextSeq;
  state.nextSeq = first + n;
  let bytes = 0;
  let sorted = true;
  for (let i = 0; i < n; i += 1) {
    bytes += itemBytes(stream, source[i]!, data[i]!);
    if (i > 0 && ts[i]! < ts[i - 1]!) sorted = false;
  }
  state.bytes += bytes;
  const seq = new Array<number>(n);
  if (sorted) {
    for (let i = 0; i < n; i += 1) seq[i] = first + i;
    return { ts, seq, source, data };
  }
  // Array sort is stable: equal timestamps keep arrival order.
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => ts[a]! - ts[b]!);
  const run: Run = { ts: new Array<number>(n), seq, source: new Array<string>(n), data: new Array<string>(n) };
  order.forEach((k, i) => {
    run.ts[i] = ts[k]!;
    seq[i] = first + k;
    run.source[i] = source[k]!;
    run.data[i] = data[k]!;
  });
  return run;
}

/** Writes a group into its block (or new blocks); returns how many blocks the stream gained. */
function writeGroup(blocks: IDBObjectStore, stream: string, group: Run, old: CosmicBlock | undefined, oldKey: BlockKey | undefined): number {
  let merged: Run;
  let added = 0;
  if (!old) merged = group;
  else if (isFull(old) && appendsAfter(old, group)) merged = group;
  else {
    merged = mergeRuns(decodeRun(old), group);
    added -= 1;
    blocks.delete(oldKey!);
  }
  for (let start = 0; start < merged.ts.length; ) {
    const end = blockEnd(merged, start);
    const block = encodeBlock(stream, merged, start, end);
    blocks.put(block, blockKey(block));
    added += 1;
    start = end;
  }
  return added;
}

function appendsAfter(old: CosmicBlock, group: Run): boolean {
  const last = old.n - 1;
  return group.ts[0]! > old.ts[last]! || (group.ts[0] === old.ts[last] && group.seq[0]! > old.seq[last]!);
}

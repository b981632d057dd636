/**
 * Puts items into blocks, inside a readwrite transaction over cosmic_blocks and cosmic_streams. The
 * caller owns the transaction, so a batch is all or nothing, and an import or the inbox packer can add
 * items in the same transaction as its other writes.
 *
 * Per stream: one read of the stream record and the block keys (1,000 keys for a million items), the
 * items sorted by (timestamp, arrival), then each item goes to the last block whose first timestamp is
 * ≤ its own (it arrives last, so it sorts after every stored item of that timestamp), or to the first
 * block when it is older than all. A block that receives items is read, merged and cut again into
 * blocks of BLOCK_CAPACITY; items past the end of a full block open new blocks without touching it.
 * In-order ingest therefore reads one block and writes only new ones.
 */
import type { CosmicRecord } from "../../db/schema.js";
import { request } from "../../db/write.js";
import {
  BLOCK_CAPACITY,
  blockKey,
  decodeRun,
  emptyRun,
  encodeBlock,
  isBlock,
  itemBytes,
  mergeRuns,
  type BlockKey,
  type CosmicBlock,
  type Run,
} from "./block.js";
import { BLOCKS_STORE, STREAMS_STORE, emptyStream, streamRange, type StreamRecord } from "./layout.js";

/** Adds items (in arrival order) to their streams. Awaits only requests of `tx`. */
export async function insertItems(tx: IDBTransaction, items: readonly CosmicRecord[]): Promise<void> {
  const byStream = new Map<string, CosmicRecord[]>();
  for (const item of items) {
    const list = byStream.get(item.streamType);
    if (list) list.push(item);
    else byStream.set(item.streamType, [item]);
  }
  const blocks = tx.objectStore(BLOCKS_STORE);
  const streams = tx.objectStore(STREAMS_STORE);
  await Promise.all([...byStream].map(([stream, list]) => insertStream(blocks, streams, stream, list)));
}

async function insertStream(blocks: IDBObjectStore, streams: IDBObjectStore, stream: string, list: CosmicRecord[]): Promise<void> {
  const [stored, keys] = await Promise.all([
    request(streams.get(stream)) as Promise<StreamRecord | undefined>,
    request(blocks.getAllKeys(streamRange(stream))) as Promise<BlockKey[]>,
  ]);
  const state = stored ?? emptyStream(stream);
  const run = sortedRun(stream, list, state);
  // Items grouped by the block they go to (-1: the stream has no block yet).
  const groups = new Map<number, Run>();
  let target = 0;
  for (let i = 0; i < run.ts.length; i += 1) {
    while (target + 1 < keys.length && keys[target + 1]![1] <= run.ts[i]!) target += 1;
    const at = keys.length === 0 ? -1 : target;
    let group = groups.get(at);
    if (!group) groups.set(at, (group = emptyRun()));
    group.ts.push(run.ts[i]!);
    group.seq.push(run.seq[i]!);
    group.source.push(run.source[i]!);
    group.data.push(run.data[i]!);
  }
  const targets = [...groups.keys()];
  const existing = await Promise.all(targets.map((at) => (at < 0 ? undefined : request(blocks.get(keys[at]!)))));
  targets.forEach((at, i) => {
    const group = groups.get(at)!;
    const old = existing[i];
    state.blocks += writeGroup(blocks, stream, group, isBlock(old) ? old : undefined, at < 0 ? undefined : keys[at]);
  });
  state.items += run.ts.length;
  streams.put(state, stream);
}

/** The items as a run in (timestamp, arrival) order, numbered from the stream's counter; updates its stats. */
function sortedRun(stream: string, list: CosmicRecord[], state: StreamRecord): Run {
  let order: number[] | undefined;
  for (let i = 1; i < list.length; i += 1) {
    if (list[i]!.timestamp < list[i - 1]!.timestamp) {
      // Array sort is stable: equal timestamps keep arrival order.
      order = list.map((_, k) => k).sort((a, b) => list[a]!.timestamp - list[b]!.timestamp);
      break;
    }
  }
  const run = emptyRun();
  const first = state.nextSeq;
  for (let i = 0; i < list.length; i += 1) {
    const k = order ? order[i]! : i;
    const { timestamp, source, data } = list[k]!;
    run.ts.push(timestamp);
    run.seq.push(first + k);
    run.source.push(source);
    run.data.push(data);
    state.bytes += itemBytes(stream, source, data);
  }
  state.nextSeq = first + list.length;
  return run;
}

/** Writes a group into its block (or new blocks); returns how many blocks the stream gained. */
function writeGroup(blocks: IDBObjectStore, stream: string, group: Run, old: CosmicBlock | undefined, oldKey: BlockKey | undefined): number {
  let merged: Run;
  let added = 0;
  if (!old) merged = group;
  else if (old.n >= BLOCK_CAPACITY && appendsAfter(old, group)) merged = group;
  else {
    merged = mergeRuns(decodeRun(old), group);
    added -= 1;
    blocks.delete(oldKey!);
  }
  for (let start = 0; start < merged.ts.length; start += BLOCK_CAPACITY) {
    const block = encodeBlock(stream, merged, start, Math.min(start + BLOCK_CAPACITY, merged.ts.length));
    blocks.put(block, blockKey(block));
    added += 1;
  }
  return added;
}

function appendsAfter(old: CosmicBlock, group: Run): boolean {
  const last = old.n - 1;
  return group.ts[0]! > old.ts[last]! || (group.ts[0] === old.ts[last] && group.seq[0]! > old.seq[last]!);
}

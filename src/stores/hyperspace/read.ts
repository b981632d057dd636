/**
 * Reads items of one stream from the packed blocks, in (timestamp, arrival) order.
 *
 * Blocks partition a stream's order, so the items with from ≤ timestamp ≤ to lie in the blocks whose
 * first timestamp is in [from, to], plus the one block just before them (its tail may reach past
 * `from`). A range read is therefore one getAll (or a few block steps when limited) and one cursor step,
 * and only matching items become objects.
 */
import type { CosmicRecord } from "../../db/schema.js";
import { request } from "../../db/write.js";
import { decodeItems, isBlock, type CosmicBlock } from "./block.js";
import { BLOCKS_STORE, firstBefore, firstInRange, streamRange } from "./layout.js";

export interface ReadQuery {
  from?: number | undefined;
  to?: number | undefined;
  limit?: number | undefined;
  reverse: boolean;
}

export async function readItems(db: IDBDatabase, stream: string, query: ReadQuery): Promise<CosmicRecord[]> {
  const store = db.transaction(BLOCKS_STORE, "readonly").objectStore(BLOCKS_STORE);
  const from = query.from ?? -Infinity;
  const to = query.to ?? Infinity;
  if (query.reverse) return readBackwards(store, stream, query, from, to);
  const [previous, blocks] = await Promise.all([
    query.from === undefined ? undefined : lastBlock(store, firstBefore(stream, query.from)),
    query.limit === undefined ? (request(store.getAll(firstInRange(stream, query.from, query.to))) as Promise<unknown[]>) : undefined,
  ]);
  const out: CosmicRecord[] = [];
  if (previous) decodeItems(previous, from, to, out);
  if (blocks) {
    for (const block of blocks) if (isBlock(block)) decodeItems(block, from, to, out);
    return out;
  }
  const limit = query.limit!;
  if (out.length < limit) await forEachBlock(store, firstInRange(stream, query.from, query.to), "next", (block) => {
    decodeItems(block, from, to, out);
    return out.length < limit;
  });
  if (out.length > limit) out.length = limit;
  return out;
}

/** Latest first: blocks from the top of the range down, to the block that starts before `from`. */
async function readBackwards(store: IDBObjectStore, stream: string, query: ReadQuery, from: number, to: number): Promise<CosmicRecord[]> {
  const limit = query.limit ?? Infinity;
  const out: CosmicRecord[] = [];
  const range = firstInRange(stream, undefined, query.to);
  await forEachBlock(store, range, "prev", (block) => {
    const items: CosmicRecord[] = [];
    decodeItems(block, from, to, items);
    for (let i = items.length - 1; i >= 0 && out.length < limit; i -= 1) out.push(items[i]!);
    return out.length < limit && block.ts[0]! >= from;
  });
  return out;
}

/** The greatest block in `range`, if any. */
function lastBlock(store: IDBObjectStore, range: IDBKeyRange): Promise<CosmicBlock | undefined> {
  return new Promise((resolve, reject) => {
    const req = store.openCursor(range, "prev");
    req.onsuccess = () => {
      const value: unknown = req.result?.value;
      resolve(isBlock(value) ? value : undefined);
    };
    req.onerror = () => reject(req.error);
  });
}

/** Visits blocks in key order until `visit` returns false. */
export function forEachBlock(
  store: IDBObjectStore | IDBIndex,
  range: IDBKeyRange,
  direction: IDBCursorDirection,
  visit: (block: CosmicBlock) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = store.openCursor(range, direction);
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor) return resolve();
      const value: unknown = cursor.value;
      try {
        if (isBlock(value) && !visit(value)) return resolve();
      } catch (error) {
        return reject(error);
      }
      cursor.continue();
    };
    req.onerror = () => reject(req.error);
  });
}

/** Every block of a stream in pages (getAll by key), for export and merge: fewer tasks than a cursor. */
export async function forEachBlockPage(store: IDBObjectStore, visit: (blocks: CosmicBlock[]) => void, range?: IDBKeyRange, page = 64): Promise<void> {
  let lower: IDBValidKey | undefined;
  for (;;) {
    const query =
      lower === undefined ? (range ?? null) : range ? IDBKeyRange.bound(lower, range.upper, true, range.upperOpen) : IDBKeyRange.lowerBound(lower, true);
    const [keys, values] = await Promise.all([request(store.getAllKeys(query, page)), request(store.getAll(query, page))]);
    visit(values.filter(isBlock));
    if (keys.length < page) return;
    lower = keys[keys.length - 1]!;
  }
}

export { streamRange };

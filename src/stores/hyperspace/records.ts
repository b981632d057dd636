/**
 * The bridge between packed blocks and the backup format, which keeps ONE record per item
 * (`stores/hyperspace_cache.ndjson`, `[key, CosmicData]`): readers of older archives keep working, and
 * an import writes record form into the inbox, which the cache packs (pack.ts). Runs inside the
 * backup's own transaction, which must include cosmic_blocks and cosmic_streams.
 */
import type { CosmicRecord } from "../../db/schema.js";
import { request } from "../../db/write.js";
import { decodeItems } from "./block.js";
import { BLOCKS_STORE, INBOX_STORE, STREAMS_STORE, type StreamRecord } from "./layout.js";
import { forEachBlockPage } from "./read.js";

/** Records per page of the inbox. */
const INBOX_PAGE = 10_000;

/** Stores a backup transaction over hyperspace_cache must also hold. */
export const PACKED_STORES = [BLOCKS_STORE, STREAMS_STORE] as const;

/** Items in blocks plus items in record form. */
export async function cosmicItemCount(tx: IDBTransaction): Promise<number> {
  const [streams, inbox] = await Promise.all([
    request(tx.objectStore(STREAMS_STORE).getAll()) as Promise<StreamRecord[]>,
    request(tx.objectStore(INBOX_STORE).count()),
  ]);
  return streams.reduce((sum, { items }) => sum + items, inbox);
}

/**
 * Every item as a record with keys 1, 2, 3…: stream by stream in (time, arrival) order, then the items
 * still in record form in key order (they arrived after the packed ones). Packing numbers a stream's
 * items in key order, so an export imported and packed again keeps every stream's order and its ties.
 * `page` runs after each page read (progress, abort).
 */
export async function forEachCosmicRecord(
  tx: IDBTransaction,
  visit: (key: number, record: CosmicRecord) => void,
  page: (read: number) => void,
): Promise<number> {
  let key = 0;
  const items: CosmicRecord[] = [];
  await forEachBlockPage(tx.objectStore(BLOCKS_STORE), (blocks) => {
    for (const block of blocks) decodeItems(block, -Infinity, Infinity, items);
    for (const item of items) visit(++key, item);
    page(items.length);
    items.length = 0;
  });
  const inbox = tx.objectStore(INBOX_STORE);
  let range: IDBKeyRange | null = null;
  for (;;) {
    const [keys, values] = await Promise.all([request(inbox.getAllKeys(range, INBOX_PAGE)), request(inbox.getAll(range, INBOX_PAGE))]);
    for (const value of values as CosmicRecord[]) visit(++key, value);
    page(values.length);
    if (keys.length < INBOX_PAGE) return key;
    range = IDBKeyRange.lowerBound(keys[keys.length - 1]!, true);
  }
}

/** Every packed item (for merging by content). */
export async function packedItems(tx: IDBTransaction): Promise<CosmicRecord[]> {
  const items: CosmicRecord[] = [];
  await forEachBlockPage(tx.objectStore(BLOCKS_STORE), (blocks) => {
    for (const block of blocks) decodeItems(block, -Infinity, Infinity, items);
  });
  return items;
}

/** Removes every packed item; returns how many there were. */
export async function clearPacked(tx: IDBTransaction): Promise<number> {
  const streams = (await request(tx.objectStore(STREAMS_STORE).getAll())) as StreamRecord[];
  tx.objectStore(BLOCKS_STORE).clear();
  tx.objectStore(STREAMS_STORE).clear();
  return streams.reduce((sum, { items }) => sum + items, 0);
}

/**
 * Moves items in record form (the `hyperspace_cache` inbox: a v2 database's items, or a backup import's)
 * into blocks. Each step is ONE transaction that reads the oldest records by key, adds them to blocks
 * and deletes them; IndexedDB commits it whole or not at all. So when the page closes half way the moved
 * items are in blocks, the rest still in the inbox, none in both, and the next open simply goes on.
 * Keys are auto-increment, so key order is arrival order and same-timestamp items keep their order.
 */
import type { CosmicRecord } from "../../db/schema.js";
import { request, transactionDone } from "../../db/write.js";
import { groupByStream, insertItems } from "./insert.js";
import { BLOCKS_STORE, INBOX_STORE, STREAMS_STORE } from "./layout.js";

/** Records per step: small enough that a step stays short next to ingest, large enough to fill blocks. */
export const PACK_STEP = 5_000;

export interface PackProgress {
  /** Items moved into blocks so far by this run. */
  moved: number;
  /** Items still in record form after the last step. */
  remaining: number;
}

/** Packs the whole inbox, step by step; returns how many items moved. */
export async function packInbox(db: IDBDatabase, onStep?: (progress: PackProgress) => void, step = PACK_STEP): Promise<number> {
  let moved = 0;
  for (;;) {
    const tx = db.transaction([INBOX_STORE, BLOCKS_STORE, STREAMS_STORE], "readwrite", { durability: "strict" });
    const done = transactionDone(tx);
    done.catch(() => undefined);
    let count: number;
    let remaining: number;
    try {
      const inbox = tx.objectStore(INBOX_STORE);
      const [keys, values, total] = await Promise.all([
        request(inbox.getAllKeys(null, step)),
        request(inbox.getAll(null, step)) as Promise<CosmicRecord[]>,
        request(inbox.count()),
      ]);
      count = keys.length;
      remaining = total - count;
      if (count > 0) {
        await insertItems(tx, groupByStream(values));
        inbox.delete(IDBKeyRange.bound(keys[0]!, keys[count - 1]!));
      }
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already finished.
      }
      throw error;
    }
    await done;
    if (count === 0) return moved;
    moved += count;
    onStep?.({ moved, remaining });
    if (remaining === 0) return moved;
  }
}

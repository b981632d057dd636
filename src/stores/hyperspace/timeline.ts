/**
 * Items over time for charts: how many items of a stream fall in each of `buckets` equal slices of a
 * time range. Only the blocks' timestamp arrays are read, never an item's strings turned into objects.
 */
import { request } from "../../db/write.js";
import { isBlock, type CosmicBlock } from "./block.js";
import { BLOCKS_STORE, firstBefore, firstInRange } from "./layout.js";

export interface Timeline {
  streamType: string;
  /** First and last timestamp covered (Unix seconds); equal to the data's own ends when not given. */
  from: number;
  to: number;
  /** Width of one bucket in timestamp units (seconds); bucket i covers [from + i·width, from + (i+1)·width). */
  bucketWidth: number;
  counts: number[];
  /** Items in [from, to]. */
  total: number;
}

export async function readTimeline(db: IDBDatabase, stream: string, from: number | undefined, to: number | undefined, buckets: number): Promise<Timeline> {
  const store = db.transaction(BLOCKS_STORE, "readonly").objectStore(BLOCKS_STORE);
  const [before, inRange] = await Promise.all([
    from === undefined ? [] : (request(store.getAll(firstBefore(stream, from))) as Promise<unknown[]>).then((all) => all.slice(-1)),
    request(store.getAll(firstInRange(stream, from, to))) as Promise<unknown[]>,
  ]);
  const blocks = [...before, ...inRange].filter(isBlock);
  const lo = from ?? firstTime(blocks);
  const hi = to ?? lastTime(blocks);
  const counts = new Array<number>(buckets).fill(0);
  if (lo === undefined || hi === undefined) return { streamType: stream, from: 0, to: 0, bucketWidth: 0, counts, total: 0 };
  const width = hi > lo ? (hi - lo) / buckets : 1;
  let total = 0;
  for (const block of blocks) {
    for (let i = 0; i < block.n; i += 1) {
      const t = block.ts[i]!;
      if (t < lo || t > hi) continue;
      counts[Math.min(buckets - 1, Math.floor((t - lo) / width))]! += 1;
      total += 1;
    }
  }
  return { streamType: stream, from: lo, to: hi, bucketWidth: width, counts, total };
}

function firstTime(blocks: CosmicBlock[]): number | undefined {
  return blocks.length ? blocks[0]!.ts[0] : undefined;
}

function lastTime(blocks: CosmicBlock[]): number | undefined {
  const last = blocks.at(-1);
  return last ? last.ts[last.n - 1] : undefined;
}

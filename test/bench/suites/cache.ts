/**
 * Hyperspace Cache in packed blocks against the per-record layout and raw IndexedDB, same run.
 * Targets (issue 15): storeCosmicBatch of 100,000 ≥ 150,000 items/s and ≥ 20× the per-record path (a raw
 * add loop of one record per item, indexed by [streamType, timestamp], as the landed layout wrote);
 * a 1,000-item range read from a 1,000,000-item stream ≤ 2× a raw getAll of 1,000 records; the JS heap
 * flat while ingesting 1,000,000 items in batches of 10,000.
 */
import type { CosmicRecord } from "../../../src/db/schema.js";
import type { BenchContext } from "../types.js";
import { collectGarbage, committed, deleteDatabase, freshDatabase, heapUsed, median, perSecond, timeOnce } from "../measure.js";

const BATCH_ITEMS = 100_000;
const WRITE_ROUNDS = 3;
const BIG_STREAM = 1_000_000;
const INGEST_BATCH = 10_000;
const READ_ITEMS = 1_000;
const READ_ROUNDS = 51;
const T0 = 1_704_067_200;

function items(count: number, offset = 0, stream = "big_bang"): CosmicRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    source: "bench",
    timestamp: T0 + offset + i,
    data: `Cosmic sample ${offset + i}: a payload of a few dozen characters.`,
    streamType: stream,
  }));
}

function req<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** A database with the landed per-record layout: auto-increment records, index on [streamType, timestamp]. */
function perRecordDatabase(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => open.result.createObjectStore("records", { autoIncrement: true }).createIndex("by_stream_time", ["streamType", "timestamp"]);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

async function benchBatch(ctx: BenchContext): Promise<void> {
  const batch = items(BATCH_ITEMS);
  const times: Record<"ours" | "raw", number[]> = { ours: [], raw: [] };
  for (let round = 0; round < WRITE_ROUNDS; round += 1) {
    for (const lane of round % 2 ? (["raw", "ours"] as const) : (["ours", "raw"] as const)) {
      collectGarbage();
      if (lane === "ours") {
        const db = await freshDatabase(ctx, `batch-${round}`);
        times.ours.push(await timeOnce(() => db.phoenix.cache.storeCosmicBatch(batch)));
        await db.drop();
      } else {
        const name = ctx.freshDbName(`per-record-${round}`);
        const raw = await perRecordDatabase(name);
        times.raw.push(
          await timeOnce(async () => {
            const tx = raw.transaction("records", "readwrite", { durability: "relaxed" });
            const store = tx.objectStore("records");
            for (const { source, timestamp, data, streamType } of batch) store.add({ source, timestamp, data, streamType });
            await committed(tx);
          }),
        );
        raw.close();
        await deleteDatabase(name);
      }
    }
  }
  const ours = median(times.ours);
  const raw = median(times.raw);
  const rate = (BATCH_ITEMS / ours) * 1000;
  ctx.row({
    name: `cache.storeCosmicBatch ${BATCH_ITEMS.toLocaleString("en")} (packed)`,
    ms: ours,
    baselineMs: raw,
    note:
      `${perSecond(BATCH_ITEMS, ours)} (target ≥ 150,000/s: ${rate >= 150_000 ? "met" : "MISSED"}); per-record raw add loop ${perSecond(BATCH_ITEMS, raw)}; ` +
      `${(raw / ours).toFixed(1)}× faster, target ≥ 20×: ${raw / ours >= 20 ? "met" : "MISSED"}; median of ${WRITE_ROUNDS} ` +
      `(ours ${times.ours.map((t) => t.toFixed(0)).join("/")} ms, raw ${times.raw.map((t) => t.toFixed(0)).join("/")} ms)`,
  });
}

/** 1,000,000 items in batches of 10,000 with the heap sampled after a GC every 100,000; then range reads. */
async function benchBigStream(ctx: BenchContext): Promise<void> {
  const db = await freshDatabase(ctx, "big");
  const rawName = ctx.freshDbName("raw-1000");
  const raw = await perRecordDatabase(rawName);
  try {
    collectGarbage();
    const heap: number[] = [];
    const ingest = await timeOnce(async () => {
      for (let offset = 0; offset < BIG_STREAM; offset += INGEST_BATCH) {
        await db.phoenix.cache.storeCosmicBatch(items(INGEST_BATCH, offset));
        if ((offset + INGEST_BATCH) % 100_000 === 0) {
          collectGarbage();
          heap.push(heapUsed() ?? Number.NaN);
        }
      }
    });
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
    const growth = heap.at(-1)! - heap[0]!;
    ctx.row({
      name: `ingest ${BIG_STREAM.toLocaleString("en")} in batches of ${INGEST_BATCH.toLocaleString("en")}`,
      ms: ingest,
      note:
        `${perSecond(BIG_STREAM, ingest)}; JS heap after GC every 100,000: ${heap.map(mb).join(", ")}; ` +
        `growth first→last ${mb(growth)}, flat (< 8 MB): ${Math.abs(growth) < 8 * 2 ** 20 ? "met" : "MISSED"}`,
    });

    // The baseline: 1,000 records of the same shape, read raw with one getAll by primary key (the
    // fastest raw read of 1,000 records; the per-record layout read through its index, which is slower).
    const tx = raw.transaction("records", "readwrite");
    for (const item of items(READ_ITEMS * 4, 0)) tx.objectStore("records").add(item);
    await committed(tx);
    const from = T0 + 543_210;
    const to = from + READ_ITEMS - 1;
    const rawRange = IDBKeyRange.bound(1_001, 1_000 + READ_ITEMS);
    const ours = () => db.phoenix.cache.retrieveCosmicData("big_bang", { from, to });
    const baseline = () => req(raw.transaction("records").objectStore("records").getAll(rawRange));
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // let the fill's compaction settle
    if ((await ours()).length !== READ_ITEMS || (await baseline()).length !== READ_ITEMS) throw new Error("range reads returned the wrong count");
    const times = { ours: [] as number[], raw: [] as number[] };
    for (let round = 0; round < READ_ROUNDS; round += 1) {
      for (const lane of round % 2 ? (["raw", "ours"] as const) : (["ours", "raw"] as const)) {
        times[lane].push(await timeOnce(lane === "ours" ? ours : baseline));
      }
    }
    const o = median(times.ours);
    const r = median(times.raw);
    ctx.row({
      name: `retrieveCosmicData ${READ_ITEMS.toLocaleString("en")} of a ${BIG_STREAM.toLocaleString("en")}-item stream`,
      ms: o,
      baselineMs: r,
      note: `raw getAll of ${READ_ITEMS.toLocaleString("en")} records; ${(o / r).toFixed(2)}× raw, target ≤ 2×: ${o <= 2 * r ? "met" : "MISSED"}; median of ${READ_ROUNDS}`,
    });
  } finally {
    raw.close();
    await deleteDatabase(rawName);
    await db.drop();
  }
}

export default async function cache(ctx: BenchContext): Promise<void> {
  await benchBatch(ctx);
  await benchBigStream(ctx);
}

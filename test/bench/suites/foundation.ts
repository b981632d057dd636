/**
 * Foundation: our write and scan paths against raw IndexedDB on the same records in the same run.
 * (The Hyperspace batch row moved to the "cache" suite with the packed layout.)
 * Targets (issue 2): writes ≤ 10% over raw, prefix scans ≤ 20% over raw.
 *
 * Each write row runs ours and the baseline alternately into fresh databases (so neither always
 * gets the warmer disk cache), and reports the medians.
 */
import type { CortexRecord } from "../../../src/db/schema.js";
import type { BenchContext } from "../types.js";
import { collectGarbage, committed, freshDatabase, median, perSecond, timeOnce } from "../measure.js";

const RECORDS = 100_000;
const USERS = 100; // 100 users x 1,000 memories: a prefix scan of one user reads 1,000 among 100,000
const WRITE_ROUNDS = 3;
const SCAN_ROUNDS = 51;
const SCAN_LIMIT = 1_000;

type MemoryEntry = readonly [{ layer: "EPM"; text: string }, string];

function memoryEntries(): MemoryEntry[] {
  const entries: MemoryEntry[] = [];
  const perUser = RECORDS / USERS;
  for (let user = 0; user < USERS; user++) {
    const name = `u${String(user).padStart(3, "0")}`;
    for (let i = 0; i < perUser; i++) {
      const seconds = 1_704_067_200 + i * 60;
      entries.push([{ layer: "EPM", text: `Memory ${i} of ${name}: a sentence of ordinary length about the day.` }, `epm:${name}:${seconds}`]);
    }
  }
  return entries;
}

type Lane = "ours" | "raw";

/** Alternates ours/raw rounds (ours, raw, raw, ours, ours, raw, …) and returns the median of each. */
async function alternate(rounds: number, run: (lane: Lane, round: number) => Promise<number>): Promise<Record<Lane, number>> {
  const times: Record<Lane, number[]> = { ours: [], raw: [] };
  for (let round = 0; round < rounds; round++) {
    const order: Lane[] = round % 2 ? ["raw", "ours"] : ["ours", "raw"];
    for (const lane of order) {
      collectGarbage();
      times[lane].push(await run(lane, round));
    }
  }
  return { ours: median(times.ours), raw: median(times.raw) };
}

function overRaw(ours: number, raw: number, targetPercent: number): string {
  const percent = (ours / raw - 1) * 100;
  const verdict = percent <= targetPercent ? "met" : "MISSED";
  return `${percent >= 0 ? "+" : ""}${percent.toFixed(1)}% vs raw, target ≤ ${targetPercent}%: ${verdict}`;
}

async function benchEtchMany(ctx: BenchContext, entries: MemoryEntry[]): Promise<void> {
  const { ours, raw } = await alternate(WRITE_ROUNDS, async (lane, round) => {
    const db = await freshDatabase(ctx, `etch-${lane}-${round}`);
    try {
      if (lane === "ours") return await timeOnce(() => db.phoenix.cortex.etchMany(entries));
      return await timeOnce(async () => {
        const now = Date.now();
        const tx = db.raw.transaction("eternal_memory", "readwrite", { durability: "strict" });
        const store = tx.objectStore("eternal_memory");
        for (const [memory, key] of entries) {
          const record: CortexRecord = { layer: memory.layer, text: memory.text, createdAt: now, updatedAt: now };
          store.put(record, key);
        }
        await committed(tx);
      });
    } finally {
      await db.drop();
    }
  });
  ctx.row({
    name: `cortex.etchMany ${RECORDS.toLocaleString("en")}`,
    ms: ours,
    baselineMs: raw,
    note: `${perSecond(RECORDS, ours)}; raw put loop, one strict tx; median of ${WRITE_ROUNDS}; ${overRaw(ours, raw, 10)}`,
  });
}

async function benchPrefixScans(ctx: BenchContext, entries: MemoryEntry[]): Promise<void> {
  const db = await freshDatabase(ctx, "scan");
  try {
    await db.phoenix.cortex.etchMany(entries);
    const prefix = "epm:u042:";
    const lower = prefix;
    const upper = "epm:u042;"; // ':' + 1: the successor of the prefix
    const range = IDBKeyRange.bound(lower, upper, false, true);
    type RecordsStore = IDBObjectStore & {
      getAllRecords?(options: { query: IDBKeyRange; count: number; direction: IDBCursorDirection }): IDBRequest<unknown[]>;
    };
    const request = <T>(req: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    const hasGetAllRecords = typeof (db.raw.transaction("eternal_memory").objectStore("eternal_memory") as RecordsStore).getAllRecords === "function";

    /** The fastest raw read of 1,000 [key, value] pairs this browser offers, in one direction. */
    async function rawScan(reverse: boolean): Promise<number> {
      const store = db.raw.transaction("eternal_memory", "readonly").objectStore("eternal_memory") as RecordsStore;
      if (hasGetAllRecords) {
        const records = await request(store.getAllRecords!({ query: range, count: SCAN_LIMIT, direction: reverse ? "prev" : "next" }));
        return records.length;
      }
      if (!reverse) {
        const [keys] = await Promise.all([request(store.getAllKeys(range, SCAN_LIMIT)), request(store.getAll(range, SCAN_LIMIT))]);
        return keys.length;
      }
      return new Promise((resolve, reject) => {
        let seen = 0;
        const cursorRequest = store.openCursor(range, "prev");
        cursorRequest.onerror = () => reject(cursorRequest.error);
        cursorRequest.onsuccess = () => {
          const cursor = cursorRequest.result;
          if (!cursor || seen >= SCAN_LIMIT) return resolve(seen);
          seen += 1;
          cursor.continue();
        };
      });
    }

    const baselineName = hasGetAllRecords ? "raw getAllRecords" : "raw getAllKeys+getAll / cursor";
    // The 100,000-record fill leaves the browser compacting its files for a while; scans timed
    // during that would measure the compaction. Let it settle, then warm up (not timed).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const reverse of [false, true]) {
      await db.phoenix.cortex.recallPrefix(prefix, SCAN_LIMIT, { reverse });
      await rawScan(reverse);
    }
    // Both directions and both lanes in every round, in rotating order, so a slow moment of the
    // machine lands on all four series alike.
    const lanes = [
      { lane: "ours", reverse: false },
      { lane: "raw", reverse: false },
      { lane: "ours", reverse: true },
      { lane: "raw", reverse: true },
    ] as const;
    const times = lanes.map(() => [] as number[]);
    for (let round = 0; round < SCAN_ROUNDS; round++) {
      for (let step = 0; step < lanes.length; step++) {
        const index = (round + step) % lanes.length;
        const { lane, reverse } = lanes[index]!;
        let read = 0;
        const ms = await timeOnce(async () => {
          read = lane === "ours" ? (await db.phoenix.cortex.recallPrefix(prefix, SCAN_LIMIT, { reverse })).length : await rawScan(reverse);
        });
        if (read !== SCAN_LIMIT) throw new Error(`${lane} prefix scan read ${read} records, expected ${SCAN_LIMIT}`);
        times[index]!.push(ms);
      }
    }
    for (const reverse of [false, true]) {
      const ours = median(times[reverse ? 2 : 0]!);
      const raw = median(times[reverse ? 3 : 1]!);
      ctx.row({
        name: `cortex.recallPrefix 1,000 of ${RECORDS.toLocaleString("en")}${reverse ? ", reverse" : ""}`,
        ms: ours,
        baselineMs: raw,
        note: `${baselineName}; median of ${SCAN_ROUNDS}; ${overRaw(ours, raw, 20)}`,
      });
    }
  } finally {
    await db.drop();
  }
}

export default async function foundation(ctx: BenchContext): Promise<void> {
  const entries = memoryEntries();
  ctx.log(`${entries.length.toLocaleString("en")} memories prepared`);
  await benchEtchMany(ctx, entries);
  await benchPrefixScans(ctx, entries);
}

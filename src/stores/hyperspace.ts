/**
 * Hyperspace Cache: typed cosmic data streams.
 *
 * Where the seed is weak: its key `{stream_type}:{timestamp}` keeps only the last of two items of one stream
 * at the same timestamp. Here every item is kept; a stream reads in time order, ties in arrival order.
 *
 * Layout (hyperspace/layout.ts): items are packed up to 1,000 per record in `cosmic_blocks`, keyed by
 * stream and first timestamp, with per-stream counts in `cosmic_streams` kept current by every write.
 * Items in record form (a v2 database, a backup import) wait in `hyperspace_cache` and are packed in
 * resumable steps; every call here waits for that first, so callers only ever see one layout.
 */
import { PhoenixError } from "../errors.js";
import { assertLimit } from "../db/prefix.js";
import type { CosmicRecord, PhoenixDB } from "../db/schema.js";
import { readTx, request, storageCall, writeTx, type Durability } from "../db/write.js";
import { unwrap } from "idb";
import { assertKey, assertText, assertTimestamp } from "../shared/input.js";
import { groupByStream, insertItems } from "./hyperspace/insert.js";
import { BLOCKS_STORE, INBOX_STORE, STREAMS_STORE, streamRange, type StreamRecord } from "./hyperspace/layout.js";
import { packInbox, type PackProgress } from "./hyperspace/pack.js";
import { readItems } from "./hyperspace/read.js";
import { HyperspaceRetention } from "./hyperspace/sweep.js";
import { readTimeline, type Timeline } from "./hyperspace/timeline.js";
import type { RetentionPolicy, SweepReport } from "./hyperspace/retention.js";

export type { PackProgress, RetentionPolicy, SweepReport, Timeline };

/** The seed's CosmicData. `timestamp` is the seed's Unix seconds (any finite number is accepted). */
export type CosmicData = CosmicRecord;

export interface TimeRange {
  /** Inclusive lower bound. */
  from?: number | undefined;
  /** Inclusive upper bound. */
  to?: number | undefined;
  limit?: number | undefined;
  /** Latest first. */
  reverse?: boolean;
}

export interface StreamStats {
  records: number;
  /** UTF-16 length of the strings times two plus the number: an estimate, not the on-disk size. */
  approxBytes: number;
  /** Packed blocks holding the stream. */
  blocks: number;
}

export interface CacheStats {
  streams: Record<string, StreamStats>;
  totalRecords: number;
  approxBytes: number;
  /** The seed's one-line summary. */
  summary: string;
}

export interface BatchOptions {
  /** Batches may trade durability for speed (the seed's RocksDB path); single items are strict. */
  durability?: Durability;
}

export interface HyperspaceOptions {
  /** Milliseconds since the epoch; retention ages are measured against it. */
  clock?: () => number;
  /** Called after each packing step of items in record form (migration, import). */
  onPack?: (progress: PackProgress) => void;
}

export function assertCosmicData(data: unknown, index?: number): asserts data is CosmicData {
  const where = index === undefined ? undefined : `item ${index}`;
  if (typeof data !== "object" || data === null) {
    throw new PhoenixError("INVALID_VALUE", "A stream item is { source, timestamp, data, streamType }.", { subject: where, replace: true });
  }
  const { source, timestamp, data: payload, streamType } = data as Record<string, unknown>;
  assertKey(streamType, "stream name");
  assertText(source, "source", where);
  assertText(payload, "stream data", where, { nonBlank: true });
  assertTimestamp(timestamp, where);
}

export class HyperspaceCache {
  private packing: Promise<void> | undefined;
  private packed = false;
  private readonly retention: HyperspaceRetention;

  constructor(
    private readonly db: PhoenixDB,
    private readonly options: HyperspaceOptions = {},
  ) {
    this.retention = new HyperspaceRetention(db, () => this.ready(), options.clock ?? Date.now);
    // Start at once: a migrated database packs while the app draws its first page.
    this.ready().catch(() => undefined);
  }

  /**
   * Resolves once no item waits in record form (after an upgrade from the per-record layout, or an
   * import). Each step commits on its own, so a page closed half way goes on from there next time.
   */
  ready(): Promise<void> {
    if (this.packed) return Promise.resolve();
    this.packing ??= storageCall(() => packInbox(unwrap(this.db), this.options.onPack)).then(
      () => {
        this.packed = true;
        this.packing = undefined;
      },
      (error: unknown) => {
        this.packing = undefined;
        throw error;
      },
    );
    return this.packing;
  }

  /** Items written in record form since (a backup import): packs them before the next call answers. */
  repack(): Promise<void> {
    this.packed = false;
    return this.ready();
  }

  /** Items still waiting in record form (0 once a migration is done). */
  async pendingRecords(): Promise<number> {
    return storageCall(() => this.db.count(INBOX_STORE));
  }

  async storeCosmicData(data: CosmicData): Promise<void> {
    assertCosmicData(data);
    await this.storeCosmicBatch([data], { durability: "strict" });
  }

  /** Many items in one transaction: the high-throughput path. All are stored or none. */
  async storeCosmicBatch(items: readonly CosmicData[], options: BatchOptions = {}): Promise<void> {
    if (!Array.isArray(items)) throw new PhoenixError("INVALID_ARGUMENT", "storeCosmicBatch takes an array.");
    items.forEach((item, i) => assertCosmicData(item, i));
    if (items.length === 0) return;
    // Read into columns now: caller-side extra fields stay out of storage, and so do later changes.
    const batches = groupByStream(items);
    await this.ready();
    await this.write((tx) => insertItems(tx, batches), options.durability ?? "relaxed");
  }

  /**
   * Items of a stream in time order: all of it, the items at one timestamp, or a range
   * `{ from, to, limit, reverse }` with from ≤ timestamp ≤ to. Always an array.
   */
  async retrieveCosmicData(streamType: string, at?: number | TimeRange | null): Promise<CosmicData[]> {
    assertKey(streamType, "stream name");
    let query: { from?: number | undefined; to?: number | undefined; limit?: number | undefined; reverse: boolean };
    if (typeof at === "number") {
      assertTimestamp(at);
      query = { from: at, to: at, reverse: false };
    } else if (at === undefined || at === null) {
      query = { reverse: false };
    } else if (typeof at === "object") {
      const { from, to } = at;
      if (from !== undefined) assertTimestamp(from);
      if (to !== undefined) assertTimestamp(to);
      const limit = assertLimit(at.limit);
      if (from !== undefined && to !== undefined && from > to) return [];
      query = { from, to, limit, reverse: at.reverse ?? false };
    } else {
      throw new PhoenixError("INVALID_ARGUMENT", "Give a timestamp or { from, to, limit, reverse }.");
    }
    await this.ready();
    return storageCall(() => readItems(unwrap(this.db), streamType, query));
  }

  /**
   * Items per time slice, for charts: `buckets` (default 60, at most 1,000) equal slices of
   * [from, to], which default to the stream's first and last timestamps.
   */
  async timeline(streamType: string, range: { from?: number; to?: number; buckets?: number } = {}): Promise<Timeline> {
    assertKey(streamType, "streamType");
    const { from, to, buckets = 60 } = range;
    if (from !== undefined) assertTimestamp(from);
    if (to !== undefined) assertTimestamp(to);
    if (!Number.isInteger(buckets) || buckets < 1 || buckets > 1_000) {
      throw new PhoenixError("INVALID_ARGUMENT", `buckets must be a whole number from 1 to 1,000, got ${String(buckets)}.`);
    }
    if (from !== undefined && to !== undefined && from > to) throw new PhoenixError("INVALID_ARGUMENT", "from is after to.");
    await this.ready();
    return storageCall(() => readTimeline(unwrap(this.db), streamType, from, to, buckets));
  }

  getBigBangData(): Promise<CosmicData[]> {
    return this.retrieveCosmicData("big_bang");
  }

  getQuantumStream(): Promise<CosmicData[]> {
    return this.retrieveCosmicData("quantum");
  }

  /** Removes every item of a stream; returns how many. */
  async clearStream(streamType: string): Promise<number> {
    assertKey(streamType, "stream name");
    await this.ready();
    return this.write(async (tx) => {
      const streams = tx.objectStore(STREAMS_STORE);
      const state = (await request(streams.get(streamType))) as StreamRecord | undefined;
      tx.objectStore(BLOCKS_STORE).delete(streamRange(streamType));
      streams.delete(streamType);
      return state?.items ?? 0;
    });
  }

  /** The stream types present, in name order. */
  async streamTypes(): Promise<string[]> {
    return Object.keys((await this.getCacheStats()).streams);
  }

  /** Items in all streams (from the per-stream counts). */
  async count(): Promise<number> {
    return (await this.getCacheStats()).totalRecords;
  }

  /** Records, approximate bytes and blocks per stream: read from counts kept per block, never recounted. */
  async getCacheStats(): Promise<CacheStats> {
    await this.ready();
    const records = await readTx(this.db, [STREAMS_STORE], (stores) => request(stores[STREAMS_STORE].getAll()));
    return statsOf(records);
  }

  /** Sets a stream's retention; `{}` removes it (none is the default). Stored in `meta`. */
  setRetention(streamType: string, policy: RetentionPolicy): Promise<RetentionPolicy> {
    return this.retention.set(streamType, policy);
  }

  /** A stream's retention, `{}` when none. */
  getRetention(streamType: string): Promise<RetentionPolicy> {
    return this.retention.get(streamType);
  }

  /**
   * Removes what the retention policies say, oldest blocks first, in one tab at a time (Web Locks): waits
   * for a sweep running in another tab, then sweeps. The periodic sweep (startRetention) skips instead.
   */
  sweepRetention(): Promise<SweepReport> {
    return this.retention.sweep();
  }

  /** Sweeps every `intervalMs` while the page is open (and once now); returns a stop function. */
  startRetention(intervalMs = 60_000): () => void {
    return this.retention.start(intervalMs);
  }

  stopRetention(): void {
    this.retention.stop();
  }

  private write<T>(work: (tx: IDBTransaction) => Promise<T>, durability: Durability = "strict"): Promise<T> {
    return writeTx(this.db, [BLOCKS_STORE, STREAMS_STORE], (_stores, tx) => work(tx), durability);
  }
}

function statsOf(records: readonly StreamRecord[]): CacheStats {
  const streams: Record<string, StreamStats> = {};
  let totalRecords = 0;
  let approxBytes = 0;
  for (const { stream, items, bytes, blocks } of [...records].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0))) {
    if (items === 0) continue;
    streams[stream] = { records: items, approxBytes: bytes, blocks };
    totalRecords += items;
    approxBytes += bytes;
  }
  const names = Object.keys(streams);
  const summary =
    `Hyperspace Cache: ${totalRecords} records in ${names.length} streams` +
    (names.length ? ` — ${names.map((name) => `${name} ${streams[name]!.records}`).join(", ")}` : "");
  return { streams, totalRecords, approxBytes, summary };
}

/**
 * Hyperspace Cache: typed cosmic data streams in `hyperspace_cache`.
 *
 * Where the seed is weak: its key `{stream_type}:{timestamp}` keeps only the last of two items of one stream
 * at the same timestamp. Here each item gets an auto-increment key and an index on [streamType, timestamp]
 * orders a stream by time, ties in arrival order; nothing is overwritten.
 *
 * The interface speaks only of CosmicData, streams and times, so the storage layout (one record per item
 * today) can change, e.g. to packed blocks, without touching callers.
 */
import { unwrap } from "idb";
import { PhoenixError, toStorageError } from "../errors.js";
import { assertLimit, readRange } from "../db/prefix.js";
import type { CosmicRecord, PhoenixDB } from "../db/schema.js";
import { request, writeTx, type Durability } from "../db/write.js";
import { assertKey, assertText, assertTimestamp } from "./validate.js";

/** The seed's CosmicData. `timestamp` is the seed's Unix seconds (any finite number is accepted). */
export type CosmicData = CosmicRecord;

export interface TimeRange {
  /** Inclusive lower bound. */
  from?: number;
  /** Inclusive upper bound. */
  to?: number;
  limit?: number;
  /** Latest first. */
  reverse?: boolean;
}

export interface StreamStats {
  records: number;
  /** UTF-16 length of the strings times two plus the number: an estimate, not the on-disk size. */
  approxBytes: number;
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

const STREAM_END: IDBValidKey = [];
const STATS_PAGE = 10_000; // Arrays sort after numbers, so [stream, []] is past every [stream, time].

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
  constructor(private readonly db: PhoenixDB) {}

  async storeCosmicData(data: CosmicData): Promise<void> {
    assertCosmicData(data);
    await this.storeCosmicBatch([data], { durability: "strict" });
  }

  /** Many items in one transaction: the high-throughput path. All are stored or none. */
  async storeCosmicBatch(items: readonly CosmicData[], options: BatchOptions = {}): Promise<void> {
    if (!Array.isArray(items)) throw new PhoenixError("INVALID_ARGUMENT", "storeCosmicBatch takes an array.");
    items.forEach((item, i) => assertCosmicData(item, i));
    if (items.length === 0) return;
    await writeTx(
      this.db,
      ["hyperspace_cache"],
      ({ hyperspace_cache: store }) => {
        for (const { source, timestamp, data, streamType } of items) {
          // A fresh object keeps caller-side extra fields out of storage.
          store!.add({ source, timestamp, data, streamType });
        }
      },
      options.durability ?? "relaxed",
    );
  }

  /**
   * Items of a stream in time order: all of it, the items at one timestamp, or a range
   * `{ from, to, limit, reverse }` with from ≤ timestamp ≤ to. Always an array.
   */
  async retrieveCosmicData(streamType: string, at?: number | TimeRange | null): Promise<CosmicData[]> {
    assertKey(streamType, "stream name");
    let range: IDBKeyRange;
    let limit: number | undefined;
    let reverse = false;
    if (typeof at === "number") {
      assertTimestamp(at);
      range = IDBKeyRange.only([streamType, at]);
    } else if (at === undefined || at === null) {
      range = IDBKeyRange.bound([streamType], [streamType, STREAM_END]);
    } else if (typeof at === "object") {
      const { from, to } = at;
      if (from !== undefined) assertTimestamp(from);
      if (to !== undefined) assertTimestamp(to);
      if (from !== undefined && to !== undefined && from > to) return [];
      limit = assertLimit(at.limit);
      reverse = at.reverse ?? false;
      range = IDBKeyRange.bound(
        from === undefined ? [streamType] : [streamType, from],
        to === undefined ? [streamType, STREAM_END] : [streamType, to],
      );
    } else {
      throw new PhoenixError("INVALID_ARGUMENT", "Give a timestamp or { from, to, limit, reverse }.");
    }
    try {
      const index = unwrap(this.db.transaction("hyperspace_cache", "readonly").store.index("by_stream_time"));
      const pairs = await readRange<number, CosmicRecord>(index, range, limit, reverse);
      return pairs.map(([, record]) => record);
    } catch (error) {
      throw toStorageError(error);
    }
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
    const range = IDBKeyRange.bound([streamType], [streamType, STREAM_END]);
    return writeTx(this.db, ["hyperspace_cache"], async ({ hyperspace_cache: store }) => {
      const keys = await request(store!.index("by_stream_time").getAllKeys(range));
      for (const key of keys) store!.delete(key);
      return keys.length;
    });
  }

  /** The stream types present, in name order. */
  async streamTypes(): Promise<string[]> {
    const index = this.db.transaction("hyperspace_cache", "readonly").store.index("by_stream_time");
    const streams: string[] = [];
    let cursor = await index.openKeyCursor();
    while (cursor) {
      const stream = (cursor.key as [string, number])[0];
      streams.push(stream);
      cursor = await cursor.continue([stream, STREAM_END] as unknown as [string, number]);
    }
    return streams;
  }

  /** Records and approximate bytes per stream. Reads every record: meant for an overview, not a hot path. */
  async getCacheStats(): Promise<CacheStats> {
    const streams: Record<string, StreamStats> = {};
    let totalRecords = 0;
    let approxBytes = 0;
    try {
      // Pages of getAll by key, not a cursor: a cursor costs a task per record, 100,000 of them here.
      let after: number | undefined;
      for (;;) {
        const store = unwrap(this.db.transaction("hyperspace_cache", "readonly").store);
        const range = after === undefined ? null : IDBKeyRange.lowerBound(after, true);
        const page = await readRange<number, CosmicRecord>(store, range, STATS_PAGE, false);
        for (const [, { streamType, source, data }] of page) {
          const bytes = 2 * (streamType.length + source.length + data.length) + 8;
          const stats = (streams[streamType] ??= { records: 0, approxBytes: 0 });
          stats.records += 1;
          stats.approxBytes += bytes;
          totalRecords += 1;
          approxBytes += bytes;
        }
        if (page.length < STATS_PAGE) break;
        after = page[page.length - 1]![0];
      }
    } catch (error) {
      throw toStorageError(error);
    }
    const names = Object.keys(streams).sort();
    const summary =
      `Hyperspace Cache: ${totalRecords} records in ${names.length} streams` +
      (names.length ? ` — ${names.map((name) => `${name} ${streams[name]!.records}`).join(", ")}` : "");
    return { streams, totalRecords, approxBytes, summary };
  }
}

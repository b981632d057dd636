/**
 * The one prefix-scan primitive every store uses.
 *
 * IndexedDB orders strings by UTF-16 code unit. The usual `bound(prefix, prefix + "\uffff")` misses keys
 * such as `prefix + "\uffff\uffff"`, so the upper bound here is the prefix's successor: the shortest string
 * greater than every string that starts with the prefix. Characters above U+FFFF are surrogate pairs
 * (0xD800–0xDFFF) and need no special case under code-unit order.
 */
import type { StoreValue } from "idb";
import { PhoenixError } from "../errors.js";
import { readTx } from "./write.js";
import type { PhoenixDB, PhoenixSchema } from "./schema.js";

export interface ScanOptions {
  /** Newest (greatest key) first. */
  reverse?: boolean | undefined;
  /** Resume paging: only keys strictly after this one in scan order. */
  after?: string | undefined;
}

/** Stores whose keys are strings (every store but hyperspace_cache). */
export type StringKeyedStore = "meta" | "eternal_memory" | "mind_vault" | "body_vault" | "soul_kb" | "vector_kb";
export type PhoenixSchemaValue<S extends StringKeyedStore> = StoreValue<PhoenixSchema, S>;

/** The smallest string greater than every string starting with `prefix`; undefined when none exists. */
export function prefixSuccessor(prefix: string): string | undefined {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end -= 1;
  if (end === 0) return undefined;
  return prefix.slice(0, end - 1) + String.fromCharCode(prefix.charCodeAt(end - 1) + 1);
}

/**
 * The key range holding exactly the keys that start with `prefix`, narrowed to those after `after`
 * in scan order. Returns null when the range is empty (IDBKeyRange cannot express an empty range).
 */
export function prefixRange(prefix: string, options: ScanOptions = {}): IDBKeyRange | null {
  let lower = prefix;
  let lowerOpen = false;
  let upper = prefixSuccessor(prefix);
  let upperOpen = true;
  const { after, reverse = false } = options;
  if (after !== undefined) {
    if (!reverse && after >= lower) {
      lower = after;
      lowerOpen = true;
    } else if (reverse && (upper === undefined || after < upper)) {
      upper = after;
      upperOpen = true;
    }
  }
  if (upper === undefined) return IDBKeyRange.lowerBound(lower, lowerOpen);
  if (lower > upper || (lower === upper && (lowerOpen || upperOpen))) return null;
  return IDBKeyRange.bound(lower, upper, lowerOpen, upperOpen);
}

export function assertLimit(limit: number | undefined): number | undefined {
  if (limit === undefined || limit === Infinity) return undefined;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 2 ** 32 - 1) {
    throw new PhoenixError("INVALID_ARGUMENT", `limit must be a positive integer, got ${String(limit)}.`);
  }
  return limit;
}

/** `getAllRecords` (Chromium 141+, fake-indexeddb 6) reads keys and values, in either direction, in one call. */
interface RecordsQuery {
  query?: IDBKeyRange | IDBValidKey | null;
  count?: number | undefined;
  direction?: IDBCursorDirection;
}
interface KeyedRecord<V> {
  key: IDBValidKey;
  primaryKey: IDBValidKey;
  value: V;
}
type WithGetAllRecords = IDBObjectStore & { getAllRecords(options: RecordsQuery): IDBRequest<KeyedRecord<unknown>[]> };
type IndexWithGetAllRecords = IDBIndex & { getAllRecords(options: RecordsQuery): IDBRequest<KeyedRecord<unknown>[]> };

export function supportsGetAllRecords(source: IDBObjectStore | IDBIndex): boolean {
  return typeof (source as Partial<WithGetAllRecords>).getAllRecords === "function";
}

function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Reads `[primaryKey, value]` pairs of `range` from a store or index in one request where the browser allows,
 * else keys and values in two parallel requests (forward) or one cursor walk (reverse).
 */
export async function readRange<K extends IDBValidKey, V>(
  source: IDBObjectStore | IDBIndex,
  range: IDBKeyRange | null,
  limit: number | undefined,
  reverse: boolean,
): Promise<Array<[K, V]>> {
  if (supportsGetAllRecords(source)) {
    const records = await requestResult(
      (source as WithGetAllRecords | IndexWithGetAllRecords).getAllRecords({
        query: range,
        count: limit,
        direction: reverse ? "prev" : "next",
      }),
    );
    return records.map((record) => [record.primaryKey as K, record.value as V]);
  }
  if (!reverse) {
    const keysRequest = source instanceof IDBIndex ? source.getAllKeys(range, limit) : source.getAllKeys(range, limit);
    const [keys, values] = await Promise.all([requestResult(keysRequest), requestResult(source.getAll(range, limit))]);
    return keys.map((key, i) => [key as K, values[i] as V]);
  }
  return new Promise((resolve, reject) => {
    const pairs: Array<[K, V]> = [];
    const request = source.openCursor(range, "prev");
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const cursor = request.result;
      if (!cursor || (limit !== undefined && pairs.length >= limit)) {
        resolve(pairs);
        return;
      }
      pairs.push([cursor.primaryKey as K, cursor.value as V]);
      cursor.continue();
    };
  });
}

/**
 * Every `[key, value]` whose key starts with `prefix`, in key order (reverse: descending),
 * at most `limit`, strictly after `options.after` when paging.
 */
export async function scanPrefix<S extends StringKeyedStore>(
  db: PhoenixDB,
  storeName: S,
  prefix: string,
  limit?: number,
  options: ScanOptions = {},
): Promise<Array<[string, PhoenixSchemaValue<S>]>> {
  if (typeof prefix !== "string") throw new PhoenixError("INVALID_ARGUMENT", "prefix must be a string.");
  if (options.after !== undefined && typeof options.after !== "string") {
    throw new PhoenixError("INVALID_ARGUMENT", "after must be a string key.");
  }
  const count = assertLimit(limit);
  const range = prefixRange(prefix, options);
  if (range === null) return [];
  return readTx(db, [storeName], (stores) =>
    readRange<string, PhoenixSchemaValue<S>>(stores[storeName], range, count, options.reverse ?? false),
  );
}

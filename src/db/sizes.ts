/**
 * Approximate bytes per store, for the Overview's bars: the record count times the mean size of a sample
 * of records (the first SAMPLE by key), sized as UTF-16 strings, 8-byte numbers and binary lengths.
 * An estimate of what the data weighs, not of the browser's files (those add keys, indexes, compression).
 */
import type { PhoenixDB, SeedStoreName } from "./schema.js";

const SAMPLE = 200;

export interface StoreSize {
  records: number;
  approxBytes: number;
}

export async function estimateStoreSize(db: PhoenixDB, store: Exclude<SeedStoreName, "hyperspace_cache">): Promise<StoreSize> {
  const tx = db.transaction(store, "readonly");
  const [records, sample] = await Promise.all([tx.store.count(), tx.store.getAll(null, SAMPLE)]);
  if (sample.length === 0) return { records, approxBytes: 0 };
  const sampled = sample.reduce((sum, value) => sum + sizeOf(value), 0);
  return { records, approxBytes: Math.round((sampled / sample.length) * records) };
}

export function sizeOf(value: unknown, depth = 0): number {
  if (typeof value === "string") return 2 * value.length;
  if (typeof value === "number") return 8;
  if (typeof value === "boolean") return 4;
  if (value === null || value === undefined || depth > 16) return 0;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (typeof value !== "object") return 0;
  let bytes = 0;
  for (const [key, item] of Object.entries(value)) bytes += 2 * key.length + sizeOf(item, depth + 1);
  return bytes;
}

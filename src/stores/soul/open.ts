/**
 * Opening many soul records at once with the keys in memory: each record its own decryption, so one that
 * fails (tampered, damaged, sealed with a key the keyring lacks) can be reported on its own instead of
 * failing a whole prefix scan, and archive records can be checked one by one before a merge.
 */
import { PhoenixError, isPhoenixError } from "../../errors.js";
import type { SoulRecord } from "../../db/schema.js";
import { isSoulRecordShape, openSoulRecord } from "./record.js";
import type { SoulRecordFailure } from "../vaults.js";

export type SettledRecord = { key: string; value: string } | { key: string; error: PhoenixError; failure: SoulRecordFailure };

/** One decryption per record, each its own promise (INTEGRITY naming the key when it fails). */
export function openEachWith(
  keys: ReadonlyMap<string, CryptoKey>,
  pairs: ReadonlyArray<readonly [string, SoulRecord]>,
): Array<Promise<string>> {
  return pairs.map(([key, record]) => {
    if (!isSoulRecordShape(record)) {
      return Promise.reject(new PhoenixError("INTEGRITY", `The record is malformed ("${key}").`, { subject: key }));
    }
    const dataKey = keys.get(record.keyId);
    if (!dataKey) {
      return Promise.reject(
        new PhoenixError("INTEGRITY", `The record names a key the keyring does not hold ("${key}").`, { subject: key }),
      );
    }
    return openSoulRecord(dataKey, key, record);
  });
}

/** Pairs each record with its value or its INTEGRITY failure; any other failure (storage, locked) is thrown. */
export function settle(
  pairs: ReadonlyArray<readonly [string, unknown]>,
  results: ReadonlyArray<PromiseSettledResult<string>>,
): SettledRecord[] {
  return pairs.map(([key], i): SettledRecord => {
    const result = results[i]!;
    if (result.status === "fulfilled") return { key, value: result.value };
    const error = isPhoenixError(result.reason)
      ? result.reason
      : new PhoenixError("INTEGRITY", undefined, { subject: key, cause: result.reason });
    if (error.code !== "INTEGRITY") throw error;
    return { key, error, failure: { key, code: error.code, message: error.message } };
  });
}

/**
 * The keys of those records whose ciphertext and time these keys authenticate: format v2 (time bound into
 * the additional data) and sealed with a key held here.
 */
export async function authenticKeys(
  keys: ReadonlyMap<string, CryptoKey>,
  records: ReadonlyArray<readonly [string, unknown]>,
): Promise<Set<string>> {
  const trusted = new Set<string>();
  await Promise.all(
    records.map(async ([key, record]) => {
      if (!isSoulRecordShape(record) || record.v < 2) return;
      const dataKey = keys.get(record.keyId);
      if (!dataKey) return;
      await openSoulRecord(dataKey, key, record).then(
        () => trusted.add(key),
        () => undefined,
      );
    }),
  );
  return trusted;
}

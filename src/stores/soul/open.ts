/**
 * Opening many soul records at once with the keys in memory: each record its own decryption, so one that
 * fails (tampered, damaged, sealed with a key the keyring lacks) can be reported on its own, under its
 * name, instead of failing a whole prefix scan; and archive records can be checked one by one before a
 * merge import.
 */
import { PhoenixError, isPhoenixError } from "../../errors.js";
import type { SoulRecord } from "../../db/schema.js";
import { isSoulRecordShape, openSoulRecord, sealSoulRecord, type OpenedSoulRecord } from "./record.js";
import type { SoulRecordFailure } from "../vaults.js";
import type { SoulNameIndex } from "./name-index.js";

export type SettledRecord = { key: string; value: string } | { key: string; error: PhoenixError; failure: SoulRecordFailure };

/** One decryption per record, each its own promise; `name` is what a failure is reported under. */
export function openEachWith(
  keys: ReadonlyMap<string, CryptoKey>,
  records: ReadonlyArray<{ name: string; id: string; record: SoulRecord }>,
): Array<Promise<string>> {
  return records.map(async ({ name, id, record }) => {
    if (!isSoulRecordShape(record)) throw namedIntegrity(name, "The record is malformed");
    const dataKey = keys.get(record.keyId);
    if (!dataKey) throw namedIntegrity(name, "The record names a key the keyring does not hold");
    let opened: OpenedSoulRecord;
    try {
      opened = await openSoulRecord(dataKey, id, record);
    } catch (error) {
      throw isPhoenixError(error, "INTEGRITY") ? namedIntegrity(name, "Authentication failed", error) : error;
    }
    // The additional data binds the id, and the id is the name's hash: a mismatch cannot come from this vault.
    if (opened.name !== name) throw namedIntegrity(name, "The record holds another name");
    return opened.value;
  });
}

/** INTEGRITY naming the record by its name (its stored id is a hash that means nothing to a reader). */
export function namedIntegrity(name: string, detail: string, cause?: unknown): PhoenixError {
  return new PhoenixError("INTEGRITY", `${detail} (soul_kb "${name}").`, { subject: name, cause });
}

/** Pairs each record with its value or its INTEGRITY failure; any other failure (storage, locked) is thrown. */
export function settle(names: readonly string[], results: ReadonlyArray<PromiseSettledResult<string>>): SettledRecord[] {
  return names.map((key, i): SettledRecord => {
    const result = results[i]!;
    if (result.status === "fulfilled") return { key, value: result.value };
    const error = isPhoenixError(result.reason)
      ? result.reason
      : new PhoenixError("INTEGRITY", undefined, { subject: key, cause: result.reason });
    if (error.code !== "INTEGRITY") throw error;
    return { key, error, failure: { key, code: error.code, message: error.message } };
  });
}

/** An archive record this vault authenticates, ready to be stored here: its id here and its record. */
export interface AuthenticRecord {
  id: string;
  record: SoulRecord;
}

/**
 * The archive records whose ciphertext and time these keys authenticate (format v2 or v3, sealed with a
 * key held here), by archive key, each with the id it has here (its name hashed under this vault's name
 * key) and the record to store: as it is when the archive stored it under that id already, else re-sealed
 * as v3 under it with the same data key and time. A merge import matches these by name, and lets only
 * them replace a record here.
 */
export async function authenticRecords(
  keys: ReadonlyMap<string, CryptoKey>,
  index: SoulNameIndex,
  records: ReadonlyArray<readonly [string, unknown]>,
): Promise<Map<string, AuthenticRecord>> {
  const trusted = new Map<string, AuthenticRecord>();
  await Promise.all(
    records.map(async ([key, record]) => {
      if (!isSoulRecordShape(record) || record.v < 2) return;
      const dataKey = keys.get(record.keyId);
      if (!dataKey) return;
      const opened = await openSoulRecord(dataKey, key, record).catch(() => undefined);
      if (!opened) return;
      const id = await index.hashOf(opened.name);
      const stored = id === key && record.v === 3 ? record : await sealSoulRecord(dataKey, record.keyId, id, opened, record.updatedAt);
      trusted.set(key, { id, record: stored });
    }),
  );
  return trusted;
}

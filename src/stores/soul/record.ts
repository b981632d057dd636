/**
 * One sealed Soul Vault record: how it is sealed, opened and re-sealed, by format version.
 *
 * Format v3 (written now) is stored under a hashed id (crypto/names.ts: HMAC of the name under the
 * vault's name key); the real name is sealed with the value, as the JSON pair [name, value]. The AES-GCM
 * additional data binds the stored id and the record's `updatedAt` (crypto/seal.ts), so a record moved to
 * another id, or given a newer time, fails to open (INTEGRITY); the time is what a merge import compares.
 * Format v2 (stored under the plaintext name, time authenticated) and v1 (time not authenticated) still
 * open, with the stored key as their name; migrate.ts moves them to v3 at unlock.
 */
import { PhoenixError } from "../../errors.js";
import type { SoulRecord } from "../../db/schema.js";
import { openText, sealText, type SealContext } from "../../crypto/seal.js";
import { assertWellFormed } from "../validate.js";

export const SOUL_STORE = "soul_kb";
export const SOUL_RECORD_VERSION = 3;

/** A record's content once opened. */
export interface OpenedSoulRecord {
  name: string;
  value: string;
}

/** What a record's ciphertext is bound to, by its format version. */
export function soulContext(id: string, record?: Pick<SoulRecord, "v" | "updatedAt">): SealContext {
  if (record === undefined || record.v === 1) return { store: SOUL_STORE, key: id };
  return record.v === 2 ? { store: SOUL_STORE, key: id, updatedAt: record.updatedAt } : { store: SOUL_STORE, key: id, updatedAt: record.updatedAt, named: true };
}

/** Seals `name` and `value` (format v3) for storage under `id`, the name's hashed id. */
export async function sealSoulRecord(
  dataKey: CryptoKey,
  keyId: string,
  id: string,
  opened: OpenedSoulRecord,
  updatedAt: number,
): Promise<SoulRecord> {
  // The pair is JSON, which would escape a lone surrogate and hide it: refused here as for a plain value.
  assertWellFormed(opened.value, "value", opened.name);
  const context = soulContext(id, { v: SOUL_RECORD_VERSION, updatedAt });
  const { iv, ct } = await sealText(dataKey, JSON.stringify([opened.name, opened.value]), context);
  return { v: SOUL_RECORD_VERSION, keyId, iv, ct, updatedAt };
}

/** Opens a record stored under `id`: its name (v1/v2: the id itself) and value; INTEGRITY when it does not open. */
export async function openSoulRecord(dataKey: CryptoKey, id: string, record: SoulRecord): Promise<OpenedSoulRecord> {
  const text = await openText(dataKey, record, soulContext(id, record));
  if (record.v !== 3) return { name: id, value: text };
  let pair: unknown;
  try {
    pair = JSON.parse(text);
  } catch {
    pair = undefined;
  }
  if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string" || typeof pair[1] !== "string") {
    throw new PhoenixError("INTEGRITY", `The record's sealed name and value are malformed ("${id}").`, { subject: id });
  }
  return { name: pair[0], value: pair[1] };
}

/**
 * The same record re-sealed under another data key, keeping its id, format family and time: v3 stays v3;
 * v1/v2 (plaintext-named) become v2, as migrate.ts moves them on to v3 under their hashed id.
 */
export async function resealSoulRecord(
  oldKey: CryptoKey,
  newKey: CryptoKey,
  newKeyId: string,
  id: string,
  record: SoulRecord,
): Promise<SoulRecord> {
  const opened = await openSoulRecord(oldKey, id, record);
  if (record.v === 3) return sealSoulRecord(newKey, newKeyId, id, opened, record.updatedAt);
  const { iv, ct } = await sealText(newKey, opened.value, soulContext(id, { v: 2, updatedAt: record.updatedAt }));
  return { v: 2, keyId: newKeyId, iv, ct, updatedAt: record.updatedAt };
}

export function isSoulRecordShape(record: unknown): record is SoulRecord {
  if (typeof record !== "object" || record === null) return false;
  const r = record as Partial<SoulRecord>;
  return (
    (r.v === 1 || ((r.v === 2 || r.v === 3) && typeof r.updatedAt === "number")) &&
    typeof r.keyId === "string" &&
    r.iv instanceof Uint8Array &&
    r.ct instanceof Uint8Array
  );
}

/** Whether the stored record is still the one read earlier (same key id and nonce): nobody rewrote it. */
export function sameSeal(current: SoulRecord | undefined, before: SoulRecord): boolean {
  if (!current || current.keyId !== before.keyId || !(current.iv instanceof Uint8Array)) return false;
  return current.iv.length === before.iv.length && current.iv.every((byte, i) => byte === before.iv[i]);
}

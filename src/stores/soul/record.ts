/**
 * One sealed Soul Vault record: how it is sealed, opened, and upgraded from the older format.
 *
 * Format v2 (written now) binds the record's `updatedAt` into the AES-GCM additional data next to the store
 * and key (crypto/seal.ts). The time is what a merge import compares, so it must be authenticated: an archive
 * that puts a newer time on an old ciphertext fails to open, and a merge keeps the record here.
 * Format v1 (before) authenticates only store and key; such records still open, and `upgradeSoulRecords`
 * re-seals them as v2 while the keys are at hand (at unlock), since re-sealing needs the data key.
 */
import { PhoenixError } from "../../errors.js";
import { scanPrefix } from "../../db/prefix.js";
import type { PhoenixDB, SoulRecord } from "../../db/schema.js";
import { request, writeTx } from "../../db/write.js";
import { openText, sealText, type SealContext } from "../../crypto/seal.js";

export const SOUL_STORE = "soul_kb";
export const SOUL_RECORD_VERSION = 2;
const UPGRADE_BATCH = 200;

/** What a record's ciphertext is bound to, by its format version. */
export function soulContext(key: string, record?: Pick<SoulRecord, "v" | "updatedAt">): SealContext {
  return record === undefined || record.v === 1 ? { store: SOUL_STORE, key } : { store: SOUL_STORE, key, updatedAt: record.updatedAt };
}

export async function sealSoulRecord(
  dataKey: CryptoKey,
  keyId: string,
  key: string,
  value: string,
  updatedAt: number,
): Promise<SoulRecord> {
  const record = { v: SOUL_RECORD_VERSION, updatedAt } as const;
  const { iv, ct } = await sealText(dataKey, value, soulContext(key, record));
  return { v: SOUL_RECORD_VERSION, keyId, iv, ct, updatedAt };
}

export function openSoulRecord(dataKey: CryptoKey, key: string, record: SoulRecord): Promise<string> {
  return openText(dataKey, record, soulContext(key, record));
}

export function isSoulRecordShape(record: unknown): record is SoulRecord {
  if (typeof record !== "object" || record === null) return false;
  const r = record as Partial<SoulRecord>;
  return (
    (r.v === 1 || (r.v === 2 && typeof r.updatedAt === "number")) &&
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

/**
 * Re-seals every v1 record as v2 under the key that sealed it, keeping its time. A record that does not
 * open is left as it is (reads report it); one rewritten meanwhile by another tab is not touched.
 * Resolves how many records were upgraded.
 */
export async function upgradeSoulRecords(db: PhoenixDB, keys: ReadonlyMap<string, CryptoKey>): Promise<number> {
  let upgraded = 0;
  let after: string | undefined;
  for (;;) {
    const batch = await scanPrefix(db, "soul_kb", "", UPGRADE_BATCH, after === undefined ? {} : { after });
    if (batch.length === 0) return upgraded;
    after = batch[batch.length - 1]![0];
    const old = batch.filter(([, record]) => isSoulRecordShape(record) && record.v === 1 && keys.has(record.keyId));
    const resealed = await Promise.all(
      old.map(async ([key, record]) => {
        const dataKey = keys.get(record.keyId)!;
        try {
          const next = await sealSoulRecord(dataKey, record.keyId, key, await openSoulRecord(dataKey, key, record), record.updatedAt);
          return { key, before: record, next };
        } catch (error) {
          if (error instanceof PhoenixError) return undefined;
          throw error;
        }
      }),
    );
    const ready = resealed.filter((entry) => entry !== undefined);
    if (ready.length === 0) continue;
    await writeTx(db, ["soul_kb"], async ({ soul_kb }) => {
      for (const { key, before, next } of ready) {
        if (sameSeal(await request<SoulRecord | undefined>(soul_kb!.get(key)), before)) soul_kb!.put(next, key);
      }
    });
    upgraded += ready.length;
  }
}

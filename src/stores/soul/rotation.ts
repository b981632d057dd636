/**
 * Soul Vault key rotation: a new data key, every record re-encrypted under it, the old key removed.
 *
 * Crash safety comes from the order of commits, each its own transaction:
 *   1. the keyring gains the new key (wrapped by the passphrase, and by the device key if remembered) and
 *      makes it current, keeping the old one: from here every writer seals under the new key;
 *   2. batches of records are re-sealed (crypto outside, then one write transaction per batch that skips any
 *      record changed since it was read);
 *   3. one transaction checks that no record still names another key and only then drops the old keys.
 * A page closed anywhere in between leaves a keyring holding every key some record needs, so everything
 * stays readable with the passphrase, and the next rotateKey() resumes at step 2 with the same new key.
 */
import { putMeta, readMeta, readMetaIn } from "../../db/meta.js";
import { PhoenixError, isPhoenixError } from "../../errors.js";
import { readRange, scanPrefix } from "../../db/prefix.js";
import type { PhoenixDB, SoulRecord } from "../../db/schema.js";
import { request, storageCall, writeTx } from "../../db/write.js";
import { generateDataKey, newKeyId, unwrapDataKey, wrapDataKey, type WrappedKey } from "../../crypto/keys.js";
import {
  DEVICE_META_KEY,
  type SoulDeviceRecord,
  type SoulKeyring,
} from "../../crypto/keyring.js";
import { resealSoulRecord, sameSeal } from "./record.js";
import { resealNameKey } from "../../crypto/names.js";
import type { UnlockedKeys } from "./state.js";
import type { SoulRecordFailure } from "../vaults.js";
import { provePassphraseKey } from "./keyring.js";

export interface RotateOptions {
  /** Records re-encrypted per write transaction. Default 500. */
  batchSize?: number;
  /** Called after each committed batch. If it throws, the rotation stops there; the next call resumes it. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface RotateResult {
  /** The data key every record is now sealed with (but those in `skipped`). */
  keyId: string;
  /** Records re-encrypted by this call. */
  reencrypted: number;
  /**
   * Records that could not be opened (INTEGRITY): left as they are, with the key they name kept in the
   * keyring (so isRotationPending() stays true); the next rotateKey() tries them again.
   */
  skipped: SoulRecordFailure[];
}

export interface RotationHost {
  db: PhoenixDB;
  /** Unlocked with the passphrase: the new key must be wrapped by it. */
  unlocked: UnlockedKeys & { passphraseKey: CryptoKey };
  device: SoulDeviceRecord | undefined;
  /** True once the vault was locked: the rotation stops at its next batch boundary. */
  stopped?: () => boolean;
  /** A record's name by its stored id, when known: skipped records are reported by name. */
  nameOf?: (id: string) => string | undefined;
  /** Applies a key change to the vault's memory (a no-op if it was locked meanwhile). */
  update(change: (current: UnlockedKeys) => UnlockedKeys): void;
}

const DEFAULT_BATCH = 500;
/** Writers in other tabs that still seal under an old key are caught by a re-scan; give up if that never settles. */
const MAX_PASSES = 5;

export async function rotateSoulKey(host: RotationHost, options: RotateOptions = {}): Promise<RotateResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new PhoenixError("INVALID_ARGUMENT", "batchSize must be an integer from 1 to 100,000.");
  }
  const { db } = host;
  const { keys, targetKeyId, revision } = await startRotation(host);
  throwIfStopped(host);
  host.update((current) => ({ ...current, keys: new Map([...current.keys, ...keys]), currentKeyId: targetKeyId, revision }));
  const targetKey = keys.get(targetKeyId)!;

  const total = await storeCount(db);
  let done = 0;
  const skipped = new Map<string, { record: SoulRecord; failure: SoulRecordFailure }>();
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    let after: string | undefined;
    for (;;) {
      const batch = await scanPrefix(db, "soul_kb", "", batchSize, after === undefined ? {} : { after });
      if (batch.length === 0) break;
      after = batch[batch.length - 1]![0];
      const stale = batch.filter(([, record]) => record.keyId !== targetKeyId);
      if (stale.length === 0) continue;
      const attempts = await Promise.all(
        stale.map(async ([key, record]) => {
          const oldKey = keys.get(record.keyId);
          try {
            if (!oldKey) {
              throw new PhoenixError("INTEGRITY", `The record names a key the keyring does not hold ("${key}").`, {
                subject: key,
              });
            }
            const next = await resealSoulRecord(oldKey, targetKey, targetKeyId, key, record);
            return { key, before: record, next };
          } catch (error) {
            // One damaged record must not stop the rotation: it is left as it is and reported.
            if (!isPhoenixError(error, "INTEGRITY")) throw error;
            const name = host.nameOf?.(key) ?? key;
            skipped.set(key, { record, failure: { key: name, code: error.code, message: error.message } });
            return undefined;
          }
        }),
      );
      const resealed = attempts.filter((attempt) => attempt !== undefined);
      if (resealed.length === 0) continue;
      const span = IDBKeyRange.bound(resealed[0]!.key, resealed[resealed.length - 1]!.key);
      await writeTx(db, ["soul_kb"], async ({ soul_kb }) => {
        // One read of the batch's key span, not one request per record.
        const current = new Map(await readRange<string, SoulRecord>(soul_kb, span, undefined, false));
        // A record rewritten since it was read is already under the current key (or gone): leave it.
        for (const { key, before, next } of resealed) {
          if (sameSeal(current.get(key), before)) soul_kb.put(next, key);
        }
      });
      done += resealed.length;
      options.onProgress?.({ done, total });
      throwIfStopped(host);
    }
    const finishedRevision = await finishRotation(db, targetKeyId, skipped);
    if (finishedRevision !== undefined) {
      const kept = new Set([targetKeyId, ...[...skipped.values()].map(({ record }) => record.keyId)]);
      host.update((current) => ({
        ...current,
        keys: new Map([...keys].filter(([keyId]) => kept.has(keyId))),
        currentKeyId: targetKeyId,
        revision: finishedRevision,
      }));
      return { keyId: targetKeyId, reencrypted: done, skipped: [...skipped.values()].map(({ failure }) => failure) };
    }
  }
  throw new PhoenixError("STORAGE_ERROR", "Records kept arriving under the old key; run rotateKey() again.");
}

function throwIfStopped(host: RotationHost): void {
  if (host.stopped?.()) {
    throw new PhoenixError(
      "SOUL_LOCKED",
      "The vault was locked during the key rotation; it stopped after a committed batch. Unlock and rotate again to finish.",
    );
  }
}

/** Step 1: adds a new current key, or resumes an unfinished rotation with the key it started. */
async function startRotation(
  host: RotationHost,
): Promise<{ keys: Map<string, CryptoKey>; targetKeyId: string; revision: number }> {
  const { db, unlocked, device } = host;
  const ring = await readMeta(db, "soulKeyring");
  if (!ring) throw new PhoenixError("SOUL_NOT_SET_UP");
  // The new key is wrapped under the passphrase key this tab holds: it must still open the keyring as
  // stored now (another tab may have changed the passphrase or its cost), or the new entry would be
  // unopenable. The write below only lands if the keyring is still the one proven here.
  await provePassphraseKey(ring, unlocked.passphraseKey);
  const keys = new Map<string, CryptoKey>();
  for (const entry of ring.keys) {
    keys.set(entry.keyId, unlocked.keys.get(entry.keyId) ?? (await unwrapDataKey(entry, unlocked.passphraseKey, "passphrase")));
  }
  if (ring.keys.length > 1) return { keys, targetKeyId: ring.currentKeyId, revision: ring.revision };

  const keyId = newKeyId();
  const fresh = await generateDataKey();
  // The keyring rule "the current key is the newest" must hold even if the clock went back.
  const now = Math.max(Date.now(), ...ring.keys.map((k) => k.createdAt + 1));
  const boundAt = ring.version === 2 ? now : undefined;
  const entry = await wrapDataKey(fresh, unlocked.passphraseKey, keyId, "passphrase", boundAt);
  const deviceEntry = device ? await wrapDataKey(fresh, device.deviceKey, keyId, "device", boundAt) : undefined;
  const usable = await unwrapDataKey(entry, unlocked.passphraseKey, "passphrase");
  keys.set(keyId, usable);
  // The name key moves to the new data key in the same write, so it never depends on a key about to go;
  // it stays the same key, so every stored id stays valid.
  const names = ring.names ? await resealNameKey(ring.names, keys, usable, keyId) : undefined;
  const next: SoulKeyring = {
    ...ring,
    ...(names ? { names } : {}),
    keys: [...ring.keys, { ...entry, createdAt: now }],
    currentKeyId: keyId,
    revision: ring.revision + 1,
    updatedAt: now,
  };
  await writeTx(db, ["meta"], async ({ meta }) => {
    const current = await readMetaIn(meta, "soulKeyring");
    if (current?.revision !== ring.revision) {
      throw new PhoenixError("STORAGE_ERROR", "The keyring changed in another tab meanwhile; try again.");
    }
    putMeta(meta, "soulKeyring", next);
    if (deviceEntry) {
      const stored = await readMetaIn(meta, "soulDevice");
      if (stored) meta.put({ ...stored, keys: [...stored.keys, deviceEntry] }, DEVICE_META_KEY);
    }
  });
  return { keys, targetKeyId: keyId, revision: next.revision };
}

/** Step 3: drops the old keys if no record needs them; resolves the new revision, or undefined to go again. */
async function finishRotation(
  db: PhoenixDB,
  targetKeyId: string,
  skipped: ReadonlyMap<string, { record: SoulRecord }>,
): Promise<number | undefined> {
  return writeTx(db, ["soul_kb", "meta"], async ({ soul_kb, meta }) => {
    const [keys, records] = await Promise.all([
      request(soul_kb.getAllKeys() as IDBRequest<string[]>),
      request<SoulRecord[]>(soul_kb.getAll()),
    ]);
    // A record that could not be opened stays as it was, and so does the key it names: a failure that is
    // not damage (a crash mid-decrypt) must not cost the record. The next rotateKey() tries it again.
    const pending = records.some((record, i) => {
      if (record.keyId === targetKeyId) return false;
      const known = skipped.get(keys[i]!);
      return !known || !sameSeal(record, known.record);
    });
    if (pending) return undefined;
    const ring = await readMetaIn(meta, "soulKeyring");
    if (!ring) throw new PhoenixError("SOUL_NOT_SET_UP");
    if (ring.currentKeyId !== targetKeyId) {
      throw new PhoenixError("STORAGE_ERROR", "Another tab started a different rotation; run rotateKey() again.");
    }
    const needed = new Set([targetKeyId, ...records.filter((record) => record.keyId !== targetKeyId).map((record) => record.keyId)]);
    // (Normally under the target already; a name key sealed elsewhere keeps its key.)
    if (ring.names) needed.add(ring.names.keyId);
    const keep = (entry: WrappedKey) => needed.has(entry.keyId);
    if (ring.keys.every(keep)) return ring.revision;
    const next: SoulKeyring = { ...ring, keys: ring.keys.filter(keep), revision: ring.revision + 1, updatedAt: Date.now() };
    putMeta(meta, "soulKeyring", next);
    const device = await readMetaIn(meta, "soulDevice");
    if (device) meta.put({ ...device, keys: device.keys.filter(keep) }, DEVICE_META_KEY);
    return next.revision;
  });
}

function storeCount(db: PhoenixDB): Promise<number> {
  return storageCall(() => db.count("soul_kb"));
}

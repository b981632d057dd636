/**
 * Keyring reads and writes of the Soul Vault. Each write is a compare-and-set on the keyring's revision inside one
 * transaction, so two tabs changing the keyring at once cannot silently overwrite each other.
 */
import { putMeta, readMeta, readMetaIn } from "../../db/meta.js";
import { PhoenixError } from "../../errors.js";
import type { PhoenixDB } from "../../db/schema.js";
import { request, writeTx } from "../../db/write.js";
import { newSalt, type Argon2idParams, type Argon2idSettings } from "../../crypto/kdf.js";
import { generateDataKey, generateDeviceKey, newKeyId, rewrapDataKey, unwrapDataKey, wrapDataKey } from "../../crypto/keys.js";
import { deviceRecordFor } from "../../crypto/device.js";
import { newNameKey } from "../../crypto/names.js";
import {
  DEVICE_META_KEY,
  DEVICE_TYPE,
  KEYRING_META_KEY,
  KEYRING_TYPE,
  KEYRING_VERSION,
  type SoulDeviceRecord,
  type SoulKeyring,
} from "../../crypto/keyring.js";

export async function readKeyring(db: PhoenixDB): Promise<SoulKeyring | undefined> {
  return readMeta(db, "soulKeyring");
}

export async function readDeviceRecord(db: PhoenixDB): Promise<SoulDeviceRecord | undefined> {
  return readMeta(db, "soulDevice");
}

/**
 * A new keyring (format v2) with one fresh data key wrapped by the passphrase key and a name key sealed under
 * it, and a device record when
 * asked; refused with SOUL_ALREADY_SET_UP if another tab made one first. Resolves the usable copy of the key.
 */
export async function createKeyring(
  db: PhoenixDB,
  passphraseKey: CryptoKey,
  kdf: Argon2idParams,
  remember: boolean,
): Promise<{ ring: SoulKeyring; keyId: string; usable: CryptoKey }> {
  const keyId = newKeyId();
  const dataKey = await generateDataKey();
  const now = Date.now();
  const entry = await wrapDataKey(dataKey, passphraseKey, keyId, "passphrase", now);
  const usable = await unwrapDataKey(entry, passphraseKey, "passphrase");
  // Record names are hashed from the first write on (crypto/names.ts).
  const { sealed: names } = await newNameKey(usable, keyId);
  const ring: SoulKeyring = {
    type: KEYRING_TYPE,
    version: KEYRING_VERSION,
    kdf,
    currentKeyId: keyId,
    keys: [{ ...entry, createdAt: now }],
    revision: 1,
    updatedAt: now,
    names,
  };
  const device = remember ? await deviceRecordFor(await generateDeviceKey(), [[keyId, dataKey, now]]) : undefined;
  await writeTx(db, ["meta"], async ({ meta }) => {
    if ((await request(meta.get(KEYRING_META_KEY))) !== undefined) throw new PhoenixError("SOUL_ALREADY_SET_UP");
    putMeta(meta, "soulKeyring", ring);
    // A device record left from an earlier keyring would wrap keys that no longer exist.
    if (device) putMeta(meta, "soulDevice", device);
    else meta.delete(DEVICE_META_KEY);
  });
  return { ring, keyId, usable };
}

/** Runs `write` on the meta store only if the keyring is still at `revision`. */
export async function ifKeyringUnchanged(db: PhoenixDB, revision: number, write: (meta: IDBObjectStore) => void): Promise<void> {
  await writeTx(db, ["meta"], async ({ meta }) => {
    const current = await readMetaIn(meta, "soulKeyring");
    if (current?.revision !== revision) {
      throw new PhoenixError("STORAGE_ERROR", "The keyring changed in another tab meanwhile; try again.");
    }
    write(meta);
  });
}

/**
 * Proves that a passphrase key held in memory still opens the keyring as stored now. Another tab may have
 * changed the passphrase or raised the Argon2id cost (new salt): a key derived before that no longer
 * matches, and wrapping anything under it would leave an entry no passphrase can open. Every keyring
 * writer that uses a remembered passphrase key calls this on the ring it is about to replace, and then
 * writes only if the ring's revision is unchanged, so the proof holds for the very ring it overwrites.
 */
export async function provePassphraseKey(ring: SoulKeyring, passphraseKey: CryptoKey): Promise<void> {
  try {
    await Promise.all(ring.keys.map((entry) => unwrapDataKey(entry, passphraseKey, "passphrase")));
  } catch (error) {
    throw new PhoenixError("SOUL_LOCKED", "The passphrase changed in another tab: unlock again.", { cause: error });
  }
}

/**
 * Every data key of the keyring, unwrapped with the passphrase key. None opening means a wrong passphrase
 * (BAD_PASSPHRASE); some opening while another does not means an entry was tampered with (a retired key
 * put back under a forged time): INTEGRITY.
 */
export async function unwrapKeyring(ring: SoulKeyring, passphraseKey: CryptoKey): Promise<Map<string, CryptoKey>> {
  const results = await Promise.allSettled(ring.keys.map((entry) => unwrapDataKey(entry, passphraseKey, "passphrase")));
  const failed = results.find((result) => result.status === "rejected");
  if (failed && results.every((result) => result.status === "rejected")) throw failed.reason;
  if (failed) {
    throw new PhoenixError("INTEGRITY", "A key of the soul keyring fails its authentication.", {
      subject: KEYRING_META_KEY,
      cause: failed.reason,
    });
  }
  return new Map(ring.keys.map((entry, i) => [entry.keyId, (results[i] as PromiseFulfilledResult<CryptoKey>).value]));
}

/**
 * At a passphrase unlock: re-wraps a keyring whose Argon2id cost is below the current settings (never
 * lowered), or of format v1, into format v2 at the higher cost; a remembered device follows. Best effort:
 * the unlock has succeeded already, and a failure (another tab wrote the keyring) leaves it for next time.
 */
export async function upgradeKeyring(
  db: PhoenixDB,
  ring: SoulKeyring,
  passphraseKey: CryptoKey,
  derive: (kdf: Argon2idParams) => Promise<CryptoKey>,
  settings: Argon2idSettings,
): Promise<{ ring: SoulKeyring; passphraseKey: CryptoKey }> {
  const weaker = isWeakerThan(ring.kdf, settings);
  if (!weaker && ring.version === KEYRING_VERSION) return { ring, passphraseKey };
  try {
    const kdf = weaker ? { ...settings, salt: newSalt() } : ring.kdf;
    const to = weaker ? await derive(kdf) : passphraseKey;
    const next = await rewrapKeyring(db, ring, passphraseKey, to, kdf);
    const device = await readDeviceRecord(db);
    if (device && ring.version !== KEYRING_VERSION) await rememberOnDevice(db, next, to, device).catch(() => undefined);
    return { ring: next, passphraseKey: to };
  } catch {
    return { ring, passphraseKey };
  }
}

/** Moves every data key from one passphrase key to another (new passphrase, or new Argon2id cost), as format v2. */
export async function rewrapKeyring(
  db: PhoenixDB,
  ring: SoulKeyring,
  from: CryptoKey,
  to: CryptoKey,
  kdf: Argon2idParams,
): Promise<SoulKeyring> {
  const keys = await Promise.all(
    ring.keys.map(async (entry) => ({
      ...(await rewrapDataKey(entry, from, "passphrase", to, "passphrase", entry.createdAt)),
      createdAt: entry.createdAt,
    })),
  );
  const next: SoulKeyring = { ...ring, version: KEYRING_VERSION, kdf, keys, revision: ring.revision + 1, updatedAt: Date.now() };
  await ifKeyringUnchanged(db, ring.revision, (meta) => putMeta(meta, "soulKeyring", next));
  return next;
}

/**
 * A passphrase change: the old passphrase proven on one entry before the new derivation is paid for, then
 * every data key re-wrapped under the new one (new salt, the current Argon2id settings).
 */
export async function changeKeyringPassphrase(
  db: PhoenixDB,
  ring: SoulKeyring,
  derive: (passphrase: string, kdf: Argon2idParams) => Promise<CryptoKey>,
  [oldPassphrase, newPassphrase]: readonly [string, string],
  settings: Argon2idSettings,
): Promise<{ next: SoulKeyring; newKey: CryptoKey }> {
  const oldKey = await derive(oldPassphrase, ring.kdf);
  await unwrapDataKey(ring.keys[0]!, oldKey, "passphrase");
  const kdf = { ...settings, salt: newSalt() };
  const newKey = await derive(newPassphrase, kdf);
  return { next: await rewrapKeyring(db, ring, oldKey, newKey, kdf), newKey };
}

/** Stores (or refreshes) the device record: every keyring key wrapped by this profile's device key. */
export async function rememberOnDevice(
  db: PhoenixDB,
  ring: SoulKeyring,
  passphraseKey: CryptoKey,
  existing: SoulDeviceRecord | undefined,
): Promise<void> {
  await provePassphraseKey(ring, passphraseKey);
  const deviceKey = existing?.deviceKey ?? (await generateDeviceKey());
  const keys = await Promise.all(
    ring.keys.map((entry) => rewrapDataKey(entry, passphraseKey, "passphrase", deviceKey, "device", entry.boundAt)),
  );
  const record: SoulDeviceRecord = { type: DEVICE_TYPE, version: 1, deviceKey, keys };
  await ifKeyringUnchanged(db, ring.revision, (meta) => putMeta(meta, "soulDevice", record));
}

/** Whether stored Argon2id costs are below the current settings (never lowered: an older, stronger keyring stays). */
export function isWeakerThan(stored: Argon2idSettings, settings: Argon2idSettings): boolean {
  return stored.memoryKiB < settings.memoryKiB || stored.iterations < settings.iterations;
}

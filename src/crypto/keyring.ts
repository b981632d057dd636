/**
 * The Soul Vault's keyring and device records, as stored in the `meta` store, with their type guards.
 *
 * `meta["soul:keyring"]`: the Argon2id parameters (salt included) and every data key wrapped by the
 * passphrase key. Normally one key; two while a rotation is unfinished, so every record stays readable
 * whichever key sealed it. `currentKeyId` is the key new writes use. `revision` increases on every change
 * so a writer can tell, inside its transaction, that another tab changed the keyring meanwhile.
 *
 * Format v2 authenticates the metadata that decides which key seals new writes: each entry's `createdAt`
 * is bound into its wrapping (`boundAt`, see keys.ts), and the current key must be the newest. Someone who
 * can edit IndexedDB and puts a retired key back as current is refused with INTEGRITY (here, or when the
 * entry fails to unwrap under a forged time). v1 keyrings are upgraded at the next passphrase unlock.
 *
 * `names` (optional): the name key that hashes record names into stored ids, sealed under a data key.
 *
 * `meta["soul:device"]` (only with "remember on this device"): a non-extractable device CryptoKey and the
 * same data keys wrapped by it. It cannot be exported or serialised, so a backup never carries it.
 */
import { PhoenixError } from "../errors.js";
import { isTooCostly, isValidKdfParams, type Argon2idParams, type Argon2idSettings } from "./kdf.js";
import { IV_BYTES, type WrappedKey } from "./keys.js";
import { isSealedNameKey, type SealedNameKey } from "./names.js";
import { META_KEYS } from "../db/meta-keys.js";

export const KEYRING_META_KEY = META_KEYS.soulKeyring;
export const DEVICE_META_KEY = META_KEYS.soulDevice;
export const KEYRING_TYPE = "phoenix-soul-keyring";
export const DEVICE_TYPE = "phoenix-soul-device";

export interface KeyringEntry extends WrappedKey {
  createdAt: number;
}

export const KEYRING_VERSION = 2;

export interface SoulKeyring {
  type: typeof KEYRING_TYPE;
  version: 1 | 2;
  kdf: Argon2idParams;
  currentKeyId: string;
  keys: KeyringEntry[];
  revision: number;
  updatedAt: number;
  /**
   * The name key (crypto/names.ts), sealed under one of `keys`. Absent in vaults set up before names were
   * hidden: the next unlock adds it and moves the records to hashed ids.
   */
  names?: SealedNameKey;
}

export interface SoulDeviceRecord {
  type: typeof DEVICE_TYPE;
  version: 1;
  deviceKey: CryptoKey;
  keys: WrappedKey[];
}

/** Reads a stored keyring: undefined when absent, INTEGRITY when malformed or from a newer format. */
export function parseKeyring(value: unknown): SoulKeyring | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || value.type !== KEYRING_TYPE) {
    throw new PhoenixError("INTEGRITY", "The soul keyring is not a keyring record.", { subject: KEYRING_META_KEY });
  }
  if (value.version !== 1 && value.version !== 2) {
    throw new PhoenixError("INTEGRITY", `The soul keyring has format version ${String(value.version)}, unknown here.`, {
      subject: KEYRING_META_KEY,
    });
  }
  if (isTooCostly(value.kdf)) {
    throw new PhoenixError(
      "SOUL_KDF_TOO_COSTLY",
      `It asks for ${JSON.stringify({ memoryKiB: (value.kdf as Argon2idSettings).memoryKiB, iterations: (value.kdf as Argon2idSettings).iterations, parallelism: (value.kdf as Argon2idSettings).parallelism })}.`,
      { subject: KEYRING_META_KEY },
    );
  }
  const keys = value.keys;
  const valid =
    isValidKdfParams(value.kdf) &&
    typeof value.currentKeyId === "string" &&
    Array.isArray(keys) &&
    keys.length > 0 &&
    keys.every((entry) => isWrappedKey(entry) && typeof (entry as KeyringEntry).createdAt === "number") &&
    keys.some((entry) => (entry as WrappedKey).keyId === value.currentKeyId) &&
    typeof value.revision === "number" &&
    typeof value.updatedAt === "number";
  if (!valid) {
    throw new PhoenixError("INTEGRITY", "The soul keyring is malformed.", { subject: KEYRING_META_KEY });
  }
  const ring = value as unknown as SoulKeyring;
  if (ring.version === 2 && !ring.keys.every((entry) => entry.boundAt === entry.createdAt)) {
    throw new PhoenixError("INTEGRITY", "A key of the soul keyring lacks its authenticated creation time.", {
      subject: KEYRING_META_KEY,
    });
  }
  if (ring.names !== undefined && !(isSealedNameKey(ring.names) && ring.keys.some((entry) => entry.keyId === ring.names!.keyId))) {
    throw new PhoenixError("INTEGRITY", "The soul keyring's name key is malformed or sealed under a key it lacks.", {
      subject: KEYRING_META_KEY,
    });
  }
  const current = ring.keys.find((entry) => entry.keyId === ring.currentKeyId)!;
  if (ring.keys.some((entry) => entry.createdAt > current.createdAt)) {
    throw new PhoenixError("INTEGRITY", "The soul keyring's current key is not its newest (a retired key was put back).", {
      subject: KEYRING_META_KEY,
    });
  }
  return ring;
}

/** A device record that is missing, malformed or unusable reads as absent: the passphrase still works. */
export function parseDeviceRecord(value: unknown): SoulDeviceRecord | undefined {
  if (!isRecord(value) || value.type !== DEVICE_TYPE || value.version !== 1) return undefined;
  if (typeof CryptoKey === "undefined" || !(value.deviceKey instanceof CryptoKey)) return undefined;
  if (!Array.isArray(value.keys) || !value.keys.every(isWrappedKey)) return undefined;
  return value as unknown as SoulDeviceRecord;
}

export function isWrappedKey(value: unknown): value is WrappedKey {
  return (
    isRecord(value) &&
    typeof value.keyId === "string" &&
    value.keyId.length > 0 &&
    value.iv instanceof Uint8Array &&
    value.iv.length === IV_BYTES &&
    value.wrapped instanceof Uint8Array &&
    value.wrapped.length > 0 &&
    (value.boundAt === undefined || (typeof value.boundAt === "number" && Number.isFinite(value.boundAt)))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

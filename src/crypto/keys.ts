/**
 * Key handling for the Soul Vault: the passphrase key (KEK), data keys, the optional device key, and
 * wrapping one under another.
 *
 * Every key the page keeps is a non-extractable CryptoKey: script can use it but never read its bytes.
 * A new data key is born extractable only so it can be wrapped once; the caller drops that handle and
 * keeps the non-extractable copy `unwrapDataKey` returns. Wrapping is AES-256-GCM (not AES-KW) so the
 * wrapped key is bound by additional data to its key id and purpose: a wrapped key moved to another entry,
 * or a device-wrapped key presented as passphrase-wrapped, fails to unwrap.
 */
import { PhoenixError } from "../errors.js";
import type { Argon2idParams, DeriveKeyBytes } from "./kdf.js";

export const IV_BYTES = 12;
const AES_GCM_256 = { name: "AES-GCM", length: 256 } as const;

/** Who wrapped a data key: the passphrase-derived key, or this device's stored key. */
export type WrapPurpose = "passphrase" | "device";

export interface WrappedKey {
  keyId: string;
  /** 96-bit nonce of the wrapping. */
  iv: Uint8Array;
  /** The data key sealed with AES-256-GCM (32 bytes + 16-byte tag). */
  wrapped: Uint8Array;
  /**
   * The data key's creation time, bound into the wrapping's additional data (keyring format v2), so the
   * keyring's "the current key is the newest" rule rests on authenticated times. Absent in format v1.
   */
  boundAt?: number;
}

/** A random id for a data key; not secret, it names which key sealed a record. */
export function newKeyId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Passphrase → non-extractable wrapping key. The derived bytes are wiped as soon as they are imported. */
export async function derivePassphraseKey(
  passphrase: string,
  params: Argon2idParams,
  derive: DeriveKeyBytes,
): Promise<CryptoKey> {
  const bytes = await derive(passphrase, params);
  try {
    return await crypto.subtle.importKey("raw", toBuffer(bytes), "AES-GCM", false, ["wrapKey", "unwrapKey"]);
  } finally {
    bytes.fill(0);
  }
}

/** A fresh data key, extractable only so it can be wrapped; keep the result of `unwrapDataKey` instead. */
export function generateDataKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey(AES_GCM_256, true, ["encrypt", "decrypt"]);
}

/** A device key: kept in IndexedDB as a CryptoKey, which the browser stores but never lets script read. */
export function generateDeviceKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey(AES_GCM_256, false, ["wrapKey", "unwrapKey"]);
}

export async function wrapDataKey(
  dataKey: CryptoKey,
  wrappingKey: CryptoKey,
  keyId: string,
  purpose: WrapPurpose,
  boundAt?: number,
): Promise<WrappedKey> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const wrapped = await crypto.subtle.wrapKey("raw", dataKey, wrappingKey, {
    name: "AES-GCM",
    iv,
    additionalData: wrapAad(keyId, purpose, boundAt),
  });
  return { keyId, iv, wrapped: new Uint8Array(wrapped), ...(boundAt === undefined ? {} : { boundAt }) };
}

/**
 * Unwraps a data key as a non-extractable CryptoKey (extractable only when it must be re-wrapped at once).
 * A wrong wrapping key and a tampered entry look the same to AES-GCM: both are BAD_PASSPHRASE here,
 * and the caller may rename that for the device path.
 */
export async function unwrapDataKey(
  entry: WrappedKey,
  wrappingKey: CryptoKey,
  purpose: WrapPurpose,
  extractable = false,
): Promise<CryptoKey> {
  try {
    return await crypto.subtle.unwrapKey(
      "raw",
      toBuffer(entry.wrapped),
      wrappingKey,
      { name: "AES-GCM", iv: toBuffer(entry.iv), additionalData: wrapAad(entry.keyId, purpose, entry.boundAt) },
      "AES-GCM",
      extractable,
      ["encrypt", "decrypt"],
    );
  } catch (error) {
    throw new PhoenixError("BAD_PASSPHRASE", undefined, { cause: error, subject: entry.keyId });
  }
}

/**
 * Moves a wrapped data key from one wrapping key to another without its bytes ever reaching script.
 * `boundAt` is the creation time to bind into the new wrapping (default: the one the entry had).
 */
export async function rewrapDataKey(
  entry: WrappedKey,
  from: CryptoKey,
  fromPurpose: WrapPurpose,
  to: CryptoKey,
  toPurpose: WrapPurpose,
  boundAt: number | undefined = entry.boundAt,
): Promise<WrappedKey> {
  const transient = await unwrapDataKey(entry, from, fromPurpose, true);
  return wrapDataKey(transient, to, entry.keyId, toPurpose, boundAt);
}

function wrapAad(keyId: string, purpose: WrapPurpose, boundAt: number | undefined): Uint8Array<ArrayBuffer> {
  const parts = boundAt === undefined ? ["phoenix-soul-key", 1, purpose, keyId] : ["phoenix-soul-key", 2, purpose, keyId, boundAt];
  return new TextEncoder().encode(JSON.stringify(parts));
}

/**
 * WebCrypto takes BufferSource; a Uint8Array that came out of IndexedDB or a worker may view a larger
 * or shared buffer, so hand over exactly its bytes.
 */
export function toBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

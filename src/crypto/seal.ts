/**
 * AES-256-GCM sealing of text values, bound to where they are stored.
 *
 * Byte layout of a sealed value (format v1):
 *   iv  12 random bytes, fresh for every seal (never reused under one key: 2^-32 collision risk only after
 *       ~2^32 seals per key, far beyond a personal vault; rotateKey starts a new key anyway)
 *   ct  AES-GCM(key, iv, aad, padded plaintext) with the 16-byte tag appended (WebCrypto's layout)
 *   aad UTF-8 of JSON ["phoenix-seal", 1, storeName, key]: not stored, rebuilt on open, so a ciphertext copied
 *       under another key or into another store fails authentication
 *   aad v2 UTF-8 of JSON ["phoenix-seal", 2, storeName, key, updatedAt]: also binds the record's write time, so
 *       an archive cannot present an old ciphertext as newer (a merge import decides on that time)
 *   aad v3 UTF-8 of JSON ["phoenix-seal", 3, storeName, storedId, updatedAt]: the Soul Vault's hashed-name
 *       records, whose plaintext carries the real name too (stores/soul/record.ts)
 *   padded plaintext = UTF-8(value) ‖ 0x80 ‖ 0x00… up to a multiple of PAD_BLOCK bytes (ISO/IEC 7816-4),
 *       so the stored size reveals the value's length only to within PAD_BLOCK bytes
 */
import { PhoenixError } from "../errors.js";
import { IV_BYTES, toBuffer } from "./keys.js";
import { assertWellFormed } from "../shared/input.js";

export const PAD_BLOCK = 32;
export const TAG_BYTES = 16;

export interface Sealed {
  iv: Uint8Array;
  ct: Uint8Array;
}

/** Where a sealed value lives; both parts are authenticated. */
export interface SealContext {
  store: string;
  key: string;
  /** Format v2: the write time, authenticated too. Absent: format v1 (store and key only). */
  updatedAt?: number;
  /** Format v3 (with updatedAt): `key` is a hashed id and the plaintext carries the name. */
  named?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

export function sealAad(context: SealContext): Uint8Array<ArrayBuffer> {
  const parts =
    context.updatedAt === undefined
      ? ["phoenix-seal", 1, context.store, context.key]
      : ["phoenix-seal", context.named ? 3 : 2, context.store, context.key, context.updatedAt];
  return encoder.encode(JSON.stringify(parts));
}

export async function sealText(dataKey: CryptoKey, text: string, context: SealContext): Promise<Sealed> {
  // UTF-8 cannot carry a lone surrogate: refused rather than decrypted later as U+FFFD.
  assertWellFormed(text, "value", context.key);
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plaintext = pad(encoder.encode(text));
  const ct = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: sealAad(context) },
    dataKey,
    plaintext,
  );
  plaintext.fill(0);
  return { iv, ct: new Uint8Array(ct) };
}

/** Opens a sealed value; any change to iv, ciphertext, tag, store or key is INTEGRITY naming the key. */
export async function openText(dataKey: CryptoKey, sealed: Sealed, context: SealContext): Promise<string> {
  if (!(sealed.iv instanceof Uint8Array) || sealed.iv.length !== IV_BYTES) {
    throw integrity(context, "The nonce has the wrong length.");
  }
  if (!(sealed.ct instanceof Uint8Array) || sealed.ct.length < TAG_BYTES + PAD_BLOCK) {
    throw integrity(context, "The ciphertext is too short.");
  }
  let plaintext: Uint8Array;
  try {
    plaintext = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: toBuffer(sealed.iv), additionalData: sealAad(context) },
        dataKey,
        toBuffer(sealed.ct),
      ),
    );
  } catch (error) {
    throw integrity(context, "Authentication failed.", error);
  }
  try {
    return decoder.decode(unpad(plaintext, context));
  } catch (error) {
    if (error instanceof PhoenixError) throw error;
    throw integrity(context, "The value is not valid UTF-8.", error);
  } finally {
    plaintext.fill(0);
  }
}

function pad(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const length = (Math.floor(bytes.length / PAD_BLOCK) + 1) * PAD_BLOCK;
  const padded = new Uint8Array(length);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  bytes.fill(0);
  return padded;
}

function unpad(padded: Uint8Array, context: SealContext): Uint8Array {
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (end < 0 || padded[end] !== 0x80) throw integrity(context, "The padding is malformed.");
  return padded.subarray(0, end);
}

function integrity(context: SealContext, detail: string, cause?: unknown): PhoenixError {
  return new PhoenixError("INTEGRITY", `${detail} (${context.store} "${context.key}")`, {
    subject: context.key,
    cause,
  });
}

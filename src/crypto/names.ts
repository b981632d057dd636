/**
 * The Soul Vault's name key: an HMAC-SHA-256 key that turns a record's name ("dad:last_soft_memory") into
 * the id it is stored under, so names never reach IndexedDB, snapshots or backups in plaintext.
 *
 * Where it lives: `names` in the soul keyring, its 32 random bytes sealed with AES-256-GCM under a data
 * key (additional data ["phoenix-soul-names", 1, id, keyId]), so whoever holds the data keys (passphrase
 * or device unlock) holds it too, and no other wrapping is needed.
 *
 * Why a key of its own rather than one derived from the data key: a key rotation then re-seals these 32
 * bytes under the new data key (one keyring write) and every stored id stays what it was. Ids that
 * followed the data key would have to be renamed record by record during a rotation, doubling what a
 * crash mid-rotation can leave behind. The cost: someone who holds an old passphrase and an old keyring
 * (a snapshot, a backup) can test guessed names against today's ids; the names such a copy holds it
 * reveals anyway. The `id` is public and stays the same across re-seals, so a tab can tell when another
 * tab replaced the keyring (a replace import) and its ids no longer match.
 */
import { PhoenixError } from "../errors.js";
import { IV_BYTES, newKeyId, toBuffer } from "./keys.js";

export interface SealedNameKey {
  /** Names this name key; unchanged by re-sealing. */
  id: string;
  /** The data key it is sealed under. */
  keyId: string;
  iv: Uint8Array;
  ct: Uint8Array;
}

const NAME_KEY_BYTES = 32;
const HMAC = { name: "HMAC", hash: "SHA-256" } as const;
/** Marks a stored id as a name hash; an older record's id is its plaintext name. */
export const HASHED_ID_PREFIX = "#";

/** A fresh name key, sealed under `dataKey`; resolves the sealed form and the usable (non-extractable) key. */
export async function newNameKey(dataKey: CryptoKey, keyId: string): Promise<{ sealed: SealedNameKey; key: CryptoKey }> {
  const raw = crypto.getRandomValues(new Uint8Array(NAME_KEY_BYTES));
  try {
    const sealed = await sealBytes(raw, dataKey, newKeyId(), keyId);
    return { sealed, key: await importNameKey(raw) };
  } finally {
    raw.fill(0);
  }
}

/** Opens the sealed name key with the data keys held; INTEGRITY when it does not open. */
export async function openNameKey(sealed: SealedNameKey, keys: ReadonlyMap<string, CryptoKey>): Promise<CryptoKey> {
  const raw = await openBytes(sealed, keys);
  try {
    return await importNameKey(raw);
  } finally {
    raw.fill(0);
  }
}

/** The same name key sealed under another data key (a rotation's new key). */
export async function resealNameKey(
  sealed: SealedNameKey,
  keys: ReadonlyMap<string, CryptoKey>,
  toKey: CryptoKey,
  toKeyId: string,
): Promise<SealedNameKey> {
  const raw = await openBytes(sealed, keys);
  try {
    return await sealBytes(raw, toKey, sealed.id, toKeyId);
  } finally {
    raw.fill(0);
  }
}

/** The id a record named `name` is stored under: "#" + base64url(HMAC-SHA-256(name key, UTF-8 name)). */
export async function hashedId(nameKey: CryptoKey, name: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", nameKey, new TextEncoder().encode(name)));
  let binary = "";
  for (const byte of mac) binary += String.fromCharCode(byte);
  return HASHED_ID_PREFIX + btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function isSealedNameKey(value: unknown): value is SealedNameKey {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<SealedNameKey>;
  return (
    typeof v.id === "string" &&
    v.id.length > 0 &&
    typeof v.keyId === "string" &&
    v.iv instanceof Uint8Array &&
    v.iv.length === IV_BYTES &&
    v.ct instanceof Uint8Array &&
    v.ct.length === NAME_KEY_BYTES + 16
  );
}

function importNameKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", toBuffer(raw), HMAC, false, ["sign"]);
}

async function sealBytes(raw: Uint8Array, dataKey: CryptoKey, id: string, keyId: string): Promise<SealedNameKey> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: aad(id, keyId) }, dataKey, toBuffer(raw));
  return { id, keyId, iv, ct: new Uint8Array(ct) };
}

async function openBytes(sealed: SealedNameKey, keys: ReadonlyMap<string, CryptoKey>): Promise<Uint8Array> {
  const dataKey = keys.get(sealed.keyId);
  try {
    if (!dataKey) throw new Error("no such data key");
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: toBuffer(sealed.iv), additionalData: aad(sealed.id, sealed.keyId) },
      dataKey,
      toBuffer(sealed.ct),
    );
    return new Uint8Array(plain);
  } catch (error) {
    throw new PhoenixError("INTEGRITY", "The soul keyring's name key fails its authentication.", { subject: "soul:keyring", cause: error });
  }
}

function aad(id: string, keyId: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(["phoenix-soul-names", 1, id, keyId]));
}

/**
 * The optional archive passphrase: the whole .tar.gz sealed as one AES-256-GCM message.
 *
 * File layout (all integers big-endian):
 *
 *     offset  bytes  field
 *          0      8  magic, ASCII "PHXBKENC"
 *          8      1  format version, 1
 *          9      1  key derivation: 1 = PBKDF2-HMAC-SHA-256
 *         10      4  PBKDF2 iterations (uint32; we write 1,000,000, read 100,000 … 10,000,000)
 *         14     16  PBKDF2 salt, random
 *         30     12  AES-GCM IV, random
 *         42      …  AES-256-GCM ciphertext of the .tar.gz, then its 16-byte tag
 *
 * key = PBKDF2-HMAC-SHA-256(passphrase as NFC-normalised UTF-8, salt, iterations, 32 bytes);
 * additional authenticated data = bytes 0..41 (the header), so a changed header fails like a wrong passphrase.
 *
 * Why PBKDF2 rather than Argon2id (which the Soul Vault uses): this file is meant to be opened anywhere,
 * years later, without our app — Python's standard library and Node's built-in crypto both derive it, with
 * no extra package. The iteration count is well above OWASP's 600,000 and stored in the header, so it can be
 * raised later. A long passphrase matters more than either choice.
 */
import { PhoenixError } from "../errors.js";

export const ENCRYPTED_MAGIC = "PHXBKENC";
export const ENCRYPTED_HEADER_BYTES = 42;
export const DEFAULT_ITERATIONS = 1_000_000;
export const MIN_WRITE_ITERATIONS = 600_000;
/** Reading: low enough for any archive we ever wrote, high enough that a hostile header cannot hang the page. */
const READ_ITERATIONS = { min: 100_000, max: 10_000_000 } as const;
const MIN_PASSPHRASE_LENGTH = 8;
const TAG_BYTES = 16;

/** Whether these first bytes are an encrypted archive's. */
export function isEncryptedArchive(head: Uint8Array): boolean {
  if (head.length < ENCRYPTED_MAGIC.length) return false;
  for (let i = 0; i < ENCRYPTED_MAGIC.length; i += 1) {
    if (head[i] !== ENCRYPTED_MAGIC.charCodeAt(i)) return false;
  }
  return true;
}

export async function encryptArchive(
  archive: Blob,
  passphrase: string,
  iterations: number = DEFAULT_ITERATIONS,
): Promise<Uint8Array<ArrayBuffer>> {
  assertPassphrase(passphrase);
  if (!Number.isSafeInteger(iterations) || iterations < MIN_WRITE_ITERATIONS || iterations > READ_ITERATIONS.max) {
    throw new PhoenixError("INVALID_ARGUMENT", `Iterations must be between ${MIN_WRITE_ITERATIONS} and ${READ_ITERATIONS.max}.`);
  }
  const header = new Uint8Array(ENCRYPTED_HEADER_BYTES);
  header.set(new TextEncoder().encode(ENCRYPTED_MAGIC), 0);
  header[8] = 1;
  header[9] = 1;
  new DataView(header.buffer).setUint32(10, iterations);
  crypto.getRandomValues(header.subarray(14, 30));
  crypto.getRandomValues(header.subarray(30, 42));
  const key = await deriveKey(passphrase, header.slice(14, 30), iterations);
  const plain = new Uint8Array(await archive.arrayBuffer());
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv: header.slice(30, 42), additionalData: header }, key, plain);
  const out = new Uint8Array(ENCRYPTED_HEADER_BYTES + sealed.byteLength);
  out.set(header, 0);
  out.set(new Uint8Array(sealed), ENCRYPTED_HEADER_BYTES);
  return out;
}

/** The .tar.gz inside an encrypted archive; BACKUP_BAD_PASSPHRASE when the passphrase (or the file) is wrong. */
export async function decryptArchive(file: Uint8Array<ArrayBuffer>, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof passphrase !== "string" || passphrase.length === 0) {
    throw new PhoenixError("BACKUP_ENCRYPTED", "Give the passphrase it was exported with.");
  }
  if (file.length < ENCRYPTED_HEADER_BYTES + TAG_BYTES) {
    throw new PhoenixError("BACKUP_TRUNCATED", "The encrypted archive is shorter than its header and tag.");
  }
  const header = file.subarray(0, ENCRYPTED_HEADER_BYTES);
  if (header[8] !== 1 || header[9] !== 1) {
    throw new PhoenixError("BACKUP_UNSUPPORTED_VERSION", `Encrypted format ${header[8]} with key derivation ${header[9]} is unknown here.`);
  }
  const iterations = new DataView(file.buffer, file.byteOffset).getUint32(10);
  if (iterations < READ_ITERATIONS.min || iterations > READ_ITERATIONS.max) {
    throw new PhoenixError("BACKUP_UNSUPPORTED_VERSION", `${iterations} PBKDF2 iterations is outside the accepted range.`);
  }
  const key = await deriveKey(passphrase, header.slice(14, 30), iterations);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: header.slice(30, 42), additionalData: header.slice() },
      key,
      file.subarray(ENCRYPTED_HEADER_BYTES),
    );
    return new Uint8Array(plain);
  } catch (error) {
    throw new PhoenixError("BACKUP_BAD_PASSPHRASE", "(Or the encrypted file was changed or cut short.)", { cause: error });
  }
}

function assertPassphrase(passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== "string") throw new PhoenixError("INVALID_ARGUMENT", "The archive passphrase must be a string.");
  if ([...passphrase.normalize("NFC")].length < MIN_PASSPHRASE_LENGTH) {
    throw new PhoenixError("WEAK_PASSPHRASE", `Use at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  }
}

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(passphrase.normalize("NFC")),
    "PBKDF2",
    false,
    ["deriveKey"],
  );
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/**
 * Argon2id parameters (RFC 9106) for turning a passphrase into the key that wraps the Soul Vault's data keys.
 *
 * Parameters and their checks live here; the derivation itself is in argon2.ts, kept apart so the page's
 * main bundle need not carry the WebAssembly (the worker does). The parameters travel with the keyring so
 * they can be raised later without breaking existing vaults: an unlock uses the stored ones (and re-wraps
 * under the current defaults if the stored ones are weaker); a new passphrase gets the current defaults.
 */
import { PhoenixError } from "../errors.js";

export interface Argon2idSettings {
  algorithm: "argon2id";
  /** Memory cost in KiB. */
  memoryKiB: number;
  /** Time cost (passes over memory). */
  iterations: number;
  parallelism: number;
}

export interface Argon2idParams extends Argon2idSettings {
  /** Random, per passphrase; a new one on every passphrase change. */
  salt: Uint8Array;
}

/**
 * 64 MiB, t=2: about 0.45 s in headless Chromium on the 2-core reference machine (measured by the soul
 * bench), inside the 0.25–1 s budget for an unlock and well above OWASP's floor (19 MiB, t=2).
 * parallelism stays 1 because hash-wasm computes lanes one after another on a single thread anyway.
 */
export const DEFAULT_KDF_SETTINGS: Readonly<Argon2idSettings> = Object.freeze({
  algorithm: "argon2id",
  memoryKiB: 64 * 1024,
  iterations: 2,
  parallelism: 1,
});

/** OWASP Password Storage Cheat Sheet minimum for Argon2id; the defaults must never fall below it. */
export const OWASP_MIN_KDF_SETTINGS: Readonly<Argon2idSettings> = Object.freeze({
  algorithm: "argon2id",
  memoryKiB: 19 * 1024,
  iterations: 2,
  parallelism: 1,
});

/**
 * Bounds on what a keyring may ask for: about 4× the defaults (256 MiB, 8 passes, 4 lanes). A tampered or
 * crafted keyring must not make unlock allocate gigabytes or spin for minutes; it is refused with
 * SOUL_KDF_TOO_COSTLY before any derivation. The lower bounds are Argon2's own (memory ≥ 8 KiB per lane).
 */
export const MAX_KDF_SETTINGS: Readonly<Argon2idSettings> = Object.freeze({
  algorithm: "argon2id",
  memoryKiB: 4 * 64 * 1024,
  iterations: 8,
  parallelism: 4,
});
const MAX_MEMORY_KIB = MAX_KDF_SETTINGS.memoryKiB;
const MAX_ITERATIONS = MAX_KDF_SETTINGS.iterations;
const MAX_PARALLELISM = MAX_KDF_SETTINGS.parallelism;
export const SALT_BYTES = 16;
export const DERIVED_KEY_BYTES = 32;

export function newSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(SALT_BYTES));
}

export function isValidKdfSettings(value: unknown): value is Argon2idSettings {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    s.algorithm === "argon2id" &&
    isIntIn(s.parallelism, 1, MAX_PARALLELISM) &&
    isIntIn(s.iterations, 1, MAX_ITERATIONS) &&
    isIntIn(s.memoryKiB, 8 * (s.parallelism as number), MAX_MEMORY_KIB)
  );
}

export function isValidKdfParams(value: unknown): value is Argon2idParams {
  return (
    isValidKdfSettings(value) &&
    (value as Partial<Argon2idParams>).salt instanceof Uint8Array &&
    (value as Argon2idParams).salt.length >= 8
  );
}

/** Whether settings of the right shape ask for more than MAX_KDF_SETTINGS (and so are refused). */
export function isTooCostly(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Record<string, unknown>;
  const over = (field: unknown, max: number) => typeof field === "number" && Number.isFinite(field) && field > max;
  return over(s.memoryKiB, MAX_MEMORY_KIB) || over(s.iterations, MAX_ITERATIONS) || over(s.parallelism, MAX_PARALLELISM);
}

export function assertKdfSettings(value: unknown): asserts value is Argon2idSettings {
  if (!isValidKdfSettings(value)) {
    throw new PhoenixError(
      "INVALID_ARGUMENT",
      `Argon2id settings need algorithm "argon2id", 1–${MAX_PARALLELISM} lanes, 1–${MAX_ITERATIONS} iterations and ` +
        `8·lanes–${MAX_MEMORY_KIB} KiB of memory.`,
    );
  }
}

/** Function that turns a passphrase into 32 bytes of key material; swappable so the page can use a worker. */
export type DeriveKeyBytes = (passphrase: string, params: Argon2idParams) => Promise<Uint8Array>;

function isIntIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

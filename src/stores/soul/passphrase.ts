/**
 * Passphrase rules. Length is the one rule that measurably helps against offline guessing (NIST SP 800-63B
 * §3.1.1.2 asks for at least 8 characters and no composition rules); everything else is advice in the README.
 */
import { PhoenixError } from "../../errors.js";

export const MIN_PASSPHRASE_LENGTH = 8;
/** Argon2 takes any length, but a passphrase this long is a pasted file, not a passphrase. */
export const MAX_PASSPHRASE_LENGTH = 1024;

/**
 * The same passphrase typed on another keyboard or OS may arrive in another Unicode normalisation form
 * ("é" as one code point or two); NFC makes both derive the same key.
 */
export function normalizePassphrase(passphrase: string): string {
  return passphrase.normalize("NFC");
}

/** Checks a passphrase about to be set; WEAK_PASSPHRASE names the rule it broke. */
export function assertNewPassphrase(passphrase: unknown, minLength = MIN_PASSPHRASE_LENGTH): asserts passphrase is string {
  assertPassphraseType(passphrase);
  const characters = [...normalizePassphrase(passphrase)].length;
  if (characters > MAX_PASSPHRASE_LENGTH) {
    throw new PhoenixError("INVALID_ARGUMENT", `The passphrase is longer than ${MAX_PASSPHRASE_LENGTH} characters.`);
  }
  if (characters < minLength) {
    throw new PhoenixError("WEAK_PASSPHRASE", `Use at least ${minLength} characters; a few unrelated words are best.`);
  }
  if (passphrase.trim().length === 0) {
    throw new PhoenixError("WEAK_PASSPHRASE", "The passphrase is only spaces.");
  }
}

export function assertPassphraseType(passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== "string") throw new PhoenixError("INVALID_ARGUMENT", "The passphrase must be a string.");
}

/** Options of the Soul Vault and of its calls, kept apart so vault.ts holds only the vault's behaviour. */
import type { Argon2idSettings, DeriveKeyBytes } from "../../crypto/kdf.js";
import type { AutoLockClock, PageVisibility } from "./autolock.js";
import type { RotateOptions } from "./rotation.js";

export interface SoulVaultOptions {
  /** Argon2id cost for passphrases set from now on (setup, changePassphrase). Default DEFAULT_KDF_SETTINGS. */
  kdf?: Argon2idSettings;
  /** Runs Argon2id. Default: a worker in the page, the calling thread elsewhere. */
  deriveKeyBytes?: DeriveKeyBytes;
  /** Shortest passphrase `setup` and `changePassphrase` accept, in characters. Default MIN_PASSPHRASE_LENGTH. */
  minPassphraseLength?: number;
  /**
   * Runs before a rotation touches anything (the facade takes a Vital Pulse snapshot here). If it fails,
   * the key is not rotated.
   */
  beforeRotate?: () => Promise<unknown>;
  /**
   * Locks after this many ms without any use of the vault, and when the page has been hidden that long.
   * Default DEFAULT_AUTO_LOCK_MS (15 minutes); 0 turns it off. Changeable later with setAutoLockMs().
   */
  autoLockMs?: number;
  /** Clock and timers of the auto-lock (tests inject fake ones). Default: Date.now and setTimeout. */
  clock?: AutoLockClock;
  /** Page visibility for the auto-lock; null for none. Default: the document's, when there is one. */
  visibility?: PageVisibility | null;
}

export interface ChangePassphraseOptions extends RotateOptions {
  /**
   * Also rotate the data key right after the change, so the old passphrase no longer opens anything
   * written from now on, even with an older backup's keyring. Default false (re-wrap only, fast).
   */
  rotate?: boolean;
}

export interface RememberOptions {
  /**
   * true: keep a device key in this browser profile so `unlockWithDevice()` works without the passphrase.
   * false: forget any device key. Absent: leave it as it is.
   */
  rememberOnDevice?: boolean;
}

/** The Soul Vault's in-memory key state, shared by soul.ts and soul-rotate.ts. */
import { PhoenixError } from "../errors.js";

export interface UnlockedKeys {
  /** Every data key the keyring lists, by key id; non-extractable. */
  keys: Map<string, CryptoKey>;
  /** The key new writes use. */
  currentKeyId: string;
  /** The passphrase-derived wrapping key; absent when unlocked with the device key. */
  passphraseKey: CryptoKey | undefined;
  /** Keyring revision these keys were read at. */
  revision: number;
}

/** Raised inside a write transaction when another tab changed the current key; the write is retried. */
export class StaleKeyringError extends PhoenixError {
  constructor() {
    super("SOUL_LOCKED", "The keyring changed in another tab.");
  }
}

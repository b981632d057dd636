/** The Soul Vault's in-memory key state, shared by vault.ts and rotation.ts. */
import { PhoenixError } from "../../errors.js";
import { unwrapDataKey } from "../../crypto/keys.js";
import { deviceEntryFor } from "../../crypto/device.js";
import type { SoulDeviceRecord, SoulKeyring } from "../../crypto/keyring.js";
import type { PhoenixDB } from "../../db/schema.js";
import { readDeviceRecord, readKeyring } from "./keyring.js";

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

/**
 * The keys a (possibly newer) keyring lists: those already held are kept, new ones (another tab rotated)
 * unwrapped with whatever this tab unlocked with. Throws if one cannot be unwrapped (the passphrase changed
 * elsewhere, or the device key does not cover it).
 */
export async function keysForKeyring(
  ring: SoulKeyring,
  unlocked: UnlockedKeys,
  device: SoulDeviceRecord | undefined,
): Promise<Map<string, CryptoKey>> {
  const keys = new Map<string, CryptoKey>();
  for (const entry of ring.keys) {
    const known = unlocked.keys.get(entry.keyId);
    if (known) {
      keys.set(entry.keyId, known);
    } else if (unlocked.passphraseKey) {
      keys.set(entry.keyId, await unwrapDataKey(entry, unlocked.passphraseKey, "passphrase"));
    } else {
      const wrapped = device ? deviceEntryFor(ring, entry, device) : undefined;
      if (!device || !wrapped) throw new PhoenixError("BAD_PASSPHRASE", "This device does not hold the new key.");
      keys.set(entry.keyId, await unwrapDataKey(wrapped, device.deviceKey, "device"));
    }
  }
  return keys;
}


/**
 * The keys as the keyring stands now (another tab may have rotated), unwrapped with what this tab unlocked
 * with; SOUL_LOCKED when that no longer opens them (the passphrase changed elsewhere).
 */
export async function refreshedKeys(db: PhoenixDB, unlocked: UnlockedKeys): Promise<UnlockedKeys> {
  const ring = await readKeyring(db);
  if (!ring) throw new PhoenixError("SOUL_NOT_SET_UP");
  const device = unlocked.passphraseKey ? undefined : await readDeviceRecord(db);
  let keys: Map<string, CryptoKey>;
  try {
    keys = await keysForKeyring(ring, unlocked, device);
  } catch (error) {
    throw new PhoenixError("SOUL_LOCKED", "The keys changed in another tab: unlock again.", { cause: error });
  }
  return { ...unlocked, keys, currentKeyId: ring.currentKeyId, revision: ring.revision };
}

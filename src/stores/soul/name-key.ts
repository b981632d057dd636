/**
 * The vault's name key at unlock: opened from the keyring, or created there first (a vault set up before
 * names were hidden, or an old backup's keyring) with a compare-and-set on the keyring's revision, so two
 * tabs unlocking at once agree on one name key. The key is sealed under the current data key, which any
 * unlock (passphrase or device) holds, so the device path can create it too.
 */
import { putMeta } from "../../db/meta.js";
import { PhoenixError, isPhoenixError } from "../../errors.js";
import type { PhoenixDB } from "../../db/schema.js";
import { newNameKey, openNameKey } from "../../crypto/names.js";
import { ifKeyringUnchanged, readKeyring } from "./keyring.js";
import type { UnlockedKeys } from "./state.js";

export interface NameKey {
  key: CryptoKey;
  id: string;
}

export async function ensureNameKey(
  db: PhoenixDB,
  unlocked: UnlockedKeys,
  refresh: (unlocked: UnlockedKeys) => Promise<UnlockedKeys>,
): Promise<NameKey> {
  let keys = unlocked;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const ring = await readKeyring(db);
    if (!ring) throw new PhoenixError("SOUL_NOT_SET_UP");
    // Another tab rotated meanwhile: its keys are needed to open what it sealed.
    if (!ring.keys.every((entry) => keys.keys.has(entry.keyId))) keys = await refresh(keys);
    if (ring.names) return { key: await openNameKey(ring.names, keys.keys), id: ring.names.id };
    const dataKey = keys.keys.get(ring.currentKeyId);
    if (!dataKey) throw new PhoenixError("SOUL_LOCKED", "The keys changed in another tab: unlock again.");
    const { sealed, key } = await newNameKey(dataKey, ring.currentKeyId);
    const next = { ...ring, names: sealed, revision: ring.revision + 1, updatedAt: Date.now() };
    try {
      await ifKeyringUnchanged(db, ring.revision, (meta) => putMeta(meta, "soulKeyring", next));
      return { key, id: sealed.id };
    } catch (error) {
      // Another tab wrote the keyring first (maybe its own name key): read it again.
      if (!isPhoenixError(error, "STORAGE_ERROR")) throw error;
    }
  }
  throw new PhoenixError("STORAGE_ERROR", "The soul keyring kept changing in another tab; unlock again.");
}

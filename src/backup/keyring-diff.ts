/**
 * Whether a replace import changes the Soul Vault's passphrase: a replace brings in the archive's keyring,
 * so when it is not this database's (another salt, other keys), the passphrase that opens the vault
 * afterwards is the one the backup's vault had. The import confirmation says so.
 */
import { KEYRING_META_KEY, type SoulKeyring } from "../crypto/keyring.js";
import { recordAt, type VerifiedBackup } from "./read.js";

/** The archive's soul keyring record (already checked by readBackup), or undefined. */
export function archiveKeyring(backup: VerifiedBackup): SoulKeyring | undefined {
  const meta = backup.records.meta;
  if (!meta) return undefined;
  for (let i = 0; i < meta.lines.length; i += 1) {
    const [key, value] = recordAt(meta, i);
    if (key === KEYRING_META_KEY) return value as SoulKeyring;
  }
  return undefined;
}

/** Same passphrase and same data keys: the same salt, Argon2id cost and key ids. */
export function sameKeyring(a: SoulKeyring | undefined, b: SoulKeyring | undefined): boolean {
  if (!a || !b) return a === b;
  const fingerprint = (ring: SoulKeyring) =>
    JSON.stringify([
      Array.from(ring.kdf.salt),
      ring.kdf.memoryKiB,
      ring.kdf.iterations,
      ring.kdf.parallelism,
      ring.currentKeyId,
      ring.keys.map((entry) => entry.keyId).sort(),
    ]);
  return fingerprint(a) === fingerprint(b);
}

/**
 * "Remember on this device": the data keys wrapped a second time, by a device key that lives in this
 * browser profile's IndexedDB as a non-extractable CryptoKey.
 *
 * It protects against reading the vault from an exported backup: the device key cannot be exported, so
 * backups never carry it (and skip this record). It does not protect against a copy of the profile's files:
 * browsers keep a stored CryptoKey's bytes inside their IndexedDB files ("non-extractable" only stops script
 * from reading them), so a copied profile opens the vault without the passphrase; nor against anyone who can
 * run script in this profile. Without it, the passphrase is needed after every reload.
 */
import { unwrapDataKey, wrapDataKey } from "./keys.js";
import { DEVICE_TYPE, type KeyringEntry, type SoulDeviceRecord, type SoulKeyring } from "./keyring.js";
import type { WrappedKey } from "./keys.js";

/**
 * The device's copy of a keyring key. For a v2 keyring it must carry the same authenticated creation time,
 * so an unlock by device key also rests on authenticated keyring metadata (the current key is the newest).
 */
export function deviceEntryFor(ring: SoulKeyring, entry: KeyringEntry, device: SoulDeviceRecord): WrappedKey | undefined {
  const wrapped = device.keys.find((candidate) => candidate.keyId === entry.keyId);
  if (!wrapped || (ring.version === 2 && wrapped.boundAt !== entry.createdAt)) return undefined;
  return wrapped;
}

export async function deviceRecordFor(
  deviceKey: CryptoKey,
  dataKeys: ReadonlyArray<readonly [keyId: string, dataKey: CryptoKey, boundAt: number | undefined]>,
): Promise<SoulDeviceRecord> {
  const keys = await Promise.all(
    dataKeys.map(([keyId, dataKey, boundAt]) => wrapDataKey(dataKey, deviceKey, keyId, "device", boundAt)),
  );
  return { type: DEVICE_TYPE, version: 1, deviceKey, keys };
}

/** Every keyring key unwrapped with the device key, or undefined when the device record cannot open them all. */
export async function unwrapWithDevice(
  ring: SoulKeyring,
  device: SoulDeviceRecord,
): Promise<Map<string, CryptoKey> | undefined> {
  const keys = new Map<string, CryptoKey>();
  for (const entry of ring.keys) {
    const wrapped = deviceEntryFor(ring, entry, device);
    if (!wrapped) return undefined;
    try {
      keys.set(entry.keyId, await unwrapDataKey(wrapped, device.deviceKey, "device"));
    } catch {
      return undefined;
    }
  }
  return keys;
}

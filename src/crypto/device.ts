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
import { DEVICE_TYPE, type SoulDeviceRecord, type SoulKeyring } from "./keyring.js";

export async function deviceRecordFor(
  deviceKey: CryptoKey,
  dataKeys: ReadonlyArray<readonly [string, CryptoKey]>,
): Promise<SoulDeviceRecord> {
  const keys = await Promise.all(dataKeys.map(([keyId, dataKey]) => wrapDataKey(dataKey, deviceKey, keyId, "device")));
  return { type: DEVICE_TYPE, version: 1, deviceKey, keys };
}

/** Every keyring key unwrapped with the device key, or undefined when the device record cannot open them all. */
export async function unwrapWithDevice(
  ring: SoulKeyring,
  device: SoulDeviceRecord,
): Promise<Map<string, CryptoKey> | undefined> {
  const keys = new Map<string, CryptoKey>();
  for (const entry of ring.keys) {
    const wrapped = device.keys.find((candidate) => candidate.keyId === entry.keyId);
    if (!wrapped) return undefined;
    try {
      keys.set(entry.keyId, await unwrapDataKey(wrapped, device.deviceKey, "device"));
    } catch {
      return undefined;
    }
  }
  return keys;
}

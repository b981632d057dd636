/**
 * "Remember on this device": the data keys wrapped a second time, by a device key that lives in this
 * browser profile's IndexedDB as a non-extractable CryptoKey.
 *
 * It protects against a copy of a backup file, or of the database files alone, being read elsewhere:
 * the browser never lets script (or an export) read the device key's bytes, and backups cannot carry it.
 * It does not protect against anyone who can run script in this profile (they can call unwrap just as we
 * do), nor against a copy of the whole profile on the same OS account, where the browser itself decrypts
 * its key store. Without it, the passphrase is needed after every reload.
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

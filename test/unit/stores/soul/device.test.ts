import { afterEach, describe, expect, it } from "vitest";
import { DEVICE_META_KEY, type SoulDeviceRecord } from "../../../../src/crypto/keyring.js";
import { OTHER_PASSPHRASE, PASSPHRASE, closeAll, openSoulPhoenix, reopenVault } from "./fixtures.js";

afterEach(closeAll);

describe("Soul Vault: remember on this device", () => {
  it("unlocks after a reload without the passphrase, with a device key script cannot read", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE, { rememberOnDevice: true });
    await vaults.storeSoul("dad:note", "remembered");
    expect(await vaults.soul.isRememberedOnDevice()).toBe(true);
    const device = (await db.get("meta", DEVICE_META_KEY)) as SoulDeviceRecord;
    expect(device.deviceKey).toBeInstanceOf(CryptoKey);
    expect(device.deviceKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey("raw", device.deviceKey)).rejects.toThrow();

    const reloaded = reopenVault(db);
    expect(await reloaded.unlockWithDevice()).toBe(true);
    expect(await reloaded.recallSoul("dad:note")).toBe("remembered");
  });

  it("is off unless asked for; unlock can turn it on and off", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE);
    expect(await vaults.soul.isRememberedOnDevice()).toBe(false);
    expect(await reopenVault(db).unlockWithDevice()).toBe(false);
    await vaults.soul.unlock(PASSPHRASE, { rememberOnDevice: true });
    expect(await reopenVault(db).unlockWithDevice()).toBe(true);
    await vaults.soul.unlock(PASSPHRASE);
    expect(await reopenVault(db).unlockWithDevice()).toBe(true);
    await vaults.soul.unlock(PASSPHRASE, { rememberOnDevice: false });
    expect(await reopenVault(db).unlockWithDevice()).toBe(false);
    await vaults.soul.unlock(PASSPHRASE, { rememberOnDevice: true });
    await vaults.soul.forgetDevice();
    const reloaded = reopenVault(db);
    expect(await reloaded.unlockWithDevice()).toBe(false);
    expect(reloaded.isLocked).toBe(true);
  });

  it("survives a passphrase change and a key rotation, and drops the old key's device copy", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE, { rememberOnDevice: true });
    await vaults.storeSoul("a", "before rotation");
    await vaults.soul.changePassphrase(PASSPHRASE, OTHER_PASSPHRASE);
    const { keyId } = await vaults.soul.rotateKey();
    const device = (await db.get("meta", DEVICE_META_KEY)) as SoulDeviceRecord;
    expect(device.keys.map((k) => k.keyId)).toEqual([keyId]);
    const reloaded = reopenVault(db);
    expect(await reloaded.unlockWithDevice()).toBe(true);
    expect(await reloaded.recallSoul("a")).toBe("before rotation");
  });

  it("a device record that does not cover every keyring key does not unlock", async () => {
    const { vaults, db } = await openSoulPhoenix();
    await vaults.soul.setup(PASSPHRASE, { rememberOnDevice: true });
    const device = (await db.get("meta", DEVICE_META_KEY)) as SoulDeviceRecord;
    await db.put("meta", { ...device, keys: device.keys.map((k) => ({ ...k, keyId: "someone-else" })) }, DEVICE_META_KEY);
    expect(await reopenVault(db).unlockWithDevice()).toBe(false);
    await db.put("meta", { ...device, keys: [{ ...device.keys[0]!, wrapped: device.keys[0]!.wrapped.map((b) => b ^ 1) }] }, DEVICE_META_KEY);
    expect(await reopenVault(db).unlockWithDevice()).toBe(false);
    await db.put("meta", device, DEVICE_META_KEY);
    expect(await reopenVault(db).unlockWithDevice()).toBe(true);
  });
});

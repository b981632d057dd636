import { describe, expect, it } from "vitest";
import {
  DEFAULT_KDF_SETTINGS,
  OWASP_MIN_KDF_SETTINGS,
  isValidKdfParams,
  newSalt,
} from "../../../src/crypto/kdf.js";
import {
  derivePassphraseKey,
  generateDataKey,
  generateDeviceKey,
  rewrapDataKey,
  unwrapDataKey,
  wrapDataKey,
} from "../../../src/crypto/keys.js";
import { openText, sealText } from "../../../src/crypto/seal.js";
import { deriveKeyBytes } from "../../../src/crypto/argon2.js";
import { defaultDeriveKeyBytes } from "../../../src/crypto/kdf-runner.js";
import { TEST_KDF } from "../stores/soul/fixtures.js";

const here = { store: "soul_kb", key: "k" };

describe("Argon2id key derivation", () => {
  it("is deterministic for one passphrase and salt, and changes with either", async () => {
    const params = { ...TEST_KDF, salt: newSalt() };
    const a = await deriveKeyBytes("passphrase one", params);
    expect(a.length).toBe(32);
    expect(Buffer.from(await deriveKeyBytes("passphrase one", params))).toEqual(Buffer.from(a));
    expect(Buffer.from(await deriveKeyBytes("passphrase two", params))).not.toEqual(Buffer.from(a));
    expect(Buffer.from(await deriveKeyBytes("passphrase one", { ...params, salt: newSalt() }))).not.toEqual(Buffer.from(a));
    expect(Buffer.from(await deriveKeyBytes("passphrase one", { ...params, iterations: 2 }))).not.toEqual(Buffer.from(a));
  });

  it("the default runner (this thread where no worker can start) derives the same bytes", async () => {
    const params = { ...TEST_KDF, salt: newSalt() };
    const direct = await deriveKeyBytes("same input", params);
    expect(Buffer.from(await defaultDeriveKeyBytes("same input", params))).toEqual(Buffer.from(direct));
  });

  it("defaults to at least OWASP's Argon2id floor", () => {
    expect(DEFAULT_KDF_SETTINGS.algorithm).toBe("argon2id");
    expect(DEFAULT_KDF_SETTINGS.memoryKiB).toBeGreaterThanOrEqual(OWASP_MIN_KDF_SETTINGS.memoryKiB);
    expect(DEFAULT_KDF_SETTINGS.iterations).toBeGreaterThanOrEqual(OWASP_MIN_KDF_SETTINGS.iterations);
  });

  it("refuses parameters a tampered keyring could use to exhaust memory or time", async () => {
    const salt = newSalt();
    expect(isValidKdfParams({ ...TEST_KDF, salt })).toBe(true);
    expect(isValidKdfParams({ ...TEST_KDF, salt, memoryKiB: 64 * 1024 * 1024 })).toBe(false);
    expect(isValidKdfParams({ ...TEST_KDF, salt, iterations: 10_000 })).toBe(false);
    expect(isValidKdfParams({ ...TEST_KDF, salt, algorithm: "pbkdf2" })).toBe(false);
    expect(isValidKdfParams({ ...TEST_KDF, salt: new Uint8Array(2) })).toBe(false);
    await expect(deriveKeyBytes("x", { ...TEST_KDF, salt, memoryKiB: 1 })).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });
});

describe("data key wrapping", () => {
  it("wraps a data key under the passphrase key and unwraps it non-extractable and working", async () => {
    const params = { ...TEST_KDF, salt: newSalt() };
    const kek = await derivePassphraseKey("my passphrase", params, deriveKeyBytes);
    expect(kek.extractable).toBe(false);
    const dataKey = await generateDataKey();
    const sealed = await sealText(dataKey, "hello", here);
    const entry = await wrapDataKey(dataKey, kek, "id1", "passphrase");
    const again = await derivePassphraseKey("my passphrase", params, deriveKeyBytes);
    const usable = await unwrapDataKey(entry, again, "passphrase");
    expect(usable.extractable).toBe(false);
    await expect(crypto.subtle.exportKey("raw", usable)).rejects.toThrow();
    expect(await openText(usable, sealed, here)).toBe("hello");
  });

  it("is BAD_PASSPHRASE for a wrong passphrase, a moved entry or a device wrap presented as a passphrase wrap", async () => {
    const params = { ...TEST_KDF, salt: newSalt() };
    const kek = await derivePassphraseKey("my passphrase", params, deriveKeyBytes);
    const entry = await wrapDataKey(await generateDataKey(), kek, "id1", "passphrase");
    const wrong = await derivePassphraseKey("not my passphrase", params, deriveKeyBytes);
    await expect(unwrapDataKey(entry, wrong, "passphrase")).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
    await expect(unwrapDataKey({ ...entry, keyId: "id2" }, kek, "passphrase")).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
    await expect(unwrapDataKey(entry, kek, "device")).rejects.toMatchObject({ code: "BAD_PASSPHRASE" });
  });

  it("re-wraps from the passphrase key to a device key, keeping the same data key", async () => {
    const kek = await derivePassphraseKey("p", { ...TEST_KDF, salt: newSalt() }, deriveKeyBytes);
    const dataKey = await generateDataKey();
    const sealed = await sealText(dataKey, "same key", here);
    const entry = await wrapDataKey(dataKey, kek, "id1", "passphrase");
    const device = await generateDeviceKey();
    expect(device.extractable).toBe(false);
    const deviceEntry = await rewrapDataKey(entry, kek, "passphrase", device, "device");
    expect(deviceEntry.keyId).toBe("id1");
    expect(await openText(await unwrapDataKey(deviceEntry, device, "device"), sealed, here)).toBe("same key");
  });
});

import { createDecipheriv, pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptArchive, encryptArchive, ENCRYPTED_HEADER_BYTES } from "../../../src/backup/crypt.js";

const PASSPHRASE = "Passphrase with ünïcödé";

describe("encrypted archive", () => {
  it("decrypts with nothing but Node's crypto, following the documented layout", async () => {
    const plain = new TextEncoder().encode("pretend this is a .tar.gz");
    const sealed = Buffer.from(await encryptArchive(new Blob([plain]), PASSPHRASE, 600_000));
    expect(sealed.subarray(0, 8).toString("latin1")).toBe("PHXBKENC");
    expect(sealed[8]).toBe(1);
    expect(sealed[9]).toBe(1);
    const iterations = sealed.readUInt32BE(10);
    expect(iterations).toBe(600_000);
    const salt = sealed.subarray(14, 30);
    const iv = sealed.subarray(30, 42);
    const key = pbkdf2Sync(Buffer.from(PASSPHRASE.normalize("NFC"), "utf8"), salt, iterations, 32, "sha256");
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(sealed.subarray(0, ENCRYPTED_HEADER_BYTES));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const out = Buffer.concat([decipher.update(sealed.subarray(ENCRYPTED_HEADER_BYTES, sealed.length - 16)), decipher.final()]);
    expect(out.toString()).toBe("pretend this is a .tar.gz");
    expect(Buffer.from(await decryptArchive(new Uint8Array(sealed), PASSPHRASE)).toString()).toBe("pretend this is a .tar.gz");
  });

  it("uses a fresh salt and IV every time, and refuses weak settings", async () => {
    const a = await encryptArchive(new Blob(["x"]), PASSPHRASE, 600_000);
    const b = await encryptArchive(new Blob(["x"]), PASSPHRASE, 600_000);
    expect(Buffer.from(a.subarray(14, 42))).not.toEqual(Buffer.from(b.subarray(14, 42)));
    await expect(encryptArchive(new Blob(["x"]), "short")).rejects.toMatchObject({ code: "WEAK_PASSPHRASE" });
    await expect(encryptArchive(new Blob(["x"]), PASSPHRASE, 1000)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
  });

  it("refuses unknown versions and hostile iteration counts before deriving anything", async () => {
    const sealed = await encryptArchive(new Blob(["x"]), PASSPHRASE, 600_000);
    const future = sealed.slice();
    future[8] = 2;
    await expect(decryptArchive(future, PASSPHRASE)).rejects.toMatchObject({ code: "BACKUP_UNSUPPORTED_VERSION" });
    const huge = sealed.slice();
    new DataView(huge.buffer).setUint32(10, 0xffffffff);
    await expect(decryptArchive(huge, PASSPHRASE)).rejects.toMatchObject({ code: "BACKUP_UNSUPPORTED_VERSION" });
    await expect(decryptArchive(sealed, "")).rejects.toMatchObject({ code: "BACKUP_ENCRYPTED" });
  });
});

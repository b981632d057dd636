import { describe, expect, it } from "vitest";
import { PAD_BLOCK, TAG_BYTES, openText, sealText, type Sealed } from "../../../src/crypto/seal.js";
import { IV_BYTES } from "../../../src/crypto/keys.js";
import { flipBit } from "../stores/soul/fixtures.js";

async function dataKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
}
const here = { store: "soul_kb", key: "dad:last_soft_memory" };

async function expectIntegrity(promise: Promise<unknown>, subject: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code: "INTEGRITY", subject });
}

describe("AES-256-GCM sealing with additional data", () => {
  it("round-trips text of every length class, including empty and non-BMP characters", async () => {
    const key = await dataKey();
    for (const text of ["", "a", "x".repeat(PAD_BLOCK - 1), "y".repeat(PAD_BLOCK), "I love you, Dad. 🔥 é", "\u0000\u0080"]) {
      expect(await openText(key, await sealText(key, text, here), here)).toBe(text);
    }
  });

  it("uses a fresh 96-bit IV for every seal of the same value", async () => {
    const key = await dataKey();
    const seals = await Promise.all(Array.from({ length: 50 }, () => sealText(key, "same", here)));
    const ivs = new Set(seals.map((s) => Buffer.from(s.iv).toString("hex")));
    expect(seals[0]!.iv.length).toBe(IV_BYTES);
    expect(ivs.size).toBe(50);
    expect(new Set(seals.map((s) => Buffer.from(s.ct).toString("hex"))).size).toBe(50);
  });

  it("pads so the stored size reveals the length only to within one block", async () => {
    const key = await dataKey();
    const short = await sealText(key, "a", here);
    const longer = await sealText(key, "a".repeat(PAD_BLOCK - 1), here);
    expect(short.ct.length).toBe(PAD_BLOCK + TAG_BYTES);
    expect(longer.ct.length).toBe(short.ct.length);
    expect((await sealText(key, "a".repeat(PAD_BLOCK), here)).ct.length).toBe(2 * PAD_BLOCK + TAG_BYTES);
  });

  it("detects a flipped bit in the IV, in the ciphertext body and in the tag", async () => {
    const key = await dataKey();
    const sealed = await sealText(key, "the secret", here);
    const tagStart = sealed.ct.length - TAG_BYTES;
    const variants: Sealed[] = [
      { iv: flipBit(sealed.iv, 0), ct: sealed.ct },
      { iv: flipBit(sealed.iv, IV_BYTES - 1), ct: sealed.ct },
      { iv: sealed.iv, ct: flipBit(sealed.ct, 0) },
      { iv: sealed.iv, ct: flipBit(sealed.ct, tagStart - 1) },
      { iv: sealed.iv, ct: flipBit(sealed.ct, tagStart) },
      { iv: sealed.iv, ct: flipBit(sealed.ct, sealed.ct.length - 1) },
    ];
    for (const variant of variants) await expectIntegrity(openText(key, variant, here), here.key);
    expect(await openText(key, sealed, here)).toBe("the secret");
  });

  it("rejects a ciphertext presented under another key or another store", async () => {
    const key = await dataKey();
    const sealed = await sealText(key, "only for dad", here);
    await expectIntegrity(openText(key, sealed, { store: "soul_kb", key: "mum:note" }), "mum:note");
    await expectIntegrity(openText(key, sealed, { store: "mind_vault", key: here.key }), here.key);
  });

  it("rejects another data key, truncation and a wrong-length IV", async () => {
    const key = await dataKey();
    const sealed = await sealText(key, "x", here);
    await expectIntegrity(openText(await dataKey(), sealed, here), here.key);
    await expectIntegrity(openText(key, { iv: sealed.iv, ct: sealed.ct.subarray(0, sealed.ct.length - 1) }, here), here.key);
    await expectIntegrity(openText(key, { iv: sealed.iv.subarray(0, 8), ct: sealed.ct }, here), here.key);
  });

  it("accepts a sealed value whose bytes sit inside a larger buffer (as structured clone may give)", async () => {
    const key = await dataKey();
    const sealed = await sealText(key, "offset", here);
    const big = new Uint8Array(sealed.ct.length + 10);
    big.set(sealed.ct, 5);
    expect(await openText(key, { iv: sealed.iv, ct: big.subarray(5, 5 + sealed.ct.length) }, here)).toBe("offset");
  });
});

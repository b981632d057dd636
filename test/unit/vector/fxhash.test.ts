import { describe, expect, test } from "vitest";
import { fxhash32, fxhash32String } from "../../../src/shared/fxhash.js";
import { referenceFxhash32, seededRandom } from "./reference.js";

describe("fxhash32", () => {
  test("matches the golden values from the issue", () => {
    expect(fxhash32String("a")).toBe(4077199129);
    expect(fxhash32String("paris")).toBe(1432770161);
    expect(fxhash32String("paris") % 384).toBe(113);
    expect(fxhash32String("france")).toBe(2796368353);
    expect(fxhash32String("abcdefg")).toBe(551863149);
  });

  test("the empty input hashes to 0 (no length prefix, no terminator)", () => {
    expect(fxhash32(new Uint8Array(0))).toBe(0);
  });

  test("agrees with a BigInt implementation on random bytes of every length up to 40", () => {
    const random = seededRandom(7);
    for (let length = 0; length <= 40; length += 1) {
      for (let trial = 0; trial < 20; trial += 1) {
        const bytes = Uint8Array.from({ length }, () => Math.floor(random() * 256));
        expect(fxhash32(bytes)).toBe(referenceFxhash32(bytes));
      }
    }
  });

  test("hashes a sub-range exactly as a copy of it", () => {
    const bytes = new TextEncoder().encode("xxparisyy");
    expect(fxhash32(bytes, 2, 7)).toBe(1432770161);
  });

  test("hashes UTF-8 bytes of non-ASCII text", () => {
    const bytes = new TextEncoder().encode("straße東京");
    expect(fxhash32String("straße東京")).toBe(referenceFxhash32(bytes));
  });
});

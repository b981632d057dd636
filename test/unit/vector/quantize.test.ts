import { describe, expect, test } from "vitest";
import { INT8_MAX_CODE, quantizeInt8 } from "../../../src/shared/quantize.js";
import { dequantizeInt8, randomUnitVector, seededRandom } from "./reference.js";

describe("int8 quantisation", () => {
  test("codes stay within ±127 and the largest value maps to ±127", () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 50; trial += 1) {
      const v = randomUnitVector(random, 384);
      const codes = new Int8Array(384);
      quantizeInt8(v, codes);
      const maxCode = Math.max(...Array.from(codes, Math.abs));
      expect(maxCode).toBe(INT8_MAX_CODE);
      expect(codes.every((c) => c >= -127 && c <= 127)).toBe(true);
    }
  });

  test("each value is within half a step of code × scale", () => {
    const random = seededRandom(4);
    const v = randomUnitVector(random, 384);
    const codes = new Int8Array(384);
    const scale = quantizeInt8(v, codes);
    const back = dequantizeInt8(codes, scale);
    for (let i = 0; i < 384; i += 1) expect(Math.abs(back[i]! - v[i]!)).toBeLessThanOrEqual(scale / 2 + 1e-7);
  });

  test("the zero vector gets scale 0 and zero codes", () => {
    const codes = new Int8Array(4).fill(9);
    expect(quantizeInt8([0, 0, 0, 0], codes)).toBe(0);
    expect(Array.from(codes)).toEqual([0, 0, 0, 0]);
  });

  test("writes at an offset without touching the rest", () => {
    const codes = new Int16Array(6).fill(5);
    quantizeInt8([1, -1], codes, 2);
    expect(Array.from(codes)).toEqual([5, 5, 127, -127, 5, 5]);
  });
});

import { describe, expect, test } from "vitest";
import { cosine, dot, l2Norm } from "../../../src/shared/cosine.js";
import { HashEmbedder } from "../../../src/shared/embedder.js";
import { isPhoenixError } from "../../../src/errors.js";
import { l2Normalize, randomUnitVector, referenceCosine, seededRandom } from "./reference.js";

describe("cosine", () => {
  test("of normalised vectors equals their dot product", () => {
    const random = seededRandom(1);
    for (let trial = 0; trial < 50; trial += 1) {
      const a = randomUnitVector(random, 384);
      const b = randomUnitVector(random, 384);
      expect(cosine(a, b)).toBeCloseTo(dot(a, b), 6);
      expect(cosine(a, b)).toBeCloseTo(referenceCosine(a, b), 12);
    }
  });

  test("is 1 for a vector and itself, -1 for its opposite, 0 for orthogonal ones", () => {
    const v = l2Normalize([3, 4, 0]);
    expect(cosine(v, v)).toBeCloseTo(1, 12);
    expect(cosine(v, [-3, -4, 0])).toBeCloseTo(-1, 12);
    expect(cosine([1, 0, 0], [0, 1, 0])).toBe(0);
    expect(cosine(v, v)).toBeLessThanOrEqual(1);
  });

  test("ignores length: scaling either vector changes nothing", () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 2, 3], [10, 0, 0])).toBeCloseTo(1 / Math.sqrt(14), 12);
  });

  test("with a zero vector is 0, not NaN", () => {
    const zero = new HashEmbedder().encode("?!");
    const paris = new HashEmbedder().encode("Paris");
    expect(cosine(zero, paris)).toBe(0);
    expect(cosine(zero, zero)).toBe(0);
  });

  test("of vectors of different lengths is a DIM_MISMATCH error", () => {
    let caught: unknown;
    try {
      cosine([1, 2, 3], [1, 2]);
    } catch (error) {
      caught = error;
    }
    expect(isPhoenixError(caught, "DIM_MISMATCH")).toBe(true);
  });

  test("l2Normalize gives unit length and keeps zero at zero", () => {
    expect(l2Norm(l2Normalize([3, 4]))).toBeCloseTo(1, 7);
    expect(Array.from(l2Normalize([0, 0]))).toEqual([0, 0]);
  });
});

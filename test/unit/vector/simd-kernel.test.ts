import { readFile } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { SIMD_KERNEL_BASE64 } from "../../../src/shared/simd-kernel.generated.js";
import { Int8Matrix, isSimdSupported, strideFor } from "../../../src/shared/int8-matrix.js";
import { compileKernel } from "../../../scripts/build-wasm.mjs";
import { seededRandom } from "./reference.js";

describe("the WebAssembly SIMD kernel", () => {
  test("the committed bytes are exactly what the WAT compiles to", async () => {
    const wat = await readFile(new URL("../../../src/shared/simd-kernel.wat", import.meta.url), "utf8");
    const compiled = await compileKernel(wat);
    expect(Buffer.from(SIMD_KERNEL_BASE64, "base64").equals(Buffer.from(compiled))).toBe(true);
  });

  test("is supported here (Node 20 has WebAssembly SIMD)", () => {
    expect(isSimdSupported()).toBe(true);
  });

  test.each([1, 31, 32, 33, 100, 384, 385])("computes the same int32 dot products as plain JS (dim %i)", (dim) => {
    const random = seededRandom(dim);
    const rows = 5000; // more than one block of rows
    const simd = new Int8Matrix(dim);
    const plain = new Int8Matrix(dim, { simd: false });
    expect(simd.simd).toBe(true);
    expect(plain.simd).toBe(false);
    expect(simd.stride).toBe(strideFor(dim));
    for (const matrix of [simd, plain]) matrix.ensureCapacity(rows);
    const codes = Int8Array.from({ length: rows * dim }, () => Math.floor(random() * 255) - 127);
    const query = Int16Array.from({ length: dim }, () => Math.floor(random() * 255) - 127);
    for (const matrix of [simd, plain]) {
      for (let r = 0; r < rows; r += 1) matrix.row(r).set(codes.subarray(r * dim, (r + 1) * dim));
      matrix.query.set(query);
    }
    for (const start of [0, 4096]) {
      const count = Math.min(4096, rows - start);
      simd.dots(start, count);
      plain.dots(start, count);
      const expected = Array.from({ length: count }, (_, i) => {
        let sum = 0;
        for (let j = 0; j < dim; j += 1) sum += query[j]! * codes[(start + i) * dim + j]!;
        return sum;
      });
      expect(Array.from(simd.scores.subarray(0, count))).toEqual(expected);
      expect(Array.from(plain.scores.subarray(0, count))).toEqual(expected);
    }
  });

  test("keeps rows when the memory grows", () => {
    const matrix = new Int8Matrix(384);
    matrix.ensureCapacity(10);
    matrix.row(3).fill(7);
    matrix.ensureCapacity(200_000);
    expect(matrix.capacity).toBeGreaterThanOrEqual(200_000);
    expect(matrix.row(3).subarray(0, 384).every((c) => c === 7)).toBe(true);
    matrix.query.fill(0);
    matrix.query[0] = 2;
    matrix.dots(3, 1);
    expect(matrix.scores[0]).toBe(14);
  });
});

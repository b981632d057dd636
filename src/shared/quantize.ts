/**
 * Symmetric int8 quantisation with one scale per vector: code = round(value / scale) with
 * scale = max|value| / 127. Codes stay in [-127, 127] so two products always fit an int16 lane.
 */
export const INT8_MAX_CODE = 127;

/**
 * Writes the codes of `values` into `out[offset, offset + values.length)` and returns the scale
 * (value ≈ code × scale). The zero vector gets scale 0 and all-zero codes.
 */
export function quantizeInt8(values: ArrayLike<number>, out: Int8Array | Int16Array, offset = 0): number {
  let maxAbs = 0;
  for (let i = 0; i < values.length; i += 1) {
    const magnitude = Math.abs(values[i]!);
    if (magnitude > maxAbs) maxAbs = magnitude;
  }
  if (maxAbs === 0 || !Number.isFinite(maxAbs)) {
    out.fill(0, offset, offset + values.length);
    return 0;
  }
  const inverse = INT8_MAX_CODE / maxAbs;
  for (let i = 0; i < values.length; i += 1) {
    const code = Math.round(values[i]! * inverse);
    out[offset + i] = code > INT8_MAX_CODE ? INT8_MAX_CODE : code < -INT8_MAX_CODE ? -INT8_MAX_CODE : code;
  }
  return maxAbs / INT8_MAX_CODE;
}

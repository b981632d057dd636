/** Vector arithmetic shared by the page and the worker. Sums run in float64 for stable results. */
import { PhoenixError } from "../errors.js";

export type Vector = ArrayLike<number>;

function sameLength(a: Vector, b: Vector): void {
  if (a.length !== b.length) {
    throw new PhoenixError("DIM_MISMATCH", `Got ${a.length} and ${b.length} values.`);
  }
}

export function dot(a: Vector, b: Vector): number {
  sameLength(a, b);
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

export function l2Norm(a: Vector): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * a[i]!;
  return Math.sqrt(sum);
}

/**
 * Cosine similarity in [-1, 1]. A zero vector (text without tokens) is similar to nothing:
 * the result is 0, never NaN.
 */
export function cosine(a: Vector, b: Vector): number {
  sameLength(a, b);
  const norms = l2Norm(a) * l2Norm(b);
  if (norms === 0) return 0;
  return clampUnit(dot(a, b) / norms);
}

/** Rounding can push a perfect match a hair past 1. */
export function clampUnit(score: number): number {
  return score > 1 ? 1 : score < -1 ? -1 : score;
}

/** True when every value is a finite number. */
export function isFiniteVector(a: Vector): boolean {
  for (let i = 0; i < a.length; i += 1) if (!Number.isFinite(a[i])) return false;
  return true;
}

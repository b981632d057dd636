/**
 * Straightforward second implementations of the seed's hash and embedder, written from the issue
 * text (BigInt arithmetic, DataView, String.split) so the tests never check the code against itself.
 */
const MASK = 0xffffffffn;

export function referenceFxhash32(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let hash = 0n;
  const step = (word: bigint): void => {
    const rotated = ((hash << 5n) | (hash >> 27n)) & MASK;
    hash = ((rotated ^ word) * 0x9e3779b9n) & MASK;
  };
  let i = 0;
  for (; i + 4 <= bytes.length; i += 4) step(BigInt(view.getUint32(i, true)));
  for (; i < bytes.length; i += 1) step(BigInt(bytes[i]!));
  return Number(hash);
}

export function referenceTokens(text: string): string[] {
  const lower = text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
  return lower.split(/[^\p{Alphabetic}\p{N}]/u).filter((token) => token.length > 0);
}

/** The seed's encode, with its f32 arithmetic spelled out by Math.fround. */
export function referenceEmbed(text: string, dim = 384): Float32Array {
  const counts = new Array<number>(dim).fill(0);
  for (const token of referenceTokens(text)) {
    counts[referenceFxhash32(new TextEncoder().encode(token)) % dim]! += 1;
  }
  let sum = 0;
  for (const count of counts) sum = Math.fround(sum + Math.fround(count * count));
  const norm = Math.fround(Math.sqrt(sum));
  return Float32Array.from(counts, (count) => (norm > 0 ? Math.fround(count / norm) : 0));
}

/** Cosine in plain float64 over two vectors. */
export function referenceCosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export { seededRandom } from "../../helpers/random.js";

export function randomUnitVector(random: () => number, dim: number): Float32Array {
  const v = new Float32Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i += 1) {
    // Sum of uniforms: roughly Gaussian, enough for direction-uniform test data.
    const x = random() + random() + random() - 1.5;
    v[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  for (let i = 0; i < dim; i += 1) v[i] = v[i]! / norm;
  return v;
}

/** A unit-length copy (the zero vector stays zero). */
export function l2Normalize(a: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(a);
  let sum = 0;
  for (let i = 0; i < out.length; i += 1) sum += out[i]! * out[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < out.length; i += 1) out[i] = out[i]! / norm;
  return out;
}

/** The approximate values a row of int8 codes stands for. */
export function dequantizeInt8(codes: ArrayLike<number>, scale: number): Float32Array {
  const out = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i += 1) out[i] = codes[i]! * scale;
  return out;
}

/**
 * FxHasher32 from the `fxhash` 0.2.1 crate, over raw bytes: no length prefix, no terminator.
 * The seed's embedder hashes each token's UTF-8 bytes with it, so matching it bit for bit is what
 * makes our vectors equal to the seed's (https://docs.rs/fxhash/0.2.1/src/fxhash/lib.rs.html).
 */
const SEED = 0x9e3779b9;

const encoder = new TextEncoder();

/** `h = (rotl(h, 5) ^ word) * 0x9e3779b9 mod 2^32`, as `add_to_hash` in the crate. */
function mix(hash: number, word: number): number {
  return Math.imul(((hash << 5) | (hash >>> 27)) ^ word, SEED) >>> 0;
}

/**
 * Hashes `bytes[start, end)`: whole 4-byte little-endian words first, then each remaining byte,
 * exactly as `FxHasher32::write` folds a byte slice on a 32-bit hasher.
 */
export function fxhash32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let hash = 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const word = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    hash = mix(hash, word);
  }
  for (; i < end; i += 1) hash = mix(hash, bytes[i]!);
  return hash >>> 0;
}

/** fxhash32 of a string's UTF-8 bytes. */
export function fxhash32String(text: string): number {
  return fxhash32(encoder.encode(text));
}

/**
 * Embedders turn text into vectors. The default is the seed's hashing embedder: offline, no model,
 * the same text gives the same vector on every browser.
 */
import { PhoenixError } from "../errors.js";
import { fxhash32 } from "./fxhash.js";

/** The seed's dimension (MiniLM-L6-v2 sized, so a real model can replace the hash later). */
export const DEFAULT_EMBEDDING_DIM = 384;
/** Upper bound on `dim`: the index stores dimension numbers in 16 bits. */
export const MAX_EMBEDDING_DIM = 4096;

export interface Embedder {
  /** Number of values in every vector this embedder returns. */
  readonly dim: number;
  /**
   * Names the embedding method. Stored with the vectors so a database built by one embedder is
   * never searched with another's vectors of the same size.
   */
  readonly id?: string;
  encode(text: string): Float32Array | Promise<Float32Array>;
  /** One vector per text, in order. */
  encodeMany(texts: readonly string[]): Float32Array[] | Promise<Float32Array[]>;
}

export const HASH_EMBEDDER_ID = "fxhash32-bag-of-words-v1";

/**
 * The seed's `StubEmbedder`: ASCII-lowercase, split on every character that is not alphanumeric
 * (Rust's `char::is_alphanumeric`: Unicode Alphabetic or Numeric), drop empty tokens, add 1 at
 * `fxhash32(utf8(token)) % dim`, L2-normalise. Text without tokens gives the zero vector.
 */
export class HashEmbedder implements Embedder {
  readonly id = HASH_EMBEDDER_ID;
  readonly dim: number;
  /** UTF-8 bytes of the token being read; grows for very long tokens. */
  private tokenBytes: Uint8Array = new Uint8Array(256);
  /** Token count per slot; all zero between calls. */
  private readonly counts: Float64Array;
  /** Slots with a non-zero count, so clearing and normalising skip the other slots. */
  private readonly touched: Uint32Array;

  constructor(dim: number = DEFAULT_EMBEDDING_DIM) {
    if (!Number.isInteger(dim) || dim < 1 || dim > MAX_EMBEDDING_DIM) {
      throw new PhoenixError("INVALID_ARGUMENT", `dim must be an integer from 1 to ${MAX_EMBEDDING_DIM}.`);
    }
    this.dim = dim;
    this.counts = new Float64Array(dim);
    this.touched = new Uint32Array(dim);
  }

  encode(text: string): Float32Array {
    const out = new Float32Array(this.dim);
    this.encodeInto(text, out, 0);
    return out;
  }

  encodeMany(texts: readonly string[]): Float32Array[] {
    return texts.map((text) => this.encode(text));
  }

  /** Writes the vector of `text` into `out[offset, offset + dim)` without allocating. */
  encodeInto(text: string, out: Float32Array, offset: number): void {
    if (typeof text !== "string") throw new PhoenixError("INVALID_VALUE", "The text must be a string.");
    const { counts, touched, dim } = this;
    let touchedCount = 0;
    let length = 0;
    let bytes = this.tokenBytes;
    // i runs one past the end so the last token is flushed by the same code as the others.
    for (let i = 0; i <= text.length; i += 1) {
      let code = i < text.length ? text.charCodeAt(i) : 0x20;
      let separator: boolean;
      if (code < 0x80) {
        separator = ASCII_ALNUM[code] !== 1;
        if (!separator) {
          // ASCII-lowercase only, as Rust's to_ascii_lowercase: other scripts keep their case.
          if (code >= 0x41 && code <= 0x5a) code += 0x20;
          if (length === bytes.length) bytes = this.grow(length + 1);
          bytes[length++] = code;
        }
      } else {
        let codePoint = code;
        if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
          const low = text.charCodeAt(i + 1);
          if (low >= 0xdc00 && low <= 0xdfff) {
            codePoint = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
            i += 1;
          }
        }
        separator = !isAlphanumeric(codePoint);
        if (!separator) {
          if (length + 4 > bytes.length) bytes = this.grow(length + 4);
          length = writeUtf8(codePoint, bytes, length);
        }
      }
      if (separator && length > 0) {
        const slot = fxhash32(bytes, 0, length) % dim;
        if (counts[slot] === 0) touched[touchedCount++] = slot;
        counts[slot]! += 1;
        length = 0;
      }
    }
    out.fill(0, offset, offset + dim);
    let sumOfSquares = 0;
    for (let j = 0; j < touchedCount; j += 1) sumOfSquares += counts[touched[j]!]! ** 2;
    // The seed normalises in f32; sqrt and division rounded once to f32 give the same bits.
    const norm = Math.fround(Math.sqrt(sumOfSquares));
    for (let j = 0; j < touchedCount; j += 1) {
      const slot = touched[j]!;
      out[offset + slot] = counts[slot]! / norm;
      counts[slot] = 0;
    }
  }

  private grow(size: number): Uint8Array {
    const grown = new Uint8Array(Math.max(size, this.tokenBytes.length * 2));
    grown.set(this.tokenBytes);
    this.tokenBytes = grown;
    return grown;
  }
}

/** The seed's name for the hashing embedder. */
export const StubEmbedder = HashEmbedder;

export function createHashEmbedder(dim: number = DEFAULT_EMBEDDING_DIM): HashEmbedder {
  return new HashEmbedder(dim);
}

const ASCII_ALNUM = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c += 1) ASCII_ALNUM[c] = 1;
for (let c = 0x41; c <= 0x5a; c += 1) ASCII_ALNUM[c] = 1;
for (let c = 0x61; c <= 0x7a; c += 1) ASCII_ALNUM[c] = 1;

/** Rust's `char::is_alphanumeric`: the Alphabetic property or a Numeric general category. */
const ALPHANUMERIC = /^[\p{Alphabetic}\p{N}]$/u;
const alphanumericCache = new Map<number, boolean>();

function isAlphanumeric(codePoint: number): boolean {
  // A lone surrogate is not a character; Rust text cannot hold one, so it separates tokens.
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false;
  let known = alphanumericCache.get(codePoint);
  if (known === undefined) {
    known = ALPHANUMERIC.test(String.fromCodePoint(codePoint));
    if (alphanumericCache.size < 65_536) alphanumericCache.set(codePoint, known);
  }
  return known;
}

function writeUtf8(codePoint: number, bytes: Uint8Array, at: number): number {
  if (codePoint < 0x800) {
    bytes[at] = 0xc0 | (codePoint >> 6);
    bytes[at + 1] = 0x80 | (codePoint & 0x3f);
    return at + 2;
  }
  if (codePoint < 0x10000) {
    bytes[at] = 0xe0 | (codePoint >> 12);
    bytes[at + 1] = 0x80 | ((codePoint >> 6) & 0x3f);
    bytes[at + 2] = 0x80 | (codePoint & 0x3f);
    return at + 3;
  }
  bytes[at] = 0xf0 | (codePoint >> 18);
  bytes[at + 1] = 0x80 | ((codePoint >> 12) & 0x3f);
  bytes[at + 2] = 0x80 | ((codePoint >> 6) & 0x3f);
  bytes[at + 3] = 0x80 | (codePoint & 0x3f);
  return at + 4;
}

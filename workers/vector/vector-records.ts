/**
 * What the Vector KB stores, and the checks its readers apply.
 *
 * - `vector_kb` (the truth): one VectorRecord per memory, key = id, embedding as float32 LE bytes.
 * - `vector_chunks` (derived, v2): VectorChunkRecord, key = chunk number; the same entries packed
 *   up to CHUNK_SIZE per record, vectors in exact sparse-or-dense form. The worker starts from
 *   these (about a hundred reads for 100,000 memories instead of 100,000).
 * - `meta`: STATE_KEY → VectorKbState (dimension, embedder, counters, the revision of every chunk)
 *   and TOKEN_KEY → the state's token, a short string any tab can read per search to learn that
 *   something changed.
 *
 * All three are written in one transaction, so the chunks always match the entries, unless
 * something else rewrote `vector_kb` or `meta` (a backup import). The reader then notices that the
 * chunk revisions or counts disagree with the state and rebuilds the chunks from `vector_kb`.
 */
import type { JsonObject, VectorRecord } from "../../src/db/schema.js";
import type { VectorKbState } from "../../src/shared/vector-state.js";
import { DENSE, isSparseWorthwhile } from "../../src/shared/exact-store.js";

export const CHUNK_SIZE = 1024;
export { VECTOR_STATE_KEY as STATE_KEY, VECTOR_TOKEN_KEY as TOKEN_KEY } from "../../src/db/meta-keys.js";

// The state record's type and guard are shared with the page's `meta` table (src/db/meta.ts).
export { isVectorKbState, type ChunkInfo, type VectorKbState } from "../../src/shared/vector-state.js";

export function emptyState(dim: number, embedder: string): VectorKbState {
  return { type: "vector-kb-state", version: 1, dim, embedder, gen: 0, token: newToken(0), nextSeq: 0, nextChunk: 0, chunks: [] };
}

export function newToken(gen: number): string {
  return `${gen}-${randomHex(6)}`;
}

export function randomHex(bytes: number): string {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(random, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Entry ids carry their insertion sequence number ("m" + 10 base-36 digits) so a rebuild from
 * `vector_kb` alone restores the tie order, plus random hex so ids from two databases never clash.
 */
const SEQ_DIGITS = 10;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** Ids for `count` consecutive sequence numbers from `firstSeq`, with one call for randomness. */
export function entryIds(firstSeq: number, count: number): string[] {
  const random = crypto.getRandomValues(new Uint8Array(count * 4));
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i += 1) {
    const r = i * 4;
    const suffix = HEX[random[r]!]! + HEX[random[r + 1]!]! + HEX[random[r + 2]!]! + HEX[random[r + 3]!]!;
    ids[i] = `m${(firstSeq + i).toString(36).padStart(SEQ_DIGITS, "0")}-${suffix}`;
  }
  return ids;
}

/** The sequence number inside one of our ids, or undefined for an id of another form. */
export function seqOfId(id: string): number | undefined {
  if (id.length !== 1 + SEQ_DIGITS + 9 || id[0] !== "m" || id[1 + SEQ_DIGITS] !== "-") return undefined;
  const digits = id.slice(1, 1 + SEQ_DIGITS);
  if (!/^[0-9a-z]+$/.test(digits)) return undefined;
  const seq = parseInt(digits, 36);
  return Number.isSafeInteger(seq) ? seq : undefined;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Float32 little-endian bytes of a vector (VectorRecord.embedding). */
export function embeddingBytes(vector: Float32Array): Uint8Array<ArrayBuffer> {
  if (littleEndian) return new Uint8Array(vector.slice().buffer);
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((value, i) => view.setFloat32(i * 4, value, true));
  return bytes;
}

/** The vector stored in a VectorRecord, or undefined when its size is not `dim` floats. */
export function embeddingOf(record: Pick<VectorRecord, "embedding">, dim: number): Float32Array | undefined {
  const bytes = record.embedding;
  if (!(bytes instanceof Uint8Array) || bytes.byteLength !== dim * 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(dim);
  for (let i = 0; i < dim; i += 1) vector[i] = view.getFloat32(i * 4, true);
  return vector;
}

/** An entry ready to be written: everything computed before the transaction opens. */
export interface PreparedEntry {
  text: string;
  metadata: JsonObject;
  metadataJson: string;
  vector: Float32Array;
  createdAt: number;
}

/** Prepared entries plus their stored forms, so the transaction only assigns ids and writes. */
export interface EncodedEntry extends PreparedEntry {
  embedding: Uint8Array;
  stored: StoredVector;
}

export interface StoredVector {
  nonZero: number;
  indices: Uint16Array;
  values: Float32Array;
}

export function encodeEntry(entry: PreparedEntry): EncodedEntry {
  return { ...entry, embedding: embeddingBytes(entry.vector), stored: encodeVector(entry.vector) };
}

/** Exact stored form of one vector: sparse (index, value) pairs when that is smaller, else dense. */
export function encodeVector(vector: Float32Array): StoredVector {
  let count = 0;
  for (let i = 0; i < vector.length; i += 1) if (vector[i] !== 0) count += 1;
  if (!isSparseWorthwhile(count, vector.length)) return { nonZero: DENSE, indices: new Uint16Array(0), values: vector.slice() };
  const indices = new Uint16Array(count);
  const values = new Float32Array(count);
  let at = 0;
  for (let i = 0; i < vector.length; i += 1) {
    if (vector[i] === 0) continue;
    indices[at] = i;
    values[at] = vector[i]!;
    at += 1;
  }
  return { nonZero: count, indices, values };
}

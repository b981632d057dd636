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
import type { JsonObject, VectorRecord } from "../db/schema.js";
import { DENSE, isSparseWorthwhile } from "../shared/exact-store.js";

export const CHUNK_SIZE = 1024;
export const STATE_KEY = "vector_kb:state";
export const TOKEN_KEY = "vector_kb:token";

/** Per entry `nonZero` value of a dense vector (then `dim` values and no indices). */
export const DENSE_VECTOR = DENSE;

/**
 * One chunk: up to CHUNK_SIZE entries, in arrays so that reading it back is mostly memory copies
 * (structured clone of a typed array) rather than thousands of small strings.
 * - `ids` / `text` / `metadata`: UTF-8 of every entry's id / text / metadata JSON, back to back;
 *   entry i ends at `idEnds[i]` / `textEnds[i]` / `metadataEnds[i]` and starts where entry i − 1
 *   ends. The entry count is `seqs.length`.
 * - vectors: entry i has `nonZero[i]` (index, value) pairs, its indices in `indices` and values in
 *   `values`, in entry order; a dense entry (DENSE_VECTOR) has `dim` values and no indices. The
 *   float32 values are exactly the embedder's output.
 */
export interface VectorChunkRecord {
  type: "vector-chunk";
  version: 2;
  /** Its key in `vector_chunks`. */
  no: number;
  /** The state generation that last wrote it. */
  rev: number;
  dim: number;
  ids: Uint8Array;
  idEnds: Uint32Array;
  seqs: Float64Array;
  text: Uint8Array;
  textEnds: Uint32Array;
  metadata: Uint8Array;
  metadataEnds: Uint32Array;
  nonZero: Uint16Array;
  indices: Uint16Array;
  values: Float32Array;
}

export interface ChunkInfo {
  no: number;
  rev: number;
  count: number;
}

export interface VectorKbState {
  type: "vector-kb-state";
  version: 1;
  dim: number;
  /** Embedder id (HASH_EMBEDDER_ID for the default). */
  embedder: string;
  /** Bumped by every write. */
  gen: number;
  /** Changes with every write; also differs between two databases at the same gen. */
  token: string;
  nextSeq: number;
  nextChunk: number;
  /** In chunk-number order; the last one is the tail that appends fill first. */
  chunks: ChunkInfo[];
  /** Entry records the rebuild could not read (no string id or text): counted, never deleted. */
  ignored?: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

const isCount = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

export function isVectorKbState(value: unknown): value is VectorKbState {
  if (!isObject(value) || value.type !== "vector-kb-state" || value.version !== 1) return false;
  const { dim, embedder, gen, token, nextSeq, nextChunk, chunks } = value;
  return (
    isCount(dim) && typeof embedder === "string" && isCount(gen) && typeof token === "string" && isCount(nextSeq) &&
    isCount(nextChunk) && (value.ignored === undefined || isCount(value.ignored)) && Array.isArray(chunks) &&
    chunks.every((chunk: unknown) => isObject(chunk) && isCount(chunk.no) && isCount(chunk.rev) && isCount(chunk.count))
  );
}

/** A chunk record whose arrays agree with each other and with `dim`. */
export function isVectorChunk(value: unknown, dim: number): value is VectorChunkRecord {
  if (!isObject(value) || value.type !== "vector-chunk" || value.version !== 2 || value.dim !== dim) return false;
  const { ids, idEnds, seqs, text, textEnds, metadata, metadataEnds, nonZero, indices, values } = value;
  if (!(ids instanceof Uint8Array) || !(idEnds instanceof Uint32Array)) return false;
  if (!(seqs instanceof Float64Array) || !(nonZero instanceof Uint16Array)) return false;
  if (!(text instanceof Uint8Array) || !(textEnds instanceof Uint32Array)) return false;
  if (!(metadata instanceof Uint8Array) || !(metadataEnds instanceof Uint32Array)) return false;
  if (!(indices instanceof Uint16Array) || !(values instanceof Float32Array)) return false;
  const count = seqs.length;
  if (idEnds.length !== count || nonZero.length !== count || textEnds.length !== count || metadataEnds.length !== count) return false;
  if ((count > 0 ? idEnds[count - 1]! : 0) !== ids.length) return false;
  if ((count > 0 ? textEnds[count - 1]! : 0) !== text.length) return false;
  if ((count > 0 ? metadataEnds[count - 1]! : 0) !== metadata.length) return false;
  let valueCount = 0;
  let indexCount = 0;
  for (let i = 0; i < count; i += 1) {
    const pairs = nonZero[i]!;
    valueCount += pairs === DENSE_VECTOR ? dim : pairs;
    indexCount += pairs === DENSE_VECTOR ? 0 : pairs;
  }
  return values.length === valueCount && indices.length === indexCount;
}

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

export function entryId(seq: number): string {
  return entryIds(seq, 1)[0]!;
}

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

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

export function chunkCount(chunk: VectorChunkRecord): number {
  return chunk.seqs.length;
}

/** Reads one entry's strings out of a chunk. */
export function chunkId(chunk: VectorChunkRecord, i: number): string {
  return utf8Decoder.decode(chunk.ids.subarray(i > 0 ? chunk.idEnds[i - 1]! : 0, chunk.idEnds[i]!));
}

export function chunkIds(chunk: VectorChunkRecord): string[] {
  return Array.from({ length: chunkCount(chunk) }, (_, i) => chunkId(chunk, i));
}

export function chunkText(chunk: VectorChunkRecord, i: number): string {
  return utf8Decoder.decode(chunk.text.subarray(i > 0 ? chunk.textEnds[i - 1]! : 0, chunk.textEnds[i]!));
}

export function chunkMetadataJson(chunk: VectorChunkRecord, i: number): string {
  return utf8Decoder.decode(chunk.metadata.subarray(i > 0 ? chunk.metadataEnds[i - 1]! : 0, chunk.metadataEnds[i]!));
}

/** Where each entry's vector starts in `values` and `indices`. */
export function vectorStarts(chunk: VectorChunkRecord): { valueStarts: Uint32Array; indexStarts: Uint32Array } {
  const count = chunkCount(chunk);
  const valueStarts = new Uint32Array(count);
  const indexStarts = new Uint32Array(count);
  let valueAt = 0;
  let indexAt = 0;
  for (let i = 0; i < count; i += 1) {
    valueStarts[i] = valueAt;
    indexStarts[i] = indexAt;
    const pairs = chunk.nonZero[i]!;
    valueAt += pairs === DENSE_VECTOR ? chunk.dim : pairs;
    indexAt += pairs === DENSE_VECTOR ? 0 : pairs;
  }
  return { valueStarts, indexStarts };
}

/** Grows by appending; `bytes()` returns what was written. */
class ByteWriter {
  private buffer: Uint8Array;
  length = 0;
  constructor(initial: number) {
    this.buffer = new Uint8Array(Math.max(64, initial));
  }
  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }
  appendText(text: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.reserve(text.length * 3);
    this.length += utf8.encodeInto(text, this.buffer.subarray(this.length)).written;
  }
  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.length + extra, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** One entry to put into a chunk. */
export interface ChunkAddition {
  id: string;
  seq: number;
  entry: PreparedEntry | EncodedEntry;
}

/** Appends entries to a chunk (or starts one), returning the new record. */
export function buildChunk(
  base: VectorChunkRecord | undefined,
  no: number,
  rev: number,
  dim: number,
  additions: readonly ChunkAddition[],
): VectorChunkRecord {
  const baseCount = base ? chunkCount(base) : 0;
  const count = baseCount + additions.length;
  const ids = new ByteWriter((base?.ids.length ?? 0) + additions.length * 24);
  const idEnds = new Uint32Array(count);
  const seqs = new Float64Array(count);
  const nonZero = new Uint16Array(count);
  const textEnds = new Uint32Array(count);
  const metadataEnds = new Uint32Array(count);
  const text = new ByteWriter((base?.text.length ?? 0) + additions.length * 96);
  const metadata = new ByteWriter((base?.metadata.length ?? 0) + additions.length * 32);
  if (base) {
    ids.append(base.ids);
    idEnds.set(base.idEnds);
    seqs.set(base.seqs);
    nonZero.set(base.nonZero);
    textEnds.set(base.textEnds);
    metadataEnds.set(base.metadataEnds);
    text.append(base.text);
    metadata.append(base.metadata);
  }
  const encodings = additions.map(({ entry }) => ("stored" in entry ? entry.stored : encodeVector(entry.vector)));
  let addedValues = 0;
  let addedIndices = 0;
  for (const encoding of encodings) {
    addedValues += encoding.values.length;
    addedIndices += encoding.indices.length;
  }
  const values = new Float32Array((base?.values.length ?? 0) + addedValues);
  const indices = new Uint16Array((base?.indices.length ?? 0) + addedIndices);
  let valueAt = 0;
  let indexAt = 0;
  if (base) {
    values.set(base.values);
    indices.set(base.indices);
    valueAt = base.values.length;
    indexAt = base.indices.length;
  }
  additions.forEach(({ id, seq, entry }, j) => {
    const at = baseCount + j;
    const encoding = encodings[j]!;
    ids.appendText(id);
    idEnds[at] = ids.length;
    seqs[at] = seq;
    nonZero[at] = encoding.nonZero;
    text.appendText(entry.text);
    textEnds[at] = text.length;
    metadata.appendText(entry.metadataJson);
    metadataEnds[at] = metadata.length;
    values.set(encoding.values, valueAt);
    indices.set(encoding.indices, indexAt);
    valueAt += encoding.values.length;
    indexAt += encoding.indices.length;
  });
  return {
    type: "vector-chunk",
    version: 2,
    no,
    rev,
    dim,
    ids: ids.bytes(),
    idEnds,
    seqs,
    text: text.bytes(),
    textEnds,
    metadata: metadata.bytes(),
    metadataEnds,
    nonZero,
    indices,
    values,
  };
}

/** A chunk without the entries at `drop` (positions), or undefined when none remain. */
export function withoutEntries(chunk: VectorChunkRecord, drop: ReadonlySet<number>, rev: number): VectorChunkRecord | undefined {
  const keep: number[] = [];
  for (let i = 0; i < chunkCount(chunk); i += 1) if (!drop.has(i)) keep.push(i);
  if (keep.length === 0) return undefined;
  const { valueStarts, indexStarts } = vectorStarts(chunk);
  const ids = new ByteWriter(chunk.ids.length);
  const idEnds = new Uint32Array(keep.length);
  const text = new ByteWriter(chunk.text.length);
  const metadata = new ByteWriter(chunk.metadata.length);
  const textEnds = new Uint32Array(keep.length);
  const metadataEnds = new Uint32Array(keep.length);
  const valueParts: Float32Array[] = [];
  const indexParts: Uint16Array[] = [];
  keep.forEach((i, j) => {
    ids.append(chunk.ids.subarray(i > 0 ? chunk.idEnds[i - 1]! : 0, chunk.idEnds[i]!));
    idEnds[j] = ids.length;
    text.append(chunk.text.subarray(i > 0 ? chunk.textEnds[i - 1]! : 0, chunk.textEnds[i]!));
    textEnds[j] = text.length;
    metadata.append(chunk.metadata.subarray(i > 0 ? chunk.metadataEnds[i - 1]! : 0, chunk.metadataEnds[i]!));
    metadataEnds[j] = metadata.length;
    const pairs = chunk.nonZero[i]!;
    const valueCount = pairs === DENSE_VECTOR ? chunk.dim : pairs;
    const indexCount = pairs === DENSE_VECTOR ? 0 : pairs;
    valueParts.push(chunk.values.subarray(valueStarts[i]!, valueStarts[i]! + valueCount));
    indexParts.push(chunk.indices.subarray(indexStarts[i]!, indexStarts[i]! + indexCount));
  });
  return {
    ...chunk,
    rev,
    ids: ids.bytes(),
    idEnds,
    seqs: Float64Array.from(keep, (i) => chunk.seqs[i]!),
    text: text.bytes(),
    textEnds,
    metadata: metadata.bytes(),
    metadataEnds,
    nonZero: Uint16Array.from(keep, (i) => chunk.nonZero[i]!),
    values: concat(valueParts, Float32Array),
    indices: concat(indexParts, Uint16Array),
  };
}

/** Exact stored form of one vector: sparse (index, value) pairs when that is smaller, else dense. */
export function encodeVector(vector: Float32Array): StoredVector {
  let count = 0;
  for (let i = 0; i < vector.length; i += 1) if (vector[i] !== 0) count += 1;
  if (!isSparseWorthwhile(count, vector.length)) return { nonZero: DENSE_VECTOR, indices: new Uint16Array(0), values: vector.slice() };
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

function concat<T extends Float32Array | Uint16Array>(parts: T[], Type: { new (length: number): T }): T {
  const out = new Type(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

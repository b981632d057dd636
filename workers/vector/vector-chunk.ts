/**
 * The packed chunk record of `vector_chunks` (layout below), and how it is built, trimmed and
 * read. See vector-records.ts for how chunks relate to `vector_kb` and the state in `meta`.
 */
import { DENSE } from "../../src/shared/exact-store.js";
import type { VectorChunkRecord } from "../../src/db/schema.js";
import { encodeVector, type EncodedEntry, type PreparedEntry } from "./vector-records.js";
/** Per entry `nonZero` value of a dense vector (then `dim` values and no indices). */
export const DENSE_VECTOR = DENSE;

/**
 * One chunk: up to CHUNK_SIZE entries, in arrays so that reading it back is mostly memory copies
 * (structured clone of a typed array) rather than thousands of small strings. Its type is in the schema
 * (src/db/schema.ts), which owns every store's records.
 * - `ids` / `text` / `metadata`: UTF-8 of every entry's id / text / metadata JSON, back to back;
 *   entry i ends at `idEnds[i]` / `textEnds[i]` / `metadataEnds[i]` and starts where entry i − 1
 *   ends. The entry count is `seqs.length`.
 * - vectors: entry i has `nonZero[i]` (index, value) pairs, its indices in `indices` and values in
 *   `values`, in entry order; a dense entry (DENSE_VECTOR) has `dim` values and no indices. The
 *   float32 values are exactly the embedder's output.
 */
export type { VectorChunkRecord };


/** A chunk record whose arrays agree with each other and with `dim`. */
export function isVectorChunk(value: unknown, dim: number): value is VectorChunkRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Partial<Record<keyof VectorChunkRecord, unknown>>;
  if (record.type !== "vector-chunk" || record.version !== 2 || record.dim !== dim) return false;
  const { ids, idEnds, seqs, text, textEnds, metadata, metadataEnds, nonZero, indices, values } = record;
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

/** Bytes `text` takes in UTF-8 (lone surrogates count as U+FFFD, as TextEncoder writes them). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a pair: 2 units, 4 bytes
      i += 1;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * Appends the UTF-8 of `texts` to `writer` in one encoder call (thousands of small calls cost far
 * more), writing where each one ends into `ends` from position `at`.
 */
function appendTexts(writer: ByteWriter, texts: readonly string[], ends: Uint32Array, at: number): void {
  const start = writer.length;
  writer.append(utf8.encode(texts.join("")));
  let end = start;
  texts.forEach((text, i) => {
    end += utf8Length(text);
    ends[at + i] = end;
  });
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
  appendTexts(ids, additions.map(({ id }) => id), idEnds, baseCount);
  appendTexts(text, additions.map(({ entry }) => entry.text), textEnds, baseCount);
  appendTexts(metadata, additions.map(({ entry }) => entry.metadataJson), metadataEnds, baseCount);
  additions.forEach(({ seq }, j) => {
    const at = baseCount + j;
    const encoding = encodings[j]!;
    seqs[at] = seq;
    nonZero[at] = encoding.nonZero;
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

function concat<T extends Float32Array | Uint16Array>(parts: T[], Type: { new (length: number): T }): T {
  const out = new Type(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

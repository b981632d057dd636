/**
 * The worker's entries as rows of the vector index. `chunkOf` and `slotOf` are row-parallel and
 * follow the index's swap-on-remove; ids, texts and metadata stay packed in the chunk records
 * they came in and are decoded when a result needs them. The id → row map is built on first need,
 * so a first search never pays for it.
 */
import type { JsonObject } from "../../src/db/schema.js";
import { VectorIndex } from "../../src/shared/vector-index.js";
import {
  DENSE_VECTOR,
  chunkCount,
  chunkId,
  chunkIds,
  chunkMetadataJson,
  chunkText,
  vectorStarts,
  type VectorChunkRecord,
} from "./vector-chunk.js";
import type { MemoryEntry, MemoryResult } from "../../src/shared/vector-types.js";
import type { EntryView } from "./engine-types.js";
import { matchesFilter } from "../../src/shared/vector-input.js";

const EMPTY_VALUES = new Float32Array(0);
const EMPTY_INDICES = new Uint16Array(0);

export class EntryRows {
  readonly dim: number;
  readonly index: VectorIndex;
  /** Parsed metadata, filled as filters read it. */
  private metadataCache: Array<JsonObject | undefined> = [];
  /** The chunk a row's entry lives in, and its position there. */
  private chunkOf: number[] = [];
  private slotOf: number[] = [];
  private idMap: Map<string, number> | undefined;
  /** The chunks as loaded, without their vectors (those live in the index). */
  private chunks = new Map<number, VectorChunkRecord>();
  private revisions = new Map<number, number>();

  constructor(dim: number, options: { simd?: boolean }) {
    this.dim = dim;
    this.index = new VectorIndex(dim, options);
  }

  get size(): number {
    return this.index.size;
  }

  /** Chunk number → the revision held. */
  get chunkRevisions(): ReadonlyMap<number, number> {
    return this.revisions;
  }

  chunkNumberOf(row: number): number {
    return this.chunkOf[row]!;
  }

  /**
   * Makes chunk `no` hold exactly `chunk`'s entries (none when undefined). Entries never change
   * once written, so an id already present only moves to its new position; only arrivals and
   * departures cost. `allNew` (a first load, a chunk of new entries) skips the id checks.
   */
  syncChunk(no: number, chunk: VectorChunkRecord | undefined, allNew = false): void {
    const previous = this.chunks.get(no);
    if (previous) {
      const keep = new Set(chunk ? chunkIds(chunk) : []);
      const rows = this.rowIds();
      for (const id of chunkIds(previous)) {
        if (keep.has(id)) continue;
        const row = rows.get(id);
        if (row !== undefined && this.chunkOf[row] === no) this.removeRow(row);
      }
    }
    if (!chunk) {
      this.chunks.delete(no);
      this.revisions.delete(no);
      return;
    }
    // The record keeps ids, texts and metadata; its vectors move into the index.
    this.chunks.set(no, { ...chunk, values: EMPTY_VALUES, indices: EMPTY_INDICES });
    this.revisions.set(no, chunk.rev);
    if (allNew && !previous) {
      const first = this.index.addEncodedBatch(chunk.nonZero, chunk.indices, chunk.values, chunk.seqs);
      for (let i = 0; i < chunkCount(chunk); i += 1) this.placeRow(first + i, no, i);
      return;
    }
    const rows = this.rowIds();
    const { valueStarts, indexStarts } = vectorStarts(chunk);
    for (let i = 0; i < chunkCount(chunk); i += 1) {
      const existing = rows.get(chunkId(chunk, i));
      if (existing !== undefined) {
        this.chunkOf[existing] = no;
        this.slotOf[existing] = i;
        continue;
      }
      const pairs = chunk.nonZero[i]!;
      const valueStart = valueStarts[i]!;
      const indexStart = indexStarts[i]!;
      const row = this.index.addEncoded(
        pairs,
        chunk.indices.subarray(indexStart, indexStart + (pairs === DENSE_VECTOR ? 0 : pairs)),
        chunk.values.subarray(valueStart, valueStart + (pairs === DENSE_VECTOR ? this.dim : pairs)),
        chunk.seqs[i]!,
      );
      this.placeRow(row, no, i);
    }
  }

  /** id → row. */
  rowIds(): Map<string, number> {
    if (!this.idMap) {
      const map = new Map<string, number>();
      for (let row = 0; row < this.index.size; row += 1) map.set(this.idOf(row), row);
      this.idMap = map;
    }
    return this.idMap;
  }

  /** Rows best first; `filter` keeps entries whose metadata fields equal its values. */
  search(vector: Float32Array, topK: number, filter: JsonObject | undefined, minScore: number | undefined): Array<{ row: number; score: number }> {
    const options: { accept?: (row: number) => boolean; minScore?: number } = {};
    if (filter && Object.keys(filter).length > 0) options.accept = (row) => matchesFilter(this.metadataOf(row), filter);
    if (minScore !== undefined) options.minScore = minScore;
    return this.index.search(vector, topK, options).map(({ item, score }) => ({ row: item, score }));
  }

  result(row: number, score: number): MemoryResult {
    return { id: this.idOf(row), text: this.textOf(row), score, metadata: this.metadataCopy(row) };
  }

  entry(row: number, embedding: Float32Array): MemoryEntry {
    this.index.vector(row, embedding);
    return { id: this.idOf(row), text: this.textOf(row), embedding, metadata: this.metadataCopy(row) };
  }

  /** The entry's text (the Context Engine indexes it). */
  textOfRow(row: number): string {
    return this.textOf(row);
  }

  /** True when the entry's metadata matches `filter` (the Vector KB filter, for the Context Engine). */
  rowMatches(row: number, filter: JsonObject): boolean {
    return matchesFilter(this.metadataOf(row), filter);
  }

  /** A copy of the entry's metadata. */
  metadataOfRow(row: number): JsonObject {
    return this.metadataCopy(row);
  }

  /** All rows, oldest entry first. */
  rowsInOrder(): number[] {
    return Array.from({ length: this.index.size }, (_, row) => row).sort((a, b) => this.index.tie(a) - this.index.tie(b));
  }

  private placeRow(row: number, no: number, slot: number): void {
    this.chunkOf[row] = no;
    this.slotOf[row] = slot;
    this.metadataCache[row] = undefined;
    this.idMap?.set(this.idOf(row), row);
  }

  private removeRow(row: number): void {
    this.idMap?.delete(this.idOf(row));
    const moved = this.index.remove(row);
    if (moved >= 0) {
      this.metadataCache[row] = this.metadataCache[moved];
      this.chunkOf[row] = this.chunkOf[moved]!;
      this.slotOf[row] = this.slotOf[moved]!;
      this.idMap?.set(this.idOf(row), row);
    }
    const size = this.index.size;
    this.metadataCache.length = size;
    this.chunkOf.length = size;
    this.slotOf.length = size;
  }

  private chunkOfRow(row: number): VectorChunkRecord {
    return this.chunks.get(this.chunkOf[row]!)!;
  }

  private idOf(row: number): string {
    return chunkId(this.chunkOfRow(row), this.slotOf[row]!);
  }

  private textOf(row: number): string {
    return chunkText(this.chunkOfRow(row), this.slotOf[row]!);
  }

  private metadataOf(row: number): JsonObject {
    let parsed = this.metadataCache[row];
    if (parsed === undefined) {
      parsed = this.metadataCopy(row);
      this.metadataCache[row] = parsed;
    }
    return parsed;
  }

  /** A fresh object, so no caller can change the cached copy filters read. */
  private metadataCopy(row: number): JsonObject {
    return JSON.parse(chunkMetadataJson(this.chunkOfRow(row), this.slotOf[row]!)) as JsonObject;
  }

  /** The Context Engine's view of these rows (see VectorEngine.withEntries). */
  view(version: number, db: IDBDatabase, token: string | undefined): EntryView {
    return {
      version,
      token,
      db,
      rows: () => this.rowIds(),
      text: (row) => this.textOfRow(row),
      metadata: (row) => this.metadataOfRow(row),
      matches: (row, filter) => this.rowMatches(row, filter),
    };
  }
}

/**
 * The Vector KB engine: what the search worker runs (workers/vector.worker.ts exposes it through
 * worker-api.ts). It owns the embedder, the in-memory index and its own IndexedDB connection.
 *
 * Rows of the index are the entries; `chunkOf` and `slotOf` are row-parallel and follow the
 * index's swap-on-remove. Ids, texts and metadata stay packed in the chunk records they came in
 * and are decoded when a result needs them; the id → row map is built on first need. Every operation runs in turn (one queue), so no search sees half an update.
 * Other tabs' writes are noticed through the state token: read on every search, overlapped with
 * the scan, and after a BroadcastChannel hint; then only the chunks whose revision moved are read.
 */
import { PhoenixError } from "../errors.js";
import { openPhoenixDB } from "../db/open.js";
import type { JsonObject } from "../db/schema.js";
import { unwrap } from "idb";
import { HashEmbedder, type Embedder } from "../shared/embedder.js";
import { isFiniteVector } from "../shared/cosine.js";
import { VectorIndex } from "../shared/vector-index.js";
import {
  DENSE_VECTOR,
  chunkCount,
  chunkId,
  chunkIds,
  chunkMetadataJson,
  chunkText,
  encodeEntry,
  vectorStarts,
  type VectorChunkRecord,
} from "./records.js";

/** The count check waits this long after a load, so it never delays the first answer. */
const COUNT_CHECK_DELAY_MS = 2_000;
const EMPTY_VALUES = new Float32Array(0);
const EMPTY_INDICES = new Uint16Array(0);
import { assertCompatible, commitAdd, commitRemove, countMatches, readChanges, readSnapshot, readToken } from "./storage.js";
import { rebuildChunks } from "./rebuild.js";
import type { MemoryEntry, MemoryResult } from "./types.js";
import {
  assertKey,
  assertText,
  assertTopK,
  checkMetadata,
  checkNewMemories,
  checkSearchOptions,
  matchesFilter,
  metadataJson,
} from "./validate.js";

export interface EngineOptions {
  dbName: string;
  /** Turn the WebAssembly kernel off (tests compare both paths). */
  simd?: boolean;
}

export interface EngineInfo {
  dim: number;
  count: number;
  simd: boolean;
  /** Bytes held by the index buffers. */
  indexBytes: number;
  /** How long the last (re)load from IndexedDB took, ms. */
  loadMs: number;
}

/** A write is cancelled if this says so just before its transaction opens. */
export type AbortCheck = () => boolean;

export class VectorEngine {
  readonly dim: number;
  private readonly db: IDBDatabase;
  private readonly embedder: Embedder;
  private readonly embedderId: string;
  private readonly simd: boolean | undefined;
  private index: VectorIndex;
  /** Parsed metadata, filled as filters read it. */
  private metadataCache: Array<JsonObject | undefined> = [];
  /** The chunk a row's entry lives in, and its position there. */
  private chunkOf: number[] = [];
  private slotOf: number[] = [];
  private idMap: Map<string, number> | undefined;
  /** The chunks as loaded, without their vectors (those live in the index). */
  private chunks = new Map<number, VectorChunkRecord>();
  private chunkRevs = new Map<number, number>();
  private token: string | undefined;
  private loaded = false;
  private closed = false;
  private loadMs = 0;
  private countCheck: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly channel: BroadcastChannel | undefined;

  private constructor(db: IDBDatabase, embedder: Embedder, options: EngineOptions) {
    this.db = db;
    this.embedder = embedder;
    this.dim = embedder.dim;
    this.embedderId = embedder.id ?? "custom";
    this.simd = options.simd;
    this.index = new VectorIndex(this.dim, this.simdOption());
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(`phoenix-vector-kb:${options.dbName}`) : undefined;
    if (this.channel) {
      this.channel.onmessage = (event: MessageEvent<unknown>) => {
        // A hint only: the token check on the next call decides. Refresh now while idle.
        if (event.data !== this.token && this.loaded) void this.run(() => this.sync()).catch(() => undefined);
      };
    }
  }

  /** Opens the database (running migrations if this is the first connection) and loads the index. */
  static async open(embedder: Embedder, options: EngineOptions): Promise<VectorEngine> {
    const db = await openPhoenixDB(options.dbName, {});
    const engine = new VectorEngine(unwrap(db), embedder, options);
    try {
      await engine.run(() => engine.ensureLoaded());
    } catch (error) {
      engine.close();
      throw error;
    }
    return engine;
  }

  info(): EngineInfo {
    return { dim: this.dim, count: this.index.size, simd: this.index.simd, indexBytes: this.index.byteLength, loadMs: this.loadMs };
  }

  addMemory(text: unknown, metadata?: unknown, aborted?: AbortCheck): Promise<MemoryEntry> {
    assertText(text, "memory text");
    const checked = checkMetadata(metadata);
    return this.run(async () => (await this.add([{ text, metadata: checked }], aborted))[0]!);
  }

  addMemories(items: unknown, aborted?: AbortCheck): Promise<MemoryEntry[]> {
    const checked = checkNewMemories(items);
    return this.run(() => this.add(checked, aborted));
  }

  /** Every entry, oldest first. */
  all(): Promise<MemoryEntry[]> {
    return this.run(async () => {
      await this.sync();
      const rows = Array.from({ length: this.index.size }, (_, row) => row).sort((a, b) => this.index.tie(a) - this.index.tie(b));
      const packed = new Float32Array(rows.length * this.dim);
      return rows.map((row, i) => this.entryAt(row, packed.subarray(i * this.dim, (i + 1) * this.dim)));
    });
  }

  get(id: unknown): Promise<MemoryEntry | undefined> {
    assertKey(id, "id");
    return this.run(async () => {
      await this.sync();
      const row = this.rowIds().get(id);
      return row === undefined ? undefined : this.entryAt(row, new Float32Array(this.dim));
    });
  }

  remove(id: unknown, aborted?: AbortCheck): Promise<boolean> {
    assertKey(id, "id");
    return this.run(async () => {
      await this.sync();
      const row = this.rowIds().get(id);
      if (row === undefined) return false;
      if (aborted?.()) throw new PhoenixError("ABORTED", "Nothing was removed.");
      const outcome = await commitRemove(this.db, this.owner(), id, this.chunkOf[row]!);
      this.applyWrite(outcome.previousToken, outcome.state.token, outcome.written, outcome.deleted);
      if (outcome.removed) this.channel?.postMessage(outcome.state.token);
      return outcome.removed;
    });
  }

  count(): Promise<number> {
    return this.run(async () => {
      await this.sync();
      return this.index.size;
    });
  }

  semanticSearch(query: unknown, topK: unknown = 5, options?: unknown): Promise<MemoryResult[]> {
    assertText(query, "query");
    assertTopK(topK);
    const { filter, minScore } = checkSearchOptions(options);
    return this.run(async () => {
      this.assertOpen();
      // Read the token while the scan runs: another tab's write shows up in this very search.
      const token = readToken(this.db);
      token.catch(() => undefined);
      const vector = await this.embedOne(query);
      let hits = this.searchRows(vector, topK, filter, minScore);
      if ((await token) !== this.token) {
        await this.sync();
        hits = this.searchRows(vector, topK, filter, minScore);
      }
      return hits.map(({ row, score }) => ({ id: this.idOf(row), text: this.textOf(row), score, metadata: this.metadataCopy(row) }));
    });
  }

  /** Times `semanticSearch` of each query inside the engine (for the benchmark), in ms. */
  profileSearch(queries: readonly string[], topK: number): Promise<number[]> {
    return this.run(async () => {
      const times: number[] = [];
      for (const query of queries) {
        const start = performance.now();
        const token = readToken(this.db);
        token.catch(() => undefined);
        const vector = await this.embedOne(query);
        this.searchRows(vector, topK, undefined, undefined);
        if ((await token) !== this.token) await this.sync();
        times.push(performance.now() - start);
      }
      return times;
    });
  }

  /** Drops the in-memory index and loads it again, rebuilding the chunks from `vector_kb` if asked. */
  reload(options: { rebuild?: boolean } = {}): Promise<number> {
    return this.run(async () => {
      if (options.rebuild) await rebuildChunks(this.db, this.embedder, this.owner());
      this.loaded = false;
      await this.ensureLoaded();
      await this.verifyCount();
      return this.index.size;
    });
  }

  /** Closes once every queued operation has finished. */
  async closeWhenIdle(): Promise<void> {
    await this.queue;
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.countCheck !== undefined) clearTimeout(this.countCheck);
    this.channel?.close();
    this.db.close();
  }

  // ——— internals ———

  private run<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(() => {
      this.assertOpen();
      return operation();
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private assertOpen(): void {
    if (this.closed) throw new PhoenixError("DB_CLOSED", "The Vector KB was closed.");
  }

  private owner(): { dim: number; embedder: string } {
    return { dim: this.dim, embedder: this.embedderId };
  }

  private simdOption(): { simd?: boolean } {
    return this.simd === undefined ? {} : { simd: this.simd };
  }

  private async add(items: ReadonlyArray<{ text: string; metadata: JsonObject }>, aborted?: AbortCheck): Promise<MemoryEntry[]> {
    if (items.length === 0) return [];
    const jsons = items.map((item) => metadataJson(item.metadata));
    const texts = items.map((item) => item.text);
    // The built-in embedder runs inside the transaction, slice by slice, while IndexedDB writes
    // the slices before; any other embedder may be asynchronous, so it runs before.
    const local = this.embedder instanceof HashEmbedder ? this.embedder : undefined;
    const vectors = local ? undefined : await this.embedMany(texts);
    await this.ensureLoaded();
    if (aborted?.()) throw new PhoenixError("ABORTED", "Nothing was added.");
    const createdAt = Date.now();
    const source = {
      count: items.length,
      take: (from: number, to: number) => {
        const slice = vectors ? vectors.slice(from, to) : local!.encodeMany(texts.slice(from, to));
        return slice.map((vector, j) =>
          encodeEntry({ text: texts[from + j]!, metadata: items[from + j]!.metadata, metadataJson: jsons[from + j]!, vector, createdAt }),
        );
      },
    };
    let applied = false;
    let outcome;
    try {
      // The index takes the new rows while the commit is under way; should the commit then fail,
      // the index is reloaded from IndexedDB before the next operation.
      outcome = await commitAdd(this.db, this.owner(), source, (pending) => {
        applied = true;
        this.applyWrite(pending.previousToken, pending.state.token, pending.written, pending.deleted);
      });
    } catch (error) {
      if (applied) this.loaded = false;
      throw error;
    }
    this.channel?.postMessage(outcome.state.token);
    return outcome.added.map(({ id, entry }) => ({
      id,
      text: entry.text,
      embedding: entry.vector,
      metadata: JSON.parse(entry.metadataJson) as JsonObject,
    }));
  }

  /** After (or during) our own commit: adopt the chunks we wrote; the token only if nobody wrote in between. */
  private applyWrite(previousToken: string | undefined, token: string, written: readonly VectorChunkRecord[], deleted: readonly number[]): void {
    for (const no of deleted) this.syncChunk(no, undefined);
    // Our own writes: a chunk we did not hold before holds only entries we just created.
    for (const chunk of written) this.syncChunk(chunk.no, chunk, true);
    if (previousToken === this.token || this.token === undefined) this.token = token;
  }

  private async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    const start = performance.now();
    const load = () => {
      this.resetRows();
      return readSnapshot(this.db, {
        onState: (state) => this.index.reserve(state.chunks.reduce((rows, chunk) => rows + chunk.count, 0)),
        onChunk: (chunk) => this.syncChunk(chunk.no, chunk, true),
      });
    };
    let snapshot = await load();
    // Nothing at all is a new knowledge base; entries without chunks come from before v2.
    const empty = snapshot.state === undefined && !snapshot.hasEntries;
    if (!snapshot.consistent && !empty) {
      await rebuildChunks(this.db, this.embedder, this.owner());
      snapshot = await load();
      if (!snapshot.consistent) throw new PhoenixError("STORAGE_ERROR", "The Vector KB index could not be rebuilt consistently.");
    }
    if (!snapshot.consistent) this.resetRows();
    if (snapshot.state) assertCompatible(snapshot.state, this.owner());
    this.token = snapshot.state?.token;
    this.loaded = true;
    this.loadMs = performance.now() - start;
    this.scheduleCountCheck();
  }

  /** After the first answer, checks that no one rewrote `vector_kb` behind the chunks' back. */
  private scheduleCountCheck(): void {
    if (this.countCheck !== undefined) clearTimeout(this.countCheck);
    this.countCheck = setTimeout(() => {
      this.countCheck = undefined;
      void this.run(() => this.verifyCount()).catch(() => undefined);
    }, COUNT_CHECK_DELAY_MS);
  }

  /** Rebuilds the chunks from `vector_kb` and reloads when the entry count disagrees. */
  private async verifyCount(): Promise<void> {
    if (this.closed || (await countMatches(this.db))) return;
    await rebuildChunks(this.db, this.embedder, this.owner());
    this.loaded = false;
    await this.ensureLoaded();
  }

  /** Brings the index up to date with IndexedDB if the token moved. */
  private async sync(): Promise<void> {
    if (!this.loaded) return this.ensureLoaded();
    const token = await readToken(this.db);
    if (token === this.token) return;
    const changes = await readChanges(this.db, this.dim, this.chunkRevs);
    if (!changes.consistent) {
      // Someone other than a Vector KB rewrote the stores (a backup import): start over.
      this.loaded = false;
      await this.ensureLoaded();
      return this.verifyCount();
    }
    if (changes.state) assertCompatible(changes.state, this.owner());
    for (const no of changes.gone) this.syncChunk(no, undefined);
    for (const chunk of changes.changed) this.syncChunk(chunk.no, chunk);
    this.token = changes.state?.token;
  }

  private resetRows(): void {
    this.index = new VectorIndex(this.dim, this.simdOption());
    this.idMap = undefined;
    this.metadataCache = [];
    this.chunkOf = [];
    this.slotOf = [];
    this.chunks = new Map();
    this.chunkRevs = new Map();
  }

  /**
   * Makes chunk `no` hold exactly `chunk`'s entries (none when undefined). Entries never change
   * once written, so an id already present only moves to its new position; only arrivals and
   * departures cost. `allNew` (a first load, a chunk of new entries) skips the id checks.
   */
  private syncChunk(no: number, chunk: VectorChunkRecord | undefined, allNew = false): void {
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
      this.chunkRevs.delete(no);
      return;
    }
    // The record keeps ids, texts and metadata; its vectors move into the index.
    this.chunks.set(no, { ...chunk, values: EMPTY_VALUES, indices: EMPTY_INDICES });
    this.chunkRevs.set(no, chunk.rev);
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

  /** id → row, built on first use: a first search never pays for it. */
  private rowIds(): Map<string, number> {
    if (!this.idMap) {
      const map = new Map<string, number>();
      for (let row = 0; row < this.index.size; row += 1) map.set(this.idOf(row), row);
      this.idMap = map;
    }
    return this.idMap;
  }

  private idOf(row: number): string {
    return chunkId(this.chunkOfRow(row), this.slotOf[row]!);
  }

  private chunkOfRow(row: number): VectorChunkRecord {
    return this.chunks.get(this.chunkOf[row]!)!;
  }

  private textOf(row: number): string {
    return chunkText(this.chunkOfRow(row), this.slotOf[row]!);
  }

  private searchRows(vector: Float32Array, topK: number, filter: JsonObject | undefined, minScore: number | undefined) {
    const options: { accept?: (row: number) => boolean; minScore?: number } = {};
    if (filter && Object.keys(filter).length > 0) options.accept = (row) => matchesFilter(this.metadataOf(row), filter);
    if (minScore !== undefined) options.minScore = minScore;
    return this.index.search(vector, topK, options).map(({ item, score }) => ({ row: item, score }));
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

  private entryAt(row: number, embedding: Float32Array): MemoryEntry {
    this.index.vector(row, embedding);
    return { id: this.idOf(row), text: this.textOf(row), embedding, metadata: this.metadataCopy(row) };
  }

  private async embedOne(text: string): Promise<Float32Array> {
    return (await this.embedMany([text]))[0]!;
  }

  /** Embeds and checks what the embedder returned: a custom one may be wrong. */
  private async embedMany(texts: readonly string[]): Promise<Float32Array[]> {
    const vectors = await this.embedder.encodeMany(texts);
    if (!Array.isArray(vectors) || vectors.length !== texts.length) {
      throw new PhoenixError("INVALID_VALUE", "The embedder returned a different number of vectors than texts.");
    }
    return vectors.map((vector: unknown) => {
      const array = vector instanceof Float32Array ? vector : Array.isArray(vector) ? Float32Array.from(vector as number[]) : undefined;
      if (!array) throw new PhoenixError("INVALID_VALUE", "The embedder returned something other than a vector.");
      if (array.length !== this.dim) {
        throw new PhoenixError("DIM_MISMATCH", `The embedder returned ${array.length} values; its dim is ${this.dim}.`);
      }
      if (!isFiniteVector(array)) throw new PhoenixError("INVALID_VALUE", "The embedder returned NaN or infinite values.");
      return array;
    });
  }
}

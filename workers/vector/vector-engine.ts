/**
 * The Vector KB engine: what the search worker runs (workers/vector.worker.ts exposes it through worker-api.ts).
 * It owns the embedder, the in-memory index (entry-rows.ts) and its own IndexedDB connection (reads in
 * vector-storage.ts, writes in vector-commit.ts). Every operation runs in turn (one queue), so no search sees
 * half an update. Other tabs' writes are noticed through the state token: read on every search, overlapped
 * with the scan, and after a BroadcastChannel hint; then only the chunks whose revision moved are read.
 */
import { PhoenixError } from "../../src/errors.js";
import { openPhoenixDB } from "../../src/db/open.js";
import type { JsonObject } from "../../src/db/schema.js";
import type { AbortCheck, EngineInfo, EngineOptions, EntryView } from "./engine-types.js";
import { unwrap } from "idb";
import { HashEmbedder, type Embedder } from "../../src/shared/embedder.js";
import { embedChecked, embedOneChecked } from "./embed-checked.js";
import type { VectorChunkRecord } from "./vector-chunk.js";
import { entrySource } from "./entry-source.js";
import { EntryRows } from "./entry-rows.js";
import { assertCompatible, assertStoredOwner, countMatches, readChanges, readSnapshot, readToken } from "./vector-storage.js";
import { commitAdd, commitRemove } from "./vector-commit.js";
import { rebuildChunks, withRebuildLock } from "./rebuild-chunks.js";
import type { MemoryEntry, MemoryResult } from "../../src/shared/vector-types.js";
import {
  assertKey,
  assertMemoryText,
  assertText,
  assertTopK,
  checkMetadata,
  checkNewMemories,
  checkSearchOptions,
  metadataJson,
} from "../../src/shared/vector-input.js";

/** The count check waits this long after a load, so it never delays the first answer. */
const COUNT_CHECK_DELAY_MS = 2_000;

export type { AbortCheck, EngineInfo, EngineOptions, EntryView };

export class VectorEngine {
  readonly dim: number;
  private readonly db: IDBDatabase;
  private readonly embedder: Embedder;
  private readonly embedderId: string;
  private readonly simd: boolean | undefined;
  private readonly dbName: string;
  private rows: EntryRows;
  private token: string | undefined;
  private loaded = false;
  private closed = false;
  private loadMs = 0;
  private countCheck: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly channel: BroadcastChannel | undefined;
  private entriesVersion = 0;

  private constructor(db: IDBDatabase, embedder: Embedder, options: EngineOptions) {
    this.db = db;
    this.embedder = embedder;
    this.dim = embedder.dim;
    this.embedderId = embedder.id ?? "custom";
    this.simd = options.simd;
    this.dbName = options.dbName;
    this.rows = new EntryRows(this.dim, this.simdOption());
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
      if (options.deferLoad) await engine.run(() => assertStoredOwner(engine.db, engine.owner()));
      else await engine.run(() => engine.ensureLoaded());
    } catch (error) {
      engine.close();
      throw error;
    }
    return engine;
  }

  /** Told of the entries an add wrote, while their transaction commits (the Context Engine's full-text index). */
  onAdded: ((added: ReadonlyArray<{ id: string; text: string }>) => void) | undefined;

  /** The engine's connection, for the Context Engine's derived index store. */
  get database(): IDBDatabase {
    return this.db;
  }

  /** Loads the index now, in turn, if it is not loaded (after a deferred open); a failure waits for the next operation. */
  warm(): void {
    void this.run(() => this.ensureLoaded()).catch(() => undefined);
  }

  /** Resolves once the index is loaded (in turn with the other operations). */
  whenLoaded(): Promise<void> {
    return this.run(() => this.ensureLoaded());
  }

  info(): EngineInfo {
    const { index } = this.rows;
    return { dim: this.dim, count: index.size, simd: index.simd, indexBytes: index.byteLength, loadMs: this.loadMs };
  }

  async addMemory(text: unknown, metadata?: unknown, aborted?: AbortCheck): Promise<MemoryEntry> {
    assertMemoryText(text, "memory text");
    const checked = checkMetadata(metadata);
    return this.run(async () => (await this.add([{ text, metadata: checked }], aborted))[0]!);
  }

  async addMemories(items: unknown, aborted?: AbortCheck): Promise<MemoryEntry[]> {
    const checked = checkNewMemories(items);
    return this.run(() => this.add(checked, aborted));
  }

  /** Every entry, oldest first. */
  all(): Promise<MemoryEntry[]> {
    return this.run(async () => {
      await this.sync();
      const rows = this.rows.rowsInOrder();
      const packed = new Float32Array(rows.length * this.dim);
      return rows.map((row, i) => this.rows.entry(row, packed.subarray(i * this.dim, (i + 1) * this.dim)));
    });
  }

  async get(id: unknown): Promise<MemoryEntry | undefined> {
    assertKey(id, "id");
    return this.run(async () => {
      await this.sync();
      const row = this.rows.rowIds().get(id);
      return row === undefined ? undefined : this.rows.entry(row, new Float32Array(this.dim));
    });
  }

  async remove(id: unknown, aborted?: AbortCheck): Promise<boolean> {
    assertKey(id, "id");
    return this.run(async () => {
      await this.sync();
      const row = this.rows.rowIds().get(id);
      if (row === undefined) return false;
      if (aborted?.()) throw new PhoenixError("ABORTED", "Nothing was removed.");
      const outcome = await commitRemove(this.db, this.owner(), id, this.rows.chunkNumberOf(row));
      this.applyWrite(outcome.previousToken, outcome.state.token, outcome.written, outcome.deleted);
      if (outcome.removed) this.channel?.postMessage(outcome.state.token);
      return outcome.removed;
    });
  }

  count(): Promise<number> {
    return this.run(async () => {
      await this.sync();
      return this.rows.size;
    });
  }

  async semanticSearch(query: unknown, topK: unknown = 5, options?: unknown): Promise<MemoryResult[]> {
    assertText(query, "query");
    assertTopK(topK);
    const { filter, minScore } = checkSearchOptions(options);
    return this.run(async () => {
      this.assertOpen();
      await this.ensureLoaded();
      // Read the token while the scan runs: another tab's write shows up in this very search.
      const token = readToken(this.db);
      token.catch(() => undefined);
      const vector = await embedOneChecked(this.embedder, query);
      let hits = this.rows.search(vector, topK, filter, minScore);
      if ((await token) !== this.token) {
        await this.sync();
        hits = this.rows.search(vector, topK, filter, minScore);
      }
      return hits.map(({ row, score }) => this.rows.result(row, score));
    });
  }

  /** Runs `use` in turn with the other operations, the entries up to date (the Context Engine's reads). */
  withEntries<T>(use: (view: EntryView) => T | Promise<T>): Promise<T> {
    return this.run(async () => {
      await this.sync();
      return use(this.rows.view(this.entriesVersion, this.db, this.token));
    });
  }

  /** Drops the in-memory index and loads it again, rebuilding the chunks from `vector_kb` if asked. */
  reload(options: { rebuild?: boolean } = {}): Promise<number> {
    return this.run(async () => {
      if (options.rebuild) await rebuildChunks(this.db, this.embedder, this.owner());
      this.loaded = false;
      await this.ensureLoaded();
      await this.verifyCount();
      return this.rows.size;
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
    const vectors = this.embedder instanceof HashEmbedder ? { embedder: this.embedder } : await embedChecked(this.embedder, texts);
    await this.ensureLoaded();
    if (aborted?.()) throw new PhoenixError("ABORTED", "Nothing was added.");
    const source = entrySource(items, jsons, vectors, Date.now());
    let applied = false;
    let outcome;
    try {
      // The index takes the new rows while the commit is under way; should the commit then fail,
      // the index is reloaded from IndexedDB before the next operation.
      outcome = await commitAdd(this.db, this.owner(), source, (pending) => {
        applied = true;
        this.applyWrite(pending.previousToken, pending.state.token, pending.written, pending.deleted);
        // While IndexedDB writes: the Context Engine indexes the new texts now rather than on its next search.
        this.onAdded?.(pending.added.map(({ id, entry }) => ({ id, text: entry.text })));
      });
    } catch (error) {
      if (applied) this.loaded = false;
      throw error;
    }
    this.channel?.postMessage(outcome.state.token);
    return outcome.added.map(({ id, entry }) => ({ id, text: entry.text, embedding: entry.vector, metadata: entry.metadata }));
  }

  /** After (or during) our own commit: adopt the chunks we wrote; the token only if nobody wrote in between. */
  private applyWrite(previousToken: string | undefined, token: string, written: readonly VectorChunkRecord[], deleted: readonly number[]): void {
    this.entriesVersion += 1;
    for (const no of deleted) this.rows.syncChunk(no, undefined);
    // Our own writes: a chunk we did not hold before holds only entries we just created.
    for (const chunk of written) this.rows.syncChunk(chunk.no, chunk, true);
    if (previousToken === this.token || this.token === undefined) this.token = token;
  }

  private async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    const start = performance.now();
    const load = () => {
      this.resetRows();
      return readSnapshot(this.db, {
        onState: (state) => this.rows.index.reserve(state.chunks.reduce((rows, chunk) => rows + chunk.count, 0)),
        onChunk: (chunk) => this.rows.syncChunk(chunk.no, chunk, true),
      });
    };
    let snapshot = await load();
    // Nothing at all is a new knowledge base; entries without chunks come from before v2.
    const empty = snapshot.state === undefined && !snapshot.hasEntries;
    if (!snapshot.consistent && !empty) {
      await this.rebuildOnce(async () => !(await load()).consistent);
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
    await this.rebuildOnce(async () => !(await countMatches(this.db)));
    this.loaded = false;
    await this.ensureLoaded();
  }

  /**
   * Rebuilds the chunks holding the Web Lock `<db>:vector-rebuild`, so two tabs that find the same
   * damage do not both rebuild: the second waits, then finds (`stillNeeded`) the work already done.
   */
  private async rebuildOnce(stillNeeded: () => Promise<boolean>): Promise<void> {
    await withRebuildLock(this.dbName, async () => {
      if (await stillNeeded()) await rebuildChunks(this.db, this.embedder, this.owner());
    });
  }

  /** Brings the index up to date with IndexedDB if the token moved. */
  private async sync(): Promise<void> {
    if (!this.loaded) return this.ensureLoaded();
    const token = await readToken(this.db);
    if (token === this.token) return;
    const changes = await readChanges(this.db, this.dim, this.rows.chunkRevisions);
    if (!changes.consistent) {
      // Someone other than a Vector KB rewrote the stores (a backup import): start over.
      this.loaded = false;
      await this.ensureLoaded();
      return this.verifyCount();
    }
    if (changes.state) assertCompatible(changes.state, this.owner());
    this.entriesVersion += 1;
    for (const no of changes.gone) this.rows.syncChunk(no, undefined);
    for (const chunk of changes.changed) this.rows.syncChunk(chunk.no, chunk);
    this.token = changes.state?.token;
  }

  private resetRows(): void {
    this.entriesVersion += 1;
    this.rows = new EntryRows(this.dim, this.simdOption());
  }
}

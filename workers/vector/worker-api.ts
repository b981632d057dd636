/**
 * The object the search worker exposes through comlink (workers/vector.worker.ts). It adapts the
 * engine to messages: an embedder proxied from the page, cancellation by operation id, and
 * embeddings packed into one buffer that is transferred rather than copied.
 */
import { transfer, type ProxyMarked, type Remote } from "comlink";
import { PhoenixError } from "../../src/errors.js";
import type { JsonObject } from "../../src/db/schema.js";
import { HashEmbedder, type Embedder } from "../../src/shared/embedder.js";
import { installErrorTransfer } from "../../src/shared/error-transfer.js";
import { VectorEngine, type EngineInfo } from "./vector-engine.js";
import type { MemoryEntry, MemoryResult, NewMemory } from "../../src/shared/vector-types.js";
import { ContextSearcher, type WorkerContextOptions, type WorkerHit } from "../context/searcher.js";
import { fetchLexicon } from "../context/lexicon.js";
import { readOpfsEarly } from "../context/persist.js";
import { decodeSnapshot } from "../context/snapshot.js";
import { LazyModels, modelCalls } from "../models/lazy.js";

export interface WorkerOpenOptions {
  dbName: string;
  dim: number;
  /** Embedder id; absent means the built-in hash embedder of `dim` dimensions. */
  embedderId?: string;
  simd?: boolean;
  /** The app's base URL: the Context Engine fetches its lexicon from there. Absent: no lexicon. */
  lexiconBase?: string;
}

/** What addMemories returns across the worker boundary: ids in order, embeddings back to back. */
export interface AddedEntries {
  ids: string[];
  embeddings: Float32Array;
}

export interface WorkerSearchOptions {
  filter?: JsonObject;
  minScore?: number;
}

/**
 * The entries with their embeddings in one buffer (a single transfer instead of one per entry);
 * no copy when they already are, as the built-in embedder writes them.
 */
function pack(entries: MemoryEntry[]): { entries: MemoryEntry[]; buffer: ArrayBuffer } {
  const dim = entries[0]?.embedding.length ?? 0;
  const shared = entries[0]?.embedding.buffer;
  const inPlace =
    shared instanceof ArrayBuffer &&
    shared.byteLength === entries.length * dim * 4 &&
    entries.every((entry, i) => entry.embedding.buffer === shared && entry.embedding.byteOffset === i * dim * 4);
  if (inPlace) return { entries, buffer: shared };
  const buffer = new Float32Array(entries.length * dim);
  const out = entries.map((entry, i) => {
    const embedding = buffer.subarray(i * dim, (i + 1) * dim);
    embedding.set(entry.embedding);
    return { ...entry, embedding };
  });
  return { entries: out, buffer: buffer.buffer };
}

function transferred(entries: MemoryEntry[]): MemoryEntry[] {
  const packed = pack(entries);
  return transfer(packed.entries, [packed.buffer]);
}

/** What the API's sections share: the open engine, the Context Engine's half, the models, cancellations. */
interface WorkerState {
  engine: VectorEngine | undefined;
  context: ContextSearcher | undefined;
  // The optional sentence model (src/models): it answers searches only once it is turned on.
  models: LazyModels | undefined;
  readonly cancelled: Set<number>;
}

/** The engine, or DB_CLOSED before `open` and after `close`. */
function opened(state: WorkerState): VectorEngine {
  if (!state.engine) throw new PhoenixError("DB_CLOSED", "The search worker is not open.");
  return state.engine;
}

const cancelCheck = (state: WorkerState, operation: number | undefined) => () => operation !== undefined && state.cancelled.has(operation);

/** Awaits an operation's work, then forgets its cancellation mark. */
async function settle<T>(state: WorkerState, operation: number | undefined, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } finally {
    if (operation !== undefined) state.cancelled.delete(operation);
  }
}

/** Opening and closing the worker: the engine, the Context Engine's searcher and the lazy models. */
function lifecycleCalls(state: WorkerState) {
  return {
    /** Opens the database and loads the index; `embedder` is a page-side embedder, proxied. */
    async open(options: WorkerOpenOptions, embedder?: Remote<Embedder & ProxyMarked>): Promise<EngineInfo> {
      if (state.engine) return state.engine.info();
      const local: Embedder = embedder
        ? {
            dim: options.dim,
            id: options.embedderId ?? "custom",
            encode: (text: string) => embedder.encode(text),
            encodeMany: (texts: readonly string[]) => embedder.encodeMany(texts),
          }
        : new HashEmbedder(options.dim);
      // The Context Engine's lexicon and persisted index are read while the Vector KB loads, not after.
      const base = options.lexiconBase;
      const lexicon = base ? fetchLexicon(base).catch(() => undefined) : undefined;
      const early = readOpfsEarly(options.dbName)?.then((bytes) => (bytes ? decodeSnapshot(bytes) : undefined)).catch(() => undefined);
      // The index loads on the first call that needs it: a first context search answered from the
      // Context Engine's persisted index does not wait for it (it starts the load once answered).
      const engine = (state.engine = await VectorEngine.open(local, { dbName: options.dbName, deferLoad: true, ...(options.simd === undefined ? {} : { simd: options.simd }) }));
      // Loads the model in use and resumes a switch under way; a failure is reported by models.status().
      const lazy = (state.models = new LazyModels(() => engine, options.dbName));
      const modelCosine = async (query: string) => (await lazy.ready())?.cosineScorer(query);
      const searcher = (state.context = new ContextSearcher(engine, () => lexicon ?? Promise.resolve(undefined), options.dbName, undefined, early, modelCosine));
      engine.onAdded = (added) => searcher.indexAdded(added);
      return engine.info();
    },
    async info(): Promise<EngineInfo> {
      const engine = opened(state);
      await engine.whenLoaded();
      return engine.info();
    },
    reload(rebuild: boolean): Promise<number> {
      state.context?.invalidate();
      return opened(state).reload({ rebuild });
    },
    /** Marks a write as cancelled; it stops if it has not started committing. */
    cancel(operation: number): void {
      state.cancelled.add(operation);
      state.models?.abort(operation);
    },
    /** Lets queued work finish, then closes the database. */
    async close(): Promise<void> {
      const closing = state.engine;
      state.engine = undefined;
      // The index's last write goes through the engine's connection: let it finish first.
      await state.context?.close();
      state.context = undefined;
      await state.models?.close();
      state.models = undefined;
      await closing?.closeWhenIdle();
    },
  };
}

/** The Vector KB's own calls: writes, reads and cosine search (the sentence model's when one is in charge). */
function memoryCalls(state: WorkerState) {
  return {
    /** The new entries' ids and embeddings: the page already holds their texts and metadata. */
    async addMemories(items: readonly NewMemory[], operation?: number): Promise<AddedEntries> {
      const { entries, buffer } = pack(await settle(state, operation, opened(state).addMemories(items, cancelCheck(state, operation))));
      await (await state.models?.ready())?.afterAdd(entries.map((entry) => entry.id), entries.map((entry) => entry.text));
      const embeddings = new Float32Array(buffer);
      return transfer({ ids: entries.map((entry) => entry.id), embeddings }, [buffer]);
    },
    async all(): Promise<MemoryEntry[]> {
      return transferred(await opened(state).all());
    },
    async get(id: string): Promise<MemoryEntry | undefined> {
      const entry = await opened(state).get(id);
      if (!entry) return undefined;
      const { entries, buffer } = pack([entry]);
      return transfer(entries[0]!, [buffer]);
    },
    remove(id: string, operation?: number): Promise<boolean> {
      return settle(state, operation, opened(state).remove(id, cancelCheck(state, operation)));
    },
    count(): Promise<number> {
      return opened(state).count();
    },
    async semanticSearch(query: string, topK: number, options: WorkerSearchOptions): Promise<MemoryResult[]> {
      const model = await state.models?.ready();
      return (await model?.search(query, topK, options)) ?? opened(state).semanticSearch(query, topK, options);
    },
  };
}

/** The Context Engine's worker half (workers/context/searcher.ts), reached once the worker is open. */
function contextCalls(state: WorkerState) {
  const searcher = (): ContextSearcher => {
    opened(state);
    return state.context!;
  };
  return {
    /** The Context Engine's search over Vector KB, Mind and cortex (and soul memories sent with it). */
    contextSearch(query: string, options: WorkerContextOptions, operation?: number): Promise<WorkerHit[]> {
      return settle(state, operation, searcher().search(query, options, cancelCheck(state, operation)));
    },
    /** Runs each query as contextSearch inside the worker and returns the times there (ms), for the benchmark. */
    contextProfile(queries: readonly string[], options: WorkerContextOptions) {
      return searcher().profile(queries, options);
    },
    /** Where the Context Engine's index came from, its size, and where it is persisted. */
    contextInfo() {
      return searcher().info();
    },
    /** Mind or cortex keys written on the page: read again before the next search. */
    contextChanged(changes: WorkerContextOptions["changes"]): void {
      state.context?.note(changes);
    },
  };
}

export function createVectorWorkerApi() {
  installErrorTransfer();
  const state: WorkerState = { engine: undefined, context: undefined, models: undefined, cancelled: new Set() };
  const lazyModels = (): LazyModels => {
    opened(state);
    return state.models!;
  };
  return { ...lifecycleCalls(state), ...memoryCalls(state), ...contextCalls(state), ...modelCalls(lazyModels) };
}

/**
 * `phoenix.vectorKb`: the page-side Vector KB. Checks input here, where a typed error is cheap and
 * nothing has been posted yet, then hands the work to the search worker through the bridge.
 *
 *     const kb = createVectorKb({ dbName: "phoenix" });
 *     await kb.addMemory("The capital of France is Paris", { category: "geography" });
 *     await kb.semanticSearch("What is the capital of France?", 5);   // [{ id, text, score, metadata }]
 */
import { PhoenixError } from "../errors.js";
import { DEFAULT_EMBEDDING_DIM, MAX_EMBEDDING_DIM, type Embedder } from "../shared/embedder.js";
import type { JsonObject } from "../db/schema.js";
import type { Remote } from "comlink";
import { VectorBridge, type WorkerFactory } from "./bridge.js";
import type { VectorWorkerApi } from "../../workers/vector.worker.js";
import type { EngineInfo } from "../../workers/vector/engine-types.js";
import type { CallOptions, MemoryEntry, MemoryResult, NewMemory, SearchOptions, VectorKb, VectorKbOptions } from "../shared/vector-types.js";
import type { StoreChange, WorkerContextOptions, WorkerHit } from "../../workers/context/searcher.js";
import type { ContextIndexInfo } from "../context/types.js";
import { assertKey, assertMemoryText, assertText, assertTopK, checkMetadata, checkNewMemories, checkSearchOptions } from "../shared/vector-input.js";

export interface CreateVectorKbOptions extends VectorKbOptions {
  /** Where the worker comes from (tests: a MessageChannel port). Default: workers/vector.worker.ts. */
  createWorker?: WorkerFactory;
  /** false forces the plain JavaScript kernel. */
  simd?: boolean;
}

/** The Vector KB plus what tools need: reload after an import, diagnostics for the benchmark. */
export interface VectorKbHandle extends VectorKb {
  /** Reloads the worker's index from IndexedDB (after a backup import); rebuilds the chunks if asked. */
  reload(options?: { rebuild?: boolean } & CallOptions): Promise<void>;
  /** Count, kernel, memory held and last load time, as the worker sees them. */
  info(options?: CallOptions): Promise<EngineInfo>;
  /** The Context Engine's half in the worker (src/context); options are checked by `phoenix.context`. */
  contextSearch(query: string, options: WorkerContextOptions, call?: CallOptions): Promise<WorkerHit[]>;
  /** Context searches timed inside the worker, with the full-text index's size (benchmark). */
  contextProfile(queries: readonly string[], options: WorkerContextOptions, call?: CallOptions): Promise<{ times: number[]; info: ContextIndexInfo }>;
  /** Where the Context Engine's index came from and where it is persisted. */
  contextInfo(call?: CallOptions): Promise<ContextIndexInfo>;
  /** Tells a running worker which Mind or cortex keys were written, so its index follows. */
  contextChanged(changes: readonly StoreChange[]): void;
  /** True while the worker is running (it stops after `idleMs` without calls). */
  readonly workerStarted: boolean;
  /**
   * Runs `work` in the search worker as a cancellable write (abort asks the worker to stop and waits
   * for its answer): the way `phoenix.models` (src/models) reaches its worker half.
   */
  callWorker<T>(work: (api: Remote<VectorWorkerApi>, operation: number) => Promise<T>, call?: CallOptions): Promise<T>;
}

export function createVectorKb(options: CreateVectorKbOptions): VectorKbHandle {
  assertEmbedder(options.embedder);
  const bridge = new VectorBridge({
    dbName: options.dbName,
    embedder: options.embedder,
    idleMs: options.idleMs,
    createWorker: options.createWorker,
    simd: options.simd,
  });
  const embeddingDim = options.embedder?.dim ?? DEFAULT_EMBEDDING_DIM;
  return {
    embeddingDim,
    get workerStarted() {
      return bridge.started;
    },
    ...memoryMethods(bridge, embeddingDim),
    ...toolMethods(bridge),
    close(): void {
      bridge.close();
    },
  };
}

/** A caller's own embedder is checked here, before a worker is started for it. */
function assertEmbedder(embedder: Embedder | undefined): void {
  if (embedder === undefined) return;
  const { dim, encodeMany } = embedder as Partial<Embedder>;
  if (typeof dim !== "number" || !Number.isInteger(dim) || dim < 1 || dim > MAX_EMBEDDING_DIM) {
    throw new PhoenixError("INVALID_ARGUMENT", `An embedder's dim must be an integer from 1 to ${MAX_EMBEDDING_DIM}.`);
  }
  if (typeof encodeMany !== "function") throw new PhoenixError("INVALID_ARGUMENT", "An embedder needs encodeMany(texts).");
}

type MemoryMethods = Omit<VectorKb, "embeddingDim" | "close">;

/** The seed's Vector KB calls: input checked here, the work done in the worker. */
function memoryMethods(bridge: VectorBridge, embeddingDim: number): MemoryMethods {
  /** The worker answers with ids and embeddings only; texts and metadata are the ones sent. */
  const add = async (items: ReadonlyArray<{ text: string; metadata: JsonObject }>, call: CallOptions): Promise<MemoryEntry[]> => {
    const { ids, embeddings } = await bridge.call((api, operation) => api.addMemories(items, operation), {
      signal: call.signal,
      write: true,
    });
    const dim = ids.length > 0 ? embeddings.length / ids.length : embeddingDim;
    return items.map((item, i) => ({ id: ids[i]!, text: item.text, embedding: embeddings.subarray(i * dim, (i + 1) * dim), metadata: item.metadata }));
  };

  return {
    async addMemory(text: string, metadata?: JsonObject, call: CallOptions = {}): Promise<MemoryEntry> {
      assertMemoryText(text, "memory text");
      return (await add([{ text, metadata: checkMetadata(metadata) }], call))[0]!;
    },

    async addMemories(items: readonly NewMemory[], call: CallOptions = {}): Promise<MemoryEntry[]> {
      const checked = checkNewMemories(items);
      if (checked.length === 0) return [];
      return add(checked, call);
    },

    all(call: CallOptions = {}): Promise<MemoryEntry[]> {
      return bridge.call((api) => api.all(), { signal: call.signal });
    },

    async get(id: string, call: CallOptions = {}): Promise<MemoryEntry | undefined> {
      assertKey(id, "id");
      return bridge.call((api) => api.get(id), { signal: call.signal });
    },

    async remove(id: string, call: CallOptions = {}): Promise<boolean> {
      assertKey(id, "id");
      return bridge.call((api, operation) => api.remove(id, operation), { signal: call.signal, write: true });
    },

    count(call: CallOptions = {}): Promise<number> {
      return bridge.call((api) => api.count(), { signal: call.signal });
    },

    async semanticSearch(query: string, topK = 5, search: SearchOptions = {}): Promise<MemoryResult[]> {
      assertText(query, "query");
      assertTopK(topK);
      const { filter, minScore } = checkSearchOptions(search);
      const forWorker = { ...(filter === undefined ? {} : { filter }), ...(minScore === undefined ? {} : { minScore }) };
      return bridge.call((api) => api.semanticSearch(query, topK, forWorker), { signal: search.signal });
    },
  };
}

type ToolMethods = Omit<VectorKbHandle, keyof VectorKb | "workerStarted">;

/** What the facade's other parts need of the worker: reload, diagnostics, the Context Engine, the models. */
function toolMethods(bridge: VectorBridge): ToolMethods {
  return {
    async reload(reload: { rebuild?: boolean } & CallOptions = {}): Promise<void> {
      // A worker that is not running loads fresh when it starts: nothing to do.
      if (!bridge.started && !reload.rebuild) return;
      await bridge.call((api) => api.reload(reload.rebuild === true), { signal: reload.signal });
    },

    info(call: CallOptions = {}): Promise<EngineInfo> {
      return bridge.call((api) => api.info(), { signal: call.signal });
    },

    contextSearch(query: string, options: WorkerContextOptions, call: CallOptions = {}): Promise<WorkerHit[]> {
      return bridge.call((api, operation) => api.contextSearch(query, options, operation), { signal: call.signal });
    },

    contextProfile(queries: readonly string[], options: WorkerContextOptions, call: CallOptions = {}) {
      return bridge.call((api) => api.contextProfile(queries, options), { signal: call.signal });
    },

    contextInfo(call: CallOptions = {}) {
      return bridge.call((api) => api.contextInfo(), { signal: call.signal });
    },

    contextChanged(changes: readonly StoreChange[]): void {
      if (!bridge.started || changes.length === 0) return;
      void bridge.call((api) => api.contextChanged([...changes])).catch(() => undefined);
    },

    callWorker<T>(work: (api: Remote<VectorWorkerApi>, operation: number) => Promise<T>, call: CallOptions = {}): Promise<T> {
      return bridge.call(work, { signal: call.signal, write: true });
    },
  };
}

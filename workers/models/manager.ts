/**
 * The worker half of `phoenix.models`: which embedder answers, switching between them, and the
 * background re-embed. A model is loaded (worker/model-runtime.ts, imported only now) when it is turned
 * on; the re-embed gives every Vector KB entry a vector from it, in small batches written as they
 * come, so a reload resumes where it stopped (the vectors already written are kept and skipped).
 * Searches answer on the previous vectors until every entry has one from the new model. A model
 * that fails to load or run leaves the hash embedder in charge with the reason in `status().error`.
 */
import { PhoenixError, isPhoenixError } from "../../src/errors.js";
import type { VectorEngine } from "../vector/vector-engine.js";
import type { MemoryResult } from "../../src/shared/vector-types.js";
import { assertText, assertTopK, checkSearchOptions } from "../../src/shared/vector-input.js";
import { HASH_EMBEDDER, type ModelFailure, type ModelProgress, type ModelStatus, type StoredModel, type Tokenized } from "../../src/models/types.js";
import { modelEmbedderId } from "../../src/models/known.js";
import { findModel, readModelFiles, unavailable } from "./store.js";
import { ModelVectors, type ModelState } from "./vectors.js";
import type { TransformerEmbedder } from "./model-runtime.js";
import { searchModelVectors } from "./search.js";

/** Entries embedded per written batch: a reload loses at most this many. */
const REEMBED_BATCH = 32;
export type ProgressSink = (progress: ModelProgress) => void;

interface Job {
  model: string;
  controller: AbortController;
  /** True when the switch completed; false when it was stopped. */
  done: Promise<boolean>;
  progress: { done: number; total: number };
  listeners: Set<ProgressSink>;
}

export class ModelManager {
  private readonly engine: VectorEngine;
  private readonly store: ModelVectors;
  private state: ModelState | undefined;
  private readonly loaded = new Map<string, Promise<TransformerEmbedder>>();
  /** The active model's vectors by entry id (absent while the hash embedder is active). */
  private activeVectors: Map<string, Float32Array> | undefined;
  private job: Job | undefined;
  private error: ModelStatus["error"];
  private closed = false;

  constructor(engine: VectorEngine, dbName: string) {
    this.engine = engine;
    this.store = new ModelVectors(dbName);
  }

  /** Reads the stored choice, loads the active model and resumes a switch under way. */
  async start(): Promise<void> {
    const state = await this.currentState();
    if (state.active !== HASH_EMBEDDER) {
      try {
        await this.activate(state.active);
      } catch (error) {
        this.fail(error);
      }
    }
    if (state.target !== undefined) this.startJob(state.target);
  }

  async status(): Promise<ModelStatus> {
    const state = await this.currentState();
    const active = this.activeVectors ? state.active : HASH_EMBEDDER;
    const status: ModelStatus = { active, baseUrl: state.baseUrl };
    if (state.target !== undefined) {
      status.target = state.target;
      // Before the job's first count, the stored vectors tell how far it got.
      const progress = this.job && this.job.progress.total > 0 ? this.job.progress : await this.countProgress(state.target);
      status.reembed = { ...progress, running: this.job !== undefined };
    }
    if (this.error) status.error = this.error;
    return status;
  }

  async setBaseUrl(baseUrl: string): Promise<ModelStatus> {
    await this.saveState({ ...(await this.currentState()), baseUrl });
    return this.status();
  }

  async baseUrl(): Promise<string> {
    return (await this.currentState()).baseUrl;
  }

  /** Switches to `id` ("hash" or a stored model); resolves when searches use it. */
  async use(id: string, signal: AbortSignal, onProgress?: ProgressSink): Promise<ModelStatus> {
    const state = await this.currentState();
    if (id === HASH_EMBEDDER) {
      this.stopJob();
      this.activeVectors = undefined;
      await this.saveState({ type: "model-state", version: 1, active: HASH_EMBEDDER, baseUrl: state.baseUrl });
      return this.status();
    }
    const model = await findModel(id);
    if (!model) throw new PhoenixError("MODEL_NOT_FOUND", `No stored model "${id}".`);
    if (model.dim !== this.engine.dim) {
      throw unavailable("bad-file", `${id} makes ${model.dim}-value vectors; the Vector KB holds ${this.engine.dim}.`);
    }
    // Load before anything is recorded: a model that cannot load changes nothing.
    await this.embedder(model);
    if (state.active === id && this.activeVectors) return this.status();
    if (this.job && this.job.model !== id) this.stopJob();
    await this.saveState({ ...(await this.currentState()), target: id });
    const job = this.job ?? this.startJob(id);
    if (onProgress) job.listeners.add(onProgress);
    let cancelling: Promise<unknown> | undefined;
    const onAbort = () => {
      cancelling = this.cancelSwitch();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    let completed: boolean;
    try {
      completed = await job.done;
    } finally {
      signal.removeEventListener("abort", onAbort);
      if (onProgress) job.listeners.delete(onProgress);
    }
    // The caller sees the switch cancelled only once the stored choice says so.
    await cancelling?.catch(() => undefined);
    if (!completed) throw new PhoenixError("ABORTED", "The switch was cancelled; the vectors made so far are kept.");
    return this.status();
  }

  /** Stops the switch under way; the previous embedder stays, the vectors made so far are kept. */
  async cancelSwitch(): Promise<ModelStatus> {
    this.stopJob();
    const state = await this.currentState();
    if (state.target !== undefined) await this.saveState({ type: "model-state", version: 1, active: state.active, baseUrl: state.baseUrl });
    return this.status();
  }

  /** Forgets a removed model: its vectors go, and the hash embedder takes over if it was in use. */
  async forget(id: string): Promise<void> {
    const state = await this.currentState();
    if (this.job?.model === id) this.stopJob();
    this.loaded.delete(id);
    if (state.active === id || state.target === id) {
      if (state.active === id) this.activeVectors = undefined;
      const active = state.active === id ? HASH_EMBEDDER : state.active;
      await this.saveState({ type: "model-state", version: 1, active, baseUrl: state.baseUrl });
    }
    await this.store.removeEmbedder(modelEmbedderId(id));
  }

  /** The model's answer when it is in charge and every entry has its vector; otherwise undefined. */
  async search(query: unknown, topK: unknown, options: unknown): Promise<MemoryResult[] | undefined> {
    const vectors = this.activeVectors;
    const id = this.state?.active;
    if (!vectors || id === undefined || id === HASH_EMBEDDER) return undefined;
    assertText(query, "query");
    assertTopK(topK);
    const { filter, minScore } = checkSearchOptions(options);
    const queryVector = await this.embedQuery(id, query);
    if (!queryVector) return undefined;
    const hits = await this.engine.withEntries((view) => searchModelVectors(view, vectors, queryVector, topK, filter, minScore));
    // Entries without a model vector came from elsewhere (a backup import, another tab on an older
    // build): the hash embedder answers while they get theirs in the background.
    if (hits === undefined && !this.job) this.startJob(id);
    return hits;
  }

  /** The model's cosine for the Context Engine's vector channel, or undefined on the hash embedder. */
  async cosineScorer(query: string): Promise<((ref: string) => number | undefined) | undefined> {
    const vectors = this.activeVectors;
    const id = this.state?.active;
    if (!vectors || id === undefined || id === HASH_EMBEDDER) return undefined;
    const q = await this.embedQuery(id, query);
    if (!q) return undefined;
    return (ref) => {
      const v = vectors.get(ref);
      if (!v) return undefined;
      let dot = 0;
      for (let d = 0; d < q.length; d += 1) dot += q[d]! * v[d]!;
      return dot;
    };
  }

  /** Gives entries just added their vectors from the model in charge (and from a switch under way). */
  async afterAdd(ids: readonly string[], texts: readonly string[]): Promise<void> {
    const id = this.state?.active;
    if (!this.activeVectors || id === undefined || id === HASH_EMBEDDER || ids.length === 0) return;
    try {
      const model = await findModel(id);
      if (!model) throw unavailable("missing-file", `${id} is no longer stored.`);
      const vectors = await (await this.embedder(model)).encodeMany(texts);
      const pairs = ids.map((entry, i) => [entry, vectors[i]!] as const);
      await this.store.put(model.embedderId, pairs);
      for (const [entry, vector] of pairs) this.activeVectors.set(entry, vector);
    } catch (error) {
      this.fail(error);
    }
  }

  async embed(texts: readonly string[], modelId?: string): Promise<Float32Array[]> {
    return (await this.embedderFor(modelId)).encodeMany(texts);
  }

  async tokenize(text: string, modelId?: string): Promise<Tokenized> {
    return (await this.embedderFor(modelId)).tokenize(text);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopJob();
    await this.store.close();
  }

  // ——— internals ———

  private async embedderFor(modelId: string | undefined): Promise<TransformerEmbedder> {
    const state = await this.currentState();
    const id = modelId ?? state.target ?? state.active;
    if (id === HASH_EMBEDDER) throw new PhoenixError("MODEL_NOT_FOUND", "No model is turned on: pass { model } or call use(id) first.");
    const model = await findModel(id);
    if (!model) throw new PhoenixError("MODEL_NOT_FOUND", `No stored model "${id}".`);
    return this.embedder(model);
  }

  private async embedQuery(id: string, query: string): Promise<Float32Array | undefined> {
    try {
      const model = await findModel(id);
      if (!model) throw unavailable("missing-file", `${id} is no longer stored.`);
      return await (await this.embedder(model)).encode(query);
    } catch (error) {
      this.fail(error);
      return undefined;
    }
  }

  /** Loads a model once (the runtime module is imported here, the first time only). */
  private embedder(model: StoredModel): Promise<TransformerEmbedder> {
    let loading = this.loaded.get(model.id);
    if (!loading) {
      loading = (async () => {
        const files = await readModelFiles(model);
        const { TransformerEmbedder } = await import("./model-runtime.js");
        return TransformerEmbedder.load(model, files);
      })();
      this.loaded.set(model.id, loading);
      loading.catch(() => this.loaded.delete(model.id));
    }
    return loading;
  }

  private async activate(id: string): Promise<void> {
    const model = await findModel(id);
    if (!model) throw unavailable("missing-file", `The model in use, ${id}, is no longer stored.`);
    await this.embedder(model);
    this.activeVectors = await this.store.load(model.embedderId);
    this.error = undefined;
  }

  /** A model failure: the hash embedder answers from now on; the reason is kept for status(). */
  private fail(error: unknown): void {
    this.activeVectors = undefined;
    const reason: ModelFailure = isPhoenixError(error, "MODEL_UNAVAILABLE") ? ((error.subject as ModelFailure | undefined) ?? "load-failed") : "load-failed";
    const message = error instanceof Error ? error.message : String(error);
    this.error = { code: "MODEL_UNAVAILABLE", reason, message };
  }

  private startJob(id: string): Job {
    const controller = new AbortController();
    const job: Job = { model: id, controller, progress: { done: 0, total: 0 }, listeners: new Set(), done: Promise.resolve(false) };
    job.done = this.reembed(job).finally(() => {
      if (this.job === job) this.job = undefined;
    });
    job.done.catch(() => false);
    this.job = job;
    return job;
  }

  private stopJob(): void {
    this.job?.controller.abort();
    this.job = undefined;
  }

  /** Gives every entry a vector from `job.model`, then makes it the embedder in charge. */
  private async reembed(job: Job): Promise<boolean> {
    const { signal } = job.controller;
    try {
      const model = await findModel(job.model);
      if (!model) throw unavailable("missing-file", `${job.model} is no longer stored.`);
      const embedder = await this.embedder(model);
      const have = await this.store.load(model.embedderId);
      for (;;) {
        const missing = await this.engine.withEntries((view) => {
          const out: Array<[string, string]> = [];
          for (const [entry, row] of view.rows()) if (!have.has(entry)) out.push([entry, view.text(row)]);
          job.progress = { done: view.rows().size - out.length, total: view.rows().size };
          return out;
        });
        this.report(job);
        if (missing.length === 0) break;
        for (let from = 0; from < missing.length; from += REEMBED_BATCH) {
          if (signal.aborted || this.closed) return false;
          const batch = missing.slice(from, from + REEMBED_BATCH);
          const vectors = await embedder.encodeMany(batch.map(([, text]) => text));
          if (signal.aborted || this.closed) return false;
          const pairs = batch.map(([entry], i) => [entry, vectors[i]!] as const);
          await this.store.put(model.embedderId, pairs);
          for (const [entry, vector] of pairs) have.set(entry, vector);
          job.progress = { done: job.progress.done + batch.length, total: job.progress.total };
          this.report(job);
        }
      }
      if (signal.aborted || this.closed) return false;
      const state = await this.currentState();
      await this.saveState({ type: "model-state", version: 1, active: job.model, baseUrl: state.baseUrl });
      this.activeVectors = have;
      this.error = undefined;
      return true;
    } catch (error) {
      if (signal.aborted) return false;
      this.fail(error);
      // The switch is abandoned; the previous embedder stays in charge.
      const state = await this.currentState();
      await this.saveState({ type: "model-state", version: 1, active: state.active === job.model ? HASH_EMBEDDER : state.active, baseUrl: state.baseUrl });
      throw error;
    }
  }

  private report(job: Job): void {
    for (const listener of job.listeners) {
      try {
        listener({ phase: "reembed", ...job.progress });
      } catch {
        // A page that went away cannot take progress; the work goes on.
      }
    }
  }

  private async countProgress(id: string): Promise<{ done: number; total: number }> {
    const have = await this.store.load(modelEmbedderId(id));
    return this.engine.withEntries((view) => {
      let done = 0;
      for (const entry of view.rows().keys()) if (have.has(entry)) done += 1;
      return { done, total: view.rows().size };
    });
  }

  private async currentState(): Promise<ModelState> {
    this.state ??= await this.store.readState();
    return this.state;
  }

  private async saveState(state: ModelState): Promise<void> {
    await this.store.writeState(state);
    this.state = state;
  }
}

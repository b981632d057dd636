/**
 * The page's only way to the search worker. Starts it on first use, stops it after a while
 * without calls (it restarts on the next one), cancels on AbortSignal, keeps PhoenixError codes
 * across comlink, and turns a crashed or killed worker into WORKER_FAILED instead of a call that
 * never settles.
 */
import { expose, proxy, releaseProxy, wrap, type Endpoint, type Remote } from "comlink";
import { PhoenixError, isPhoenixError } from "../errors.js";
import { HashEmbedder, type Embedder } from "../shared/embedder.js";
import { installErrorTransfer } from "../shared/error-transfer.js";
import type { VectorWorkerApi } from "../../workers/vector.worker.js";

export interface WorkerLike extends Endpoint {
  terminate(): void;
}

export type WorkerFactory = () => WorkerLike;

export const DEFAULT_IDLE_MS = 5 * 60 * 1000;
/** How long close() lets the worker finish queued writes before it is terminated anyway. */
const CLOSE_GRACE_MS = 5_000;

export function startVectorWorker(): WorkerLike {
  if (typeof Worker === "function") {
    return new Worker(new URL("../../workers/vector.worker.ts", import.meta.url), { type: "module", name: "phoenix-vector" });
  }
  return startInThisThread();
}

/**
 * Where there are no workers (Node, a test runner), the same API runs in this thread behind a
 * MessageChannel: identical messages and errors, only without the second thread. Loaded lazily so
 * browsers never download it twice.
 */
function startInThisThread(): WorkerLike {
  const { port1, port2 } = new MessageChannel();
  // Node keeps a process alive while a port is open; the index must not.
  for (const port of [port1, port2]) (port as { unref?: () => void }).unref?.();
  let api: { close(): Promise<void> } | undefined;
  void import("../../workers/vector/worker-api.js").then(({ createVectorWorkerApi }) => {
    api = createVectorWorkerApi();
    expose(api, port1);
  });
  return Object.assign(port2, {
    terminate() {
      // A real worker's database connection dies with it; here it must be closed by hand.
      void api?.close();
      port1.close();
      port2.close();
    },
  });
}

/** Where the app's files are, so the worker can fetch the Context Engine's lexicon (none outside a page). */
function lexiconBase(): { lexiconBase?: string } {
  const base = (globalThis as { document?: { baseURI?: string } }).document?.baseURI;
  return typeof base === "string" && /^https?:/.test(base) ? { lexiconBase: base } : {};
}

export interface BridgeOptions {
  dbName: string;
  embedder?: Embedder | undefined;
  idleMs?: number | undefined;
  /** Where the worker comes from; tests pass a MessageChannel port. */
  createWorker?: WorkerFactory | undefined;
  /** false forces the plain JavaScript kernel (tests, comparisons). */
  simd?: boolean | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** A write is not abandoned on abort: the worker is asked to cancel and its answer is awaited. */
  write?: boolean;
}

interface Running {
  worker: WorkerLike;
  remote: Remote<VectorWorkerApi>;
  ready: Promise<void>;
  /** Rejects when the worker dies or is killed; every call races it. */
  death: Promise<never>;
  kill: (error: PhoenixError) => void;
  abandoned: boolean;
}

export class VectorBridge {
  private readonly options: BridgeOptions;
  private running: Running | undefined;
  private stopping: Promise<void> | undefined;
  private pending = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;
  private nextOperation = 1;

  constructor(options: BridgeOptions) {
    this.options = options;
    installErrorTransfer();
  }

  /** True while a worker is started (for tests of idle shutdown). */
  get started(): boolean {
    return this.running !== undefined;
  }

  /**
   * Runs `work` against the worker. `operation` is an id the worker can be asked to cancel.
   */
  async call<T>(work: (api: Remote<VectorWorkerApi>, operation: number) => Promise<T>, options: CallOptions = {}): Promise<T> {
    const { signal, write = false } = options;
    if (this.closed) throw new PhoenixError("DB_CLOSED", "The Vector KB was closed.");
    if (signal?.aborted) throw aborted(signal);
    this.pending += 1;
    this.clearIdle();
    try {
      const running = await this.start();
      const operation = this.nextOperation++;
      const result = Promise.race([work(running.remote, operation), running.death]);
      if (!signal) return await result;
      return await new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          if (write) void running.remote.cancel(operation).catch(() => undefined);
          else reject(aborted(signal));
        };
        signal.addEventListener("abort", onAbort, { once: true });
        result.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
      });
    } catch (error) {
      throw asPhoenixError(error);
    } finally {
      this.pending -= 1;
      this.scheduleIdle();
    }
  }

  /** Stops the worker; calls already sent finish first (within a grace period). Later calls: DB_CLOSED. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearIdle();
    void this.stop(new PhoenixError("DB_CLOSED", "The Vector KB was closed."));
  }

  private async start(): Promise<Running> {
    while (this.stopping) await this.stopping;
    if (this.closed) throw new PhoenixError("DB_CLOSED", "The Vector KB was closed.");
    if (!this.running) this.running = this.launch();
    const running = this.running;
    await Promise.race([running.ready, running.death]);
    return running;
  }

  private launch(): Running {
    const worker = (this.options.createWorker ?? startVectorWorker)();
    const remote = wrap<VectorWorkerApi>(worker);
    let kill!: (error: PhoenixError) => void;
    const death = new Promise<never>((_, reject) => {
      kill = reject;
    });
    death.catch(() => undefined);
    const onError = (event: Event) => {
      const message = (event as ErrorEvent).message;
      this.abandon(running, new PhoenixError("WORKER_FAILED", message ? String(message) : undefined));
    };
    worker.addEventListener("error", onError);
    worker.addEventListener("messageerror", onError);
    const { embedder, dbName, simd } = this.options;
    const custom = embedder !== undefined && !(embedder instanceof HashEmbedder);
    const ready = remote
      .open(
        {
          dbName,
          dim: embedder?.dim ?? new HashEmbedder().dim,
          ...(custom ? { embedderId: embedder.id ?? "custom" } : {}),
          ...(simd === undefined ? {} : { simd }),
          ...lexiconBase(),
        },
        custom ? proxy(embedder) : undefined,
      )
      .then(() => undefined);
    const running: Running = { worker, remote, ready, death, kill, abandoned: false };
    // A worker that cannot open (wrong dimension, storage failure) is not kept: the next call retries.
    ready.catch((error: unknown) => this.abandon(running, asPhoenixError(error)));
    return running;
  }

  /** Terminates a worker at once, failing its calls. */
  private abandon(running: Running, error: PhoenixError): void {
    if (this.running === running) this.running = undefined;
    if (running.abandoned) return;
    running.abandoned = true;
    running.kill(error);
    running.worker.terminate();
    running.remote[releaseProxy]();
  }

  /** Closes the worker's database after its queued work, then terminates it. */
  private stop(reason: PhoenixError): Promise<void> {
    const running = this.running;
    if (!running) return Promise.resolve();
    this.running = undefined;
    const graceful = Promise.race([
      running.ready.then(() => running.remote.close()),
      running.death,
      new Promise<void>((resolve) => setTimeout(resolve, CLOSE_GRACE_MS)),
    ]).catch(() => undefined);
    const stopping = graceful.then(() => this.abandon(running, reason));
    this.stopping = stopping.finally(() => {
      if (this.stopping === tracked) this.stopping = undefined;
    });
    const tracked = this.stopping;
    return tracked;
  }

  private scheduleIdle(): void {
    if (this.pending > 0 || this.closed || !this.running) return;
    const idleMs = this.options.idleMs ?? DEFAULT_IDLE_MS;
    if (!Number.isFinite(idleMs)) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.pending === 0) void this.stop(new PhoenixError("WORKER_FAILED", "The idle search worker was stopped."));
    }, idleMs);
  }

  private clearIdle(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

function aborted(signal: AbortSignal): PhoenixError {
  return new PhoenixError("ABORTED", undefined, { cause: signal.reason });
}

/** Errors from the worker that are not ours (a bug, a clone failure) still reach callers typed. */
function asPhoenixError(error: unknown): PhoenixError {
  if (isPhoenixError(error)) return error;
  if (error instanceof DOMException && error.name === "DataCloneError") {
    return new PhoenixError("INVALID_VALUE", error.message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new PhoenixError("WORKER_FAILED", message, { cause: error });
}

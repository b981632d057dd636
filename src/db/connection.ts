/**
 * One Phoenix database connection that survives being lost.
 *
 * Browsers drop an IndexedDB connection under a running page: iOS/WebKit reports "Connection to Indexed
 * Database server lost", Chromium closes it when the backing store fails, and any code may call close().
 * The stores hold the `db` this module hands out: a stand-in that forwards every call to the current
 * connection, so after `reopen()` the same object reaches a fresh one and no store needs to know.
 *
 * It also counts the write transactions it started. A call that failed on a lost connection is safe to
 * run again only if it started none: nothing of it can have committed (src/db/reconnect.ts decides).
 */
import { unwrap, wrap } from "idb";
import { PhoenixError } from "../errors.js";
import type { PhoenixDB } from "./schema.js";

export interface ConnectionOptions {
  /** Opens a new raw connection (openPhoenixDB, with this profile's name and callbacks). */
  open(): Promise<PhoenixDB>;
}

export class PhoenixConnection {
  /** The stand-in the stores use; always reaches the current connection. */
  readonly db: PhoenixDB;
  private current: IDBDatabase;
  private reopening: Promise<void> | undefined;
  private writes = 0;
  /** Closed on purpose (close(), a newer version elsewhere): never reopened behind the caller's back. */
  private final = false;
  private lost = false;

  constructor(first: PhoenixDB, private readonly options: ConnectionOptions) {
    this.current = raw(first);
    this.watch(this.current);
    const connection = this;
    // A stand-in for the raw IDBDatabase, wrapped by idb like any other, so `unwrap(db)` still gives a raw
    // database (writeTx's bulk paths) and every idb shortcut (db.get, db.transaction) keeps working.
    const standIn = new Proxy(this.current, {
      get(_target, property) {
        const target = connection.current;
        if (property === "transaction") return connection.transaction.bind(connection);
        // Closing the stand-in drops the current connection only, as a browser would: the next call
        // reconnects. The facade's close() is the one that closes for good.
        if (property === "close") return () => target.close();
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
      set(_target, property, value) {
        return Reflect.set(connection.current, property, value, connection.current);
      },
      getPrototypeOf: () => IDBDatabase.prototype,
    });
    this.db = wrap(standIn) as unknown as PhoenixDB;
  }

  /** How many write transactions this connection has started so far (any call, any store). */
  get writesStarted(): number {
    return this.writes;
  }

  /** True after close() or a version change: the caller must reload rather than reconnect. */
  get closedForGood(): boolean {
    return this.final;
  }

  /** True when the browser closed the connection underneath (the `close` event), until reopened. */
  get connectionLost(): boolean {
    return this.lost;
  }

  /** Closes for good: later calls fail with DB_CLOSED and are not retried. */
  close(): void {
    this.final = true;
    this.current.close();
  }

  /** Marks the connection as closed on purpose by a version change elsewhere (see open.ts). */
  markVersionChange(): void {
    this.final = true;
  }

  /**
   * Replaces the connection with a new one. Concurrent callers share one reopening; a failure is
   * DB_CLOSED saying to reload.
   */
  reopen(): Promise<void> {
    if (this.final) return Promise.reject(reloadError("The database was closed on purpose."));
    this.reopening ??= (async () => {
      try {
        this.current.close();
      } catch {
        // Already gone.
      }
      try {
        const next = raw(await this.options.open());
        this.current = next;
        this.lost = false;
        this.watch(next);
      } catch (error) {
        throw reloadError("Reopening it failed.", error);
      }
    })().finally(() => {
      this.reopening = undefined;
    });
    return this.reopening;
  }

  private transaction(names: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions): IDBTransaction {
    const tx = this.current.transaction(names, mode, options);
    if (mode === "readwrite") this.writes += 1;
    return tx;
  }

  private watch(db: IDBDatabase): void {
    db.addEventListener("close", () => {
      if (db === this.current) this.lost = true;
    });
  }
}

/** DB_CLOSED, with the advice to reload. */
export function reloadError(detail: string, cause?: unknown): PhoenixError {
  return new PhoenixError("DB_CLOSED", detail, cause === undefined ? {} : { cause });
}

function raw(db: PhoenixDB): IDBDatabase {
  return unwrap(db) as IDBDatabase;
}

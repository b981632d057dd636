/**
 * The one transaction helper, and the one place storage failures become PhoenixErrors: `writeTx` for
 * writes with a deliberate durability, `readTx` for raw read transactions, `storageCall` for the reads
 * that need no transaction of their own (idb's `db.get`/`db.count`, other databases).
 *
 * Chrome's default durability became "relaxed", which reports success before the data reaches disk.
 * Memories and vaults are written "strict"; high-volume Hyperspace batches may choose "relaxed".
 *
 * Bulk paths work on the unwrapped IDBObjectStore: issuing 100,000 raw `put` requests without a promise
 * per request is what keeps our layer within a few percent of raw IndexedDB, and avoids an unhandled
 * rejection per request when the transaction aborts.
 */
import { unwrap, type StoreKey, type StoreValue } from "idb";
import { toStorageError } from "../errors.js";
import { CONTEXT_STAMP_KEY, type AnyStoreName, type PhoenixDB, type PhoenixSchema } from "./schema.js";

export type Durability = "strict" | "relaxed" | "default";

/**
 * A raw object store whose reads and writes carry the schema's key and value types (the browser's own
 * object, so bulk paths pay nothing for the types).
 */
export interface TypedStore<S extends AnyStoreName> extends IDBObjectStore {
  get(query: IDBValidKey | IDBKeyRange): IDBRequest<StoreValue<PhoenixSchema, S> | undefined>;
  getAll(query?: IDBValidKey | IDBKeyRange | null, count?: number): IDBRequest<Array<StoreValue<PhoenixSchema, S>>>;
  put(value: StoreValue<PhoenixSchema, S>, key?: StoreKey<PhoenixSchema, S>): IDBRequest<IDBValidKey>;
  add(value: StoreValue<PhoenixSchema, S>, key?: StoreKey<PhoenixSchema, S>): IDBRequest<IDBValidKey>;
}

/** The object stores a transaction was opened on, by name: only those, so none can be missing. */
export type TxStores<S extends AnyStoreName> = { readonly [K in S]: TypedStore<K> };

/** The facade's idb-wrapped database, or the raw one the search worker holds. */
export type AnyDatabase = PhoenixDB | IDBDatabase;

/**
 * Wraps a request callback so that an exception thrown in it (a put refused synchronously, say) aborts the
 * transaction and is reported as itself, rather than as the AbortError the browser substitutes.
 */
export type Guard = <A extends unknown[]>(callback: (...args: A) => void) => (...args: A) => void;

export interface TxOptions {
  durability?: Durability;
  /** Name the stores in a QUOTA_EXCEEDED or DB_CLOSED error (default true). */
  nameStores?: boolean;
  /**
   * Whether a write to `mind_vault` or `eternal_memory` rewrites the Context Engine's stamp (default yes).
   * Only writes that leave every text as it was (recall statistics) opt out, so they do not make the
   * persisted search index look stale.
   */
  contextStamp?: boolean;
}

/** Stores whose texts the Context Engine indexes from IndexedDB (the Vector KB has its own token). */
const STAMPED_STORES: ReadonlySet<string> = new Set(["mind_vault", "eternal_memory"]);

/** A fresh stamp value: random, so a stamp restored or copied from elsewhere never matches by chance. */
export function newContextStamp(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `${Date.now().toString(36)}-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Runs `work` on raw object stores inside one readwrite transaction and resolves when it commits; any
 * failure (opening, a request, `work` itself, the commit) aborts it and arrives as one PhoenixError.
 * `work` must not await anything but IndexedDB requests of this transaction.
 */
export async function writeTx<S extends AnyStoreName, T>(
  db: AnyDatabase,
  storeNames: readonly S[],
  work: (stores: TxStores<S>, tx: IDBTransaction, guard: Guard) => T | Promise<T>,
  options: Durability | TxOptions = "strict",
): Promise<T> {
  const { durability = "strict", nameStores = true, contextStamp = true } =
    typeof options === "string" ? { durability: options } : options;
  const mapError = (error: unknown) => toStorageError(error, nameStores ? { stores: storeNames } : {});
  const stampedStores = contextStamp ? storeNames.filter((name) => STAMPED_STORES.has(name)) : [];
  const scope: readonly AnyStoreName[] =
    stampedStores.length > 0 && !storeNames.some((name) => name === "meta") ? [...storeNames, "meta"] : storeNames;
  const { tx, stores } = begin(db, storeNames, scope, "readwrite", durability, mapError);
  if (stampedStores.length > 0) stampOnFirstWrite(tx, stampedStores.map((name) => stores[name]));
  const done = transactionDone(tx);
  // The transaction may fail while `work` is still running; the rejection is read below, not lost.
  done.catch(() => undefined);
  let callbackError: unknown;
  const guard: Guard =
    (callback) =>
    (...args) => {
      try {
        callback(...args);
      } catch (error) {
        callbackError ??= error;
        abortQuietly(tx);
      }
    };
  try {
    const result = await work(stores, tx, guard);
    await done;
    return result;
  } catch (error) {
    abortQuietly(tx);
    await done.catch(() => undefined);
    throw mapError(callbackError ?? error);
  }
}

/**
 * Runs `work` on raw object stores inside one readonly transaction, which sees one consistent snapshot;
 * failures arrive as one PhoenixError. Resolves with `work`'s result without waiting for the commit.
 */
export async function readTx<S extends AnyStoreName, T>(
  db: AnyDatabase,
  storeNames: readonly S[],
  work: (stores: TxStores<S>, tx: IDBTransaction) => Promise<T>,
  options: Pick<TxOptions, "nameStores"> = {},
): Promise<T> {
  const mapError = (error: unknown) => toStorageError(error, options.nameStores === false ? {} : { stores: storeNames });
  const { tx, stores } = begin(db, storeNames, storeNames, "readonly", "default", mapError);
  try {
    return await work(stores, tx);
  } catch (error) {
    abortQuietly(tx);
    throw mapError(error);
  }
}

function begin<S extends AnyStoreName>(
  db: AnyDatabase,
  storeNames: readonly S[],
  scope: readonly AnyStoreName[],
  mode: IDBTransactionMode,
  durability: Durability,
  mapError: (error: unknown) => Error,
): { tx: IDBTransaction; stores: TxStores<S> } {
  try {
    // The raw database, so idb attaches no promise of its own that would go unhandled on abort.
    const tx = rawDatabase(db).transaction(scope, mode, { durability });
    const stores = {} as { [K in S]: TypedStore<K> };
    for (const name of storeNames) stores[name] = tx.objectStore(name) as TypedStore<typeof name>;
    return { tx, stores };
  } catch (error) {
    throw mapError(error);
  }
}

/** idb's wrapped database has shortcut methods (`getAll`, …) that a raw IDBDatabase lacks. */
function rawDatabase(db: AnyDatabase): IDBDatabase {
  return typeof (db as Partial<PhoenixDB>).getAll === "function" ? unwrap(db as PhoenixDB) : (db as IDBDatabase);
}

const MUTATORS = ["put", "add", "delete", "clear"] as const;

/**
 * Rewrites the Context Engine's stamp in the same transaction, just before the first request that can
 * change a text: a transaction that only reads (a sweep that finds nothing expired) leaves it alone.
 * The wrappers are own properties of this transaction's store objects, removed at the first write,
 * so every later request runs the browser's method directly.
 */
function stampOnFirstWrite(tx: IDBTransaction, stores: readonly IDBObjectStore[]): void {
  let stamped = false;
  const unwrapAll = () => {
    for (const store of stores) for (const name of MUTATORS) delete (store as unknown as Record<string, unknown>)[name];
  };
  for (const store of stores) {
    for (const name of MUTATORS) {
      const original = store[name] as (...args: unknown[]) => IDBRequest;
      Object.defineProperty(store, name, {
        configurable: true,
        writable: true,
        value: (...args: unknown[]) => {
          if (!stamped) {
            stamped = true;
            unwrapAll();
            tx.objectStore("meta").put(newContextStamp(), CONTEXT_STAMP_KEY);
          }
          return original.apply(store, args);
        },
      });
    }
  }
}

export function abortQuietly(tx: IDBTransaction): void {
  try {
    tx.abort();
  } catch {
    // Already finished or aborted: the original error is the one to report.
  }
}

/** Resolves on commit; rejects with the transaction's error (QuotaExceededError arrives here) on abort. */
export function transactionDone(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new DOMException("Transaction failed", "UnknownError"));
    tx.onabort = () => reject(tx.error ?? new DOMException("Transaction aborted", "AbortError"));
  });
}

/** Promise for one raw request; for reads inside a writeTx. */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * The one place a storage call outside writeTx/readTx has its failure mapped: idb's one-request shortcuts
 * (`db.get`, `db.count`), opening or deleting a database, the snapshots and profiles databases. A
 * PhoenixError thrown by `work` passes through as itself.
 */
export async function storageCall<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStorageError(error);
  }
}

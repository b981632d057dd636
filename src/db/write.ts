/**
 * Write transactions with a deliberate durability.
 *
 * Chrome's default durability became "relaxed", which reports success before the data reaches disk.
 * Memories and vaults are written "strict"; high-volume Hyperspace batches may choose "relaxed".
 *
 * Bulk paths work on the unwrapped IDBObjectStore: issuing 100,000 raw `put` requests without a promise
 * per request is what keeps our layer within a few percent of raw IndexedDB, and avoids an unhandled
 * rejection per request when the transaction aborts.
 */
import { unwrap } from "idb";
import { toStorageError } from "../errors.js";
import { CONTEXT_STAMP_KEY, type PhoenixDB, type PhoenixStoreName } from "./schema.js";

export type Durability = "strict" | "relaxed" | "default";

export interface WriteOptions {
  durability?: Durability;
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
 * Runs `work` on raw object stores inside one readwrite transaction and resolves when it commits.
 * `work` must not await anything but IndexedDB requests of this transaction.
 */
/**
 * Wraps a request callback so that an exception thrown in it (a put refused synchronously, say) aborts the
 * transaction and is reported as itself, rather than as the AbortError the browser substitutes.
 */
export type Guard = <A extends unknown[]>(callback: (...args: A) => void) => (...args: A) => void;

export async function writeTx<T>(
  db: PhoenixDB,
  storeNames: PhoenixStoreName[],
  work: (stores: Record<string, IDBObjectStore>, tx: IDBTransaction, guard: Guard) => T | Promise<T>,
  options: Durability | WriteOptions = "strict",
): Promise<T> {
  const { durability = "strict", contextStamp = true } = typeof options === "string" ? { durability: options } : options;
  const stamped = contextStamp && storeNames.some((name) => STAMPED_STORES.has(name));
  const scope = stamped && !storeNames.includes("meta") ? [...storeNames, "meta" as const] : storeNames;
  let tx: IDBTransaction;
  try {
    // The raw database, so idb attaches no promise of its own that would go unhandled on abort.
    tx = unwrap(db).transaction(scope, "readwrite", { durability });
  } catch (error) {
    throw toStorageError(error, { stores: storeNames });
  }
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
    const stores: Record<string, IDBObjectStore> = {};
    for (const name of storeNames) stores[name] = tx.objectStore(name);
    if (stamped) stampOnFirstWrite(tx, storeNames.filter((name) => STAMPED_STORES.has(name)).map((name) => stores[name]!));
    const result = await work(stores, tx, guard);
    await done;
    return result;
  } catch (error) {
    abortQuietly(tx);
    await done.catch(() => undefined);
    throw toStorageError(callbackError ?? error, { stores: storeNames });
  }
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

function abortQuietly(tx: IDBTransaction): void {
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

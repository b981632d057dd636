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
import type { PhoenixDB, PhoenixStoreName } from "./schema.js";

export type Durability = "strict" | "relaxed" | "default";

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
  durability: Durability = "strict",
): Promise<T> {
  let tx: IDBTransaction;
  try {
    // The raw database, so idb attaches no promise of its own that would go unhandled on abort.
    tx = unwrap(db).transaction(storeNames, "readwrite", { durability });
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
    const result = await work(stores, tx, guard);
    await done;
    return result;
  } catch (error) {
    abortQuietly(tx);
    await done.catch(() => undefined);
    throw toStorageError(callbackError ?? error, { stores: storeNames });
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

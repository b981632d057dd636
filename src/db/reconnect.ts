/**
 * The facade's guard around every store call: survive a lost connection, name a quota failure.
 *
 * - A call that fails because the connection was lost (InvalidStateError on a closed handle, WebKit's
 *   "Connection to Indexed Database server lost", the browser's `close` event) reopens the connection and
 *   runs once more, if it can have written nothing: it started no write transaction (PhoenixConnection
 *   counts them). Reads therefore always retry; a write only when it failed before its transaction began.
 *   Otherwise, or when the retry fails too, the caller gets DB_CLOSED saying to reload.
 * - QUOTA_EXCEEDED gets the operation's name (`cortex.etchMany`) next to the store writeTx put in it, and
 *   is noted (quota-refusal.ts) for the Overview; the same call writing successfully later clears the note.
 *
 * It wraps objects with a Proxy so the store modules stay unaware of it, whatever their internals.
 */
import { PhoenixError, isPhoenixError } from "../errors.js";
import { reloadError, type PhoenixConnection } from "./connection.js";
import { clearQuotaRefusal, noteQuotaRefusal } from "./quota-refusal.js";

/** Properties that are objects of their own (vaults.soul, backups.pulse) get their own guard. */
const cache = new WeakMap<object, Map<string, object>>();

export function guarded<T extends object>(target: T, label: string, connection: PhoenixConnection): T {
  let byLabel = cache.get(target);
  if (!byLabel) cache.set(target, (byLabel = new Map()));
  const known = byLabel.get(label);
  if (known) return known as T;
  const proxy = new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof property !== "string" || property === "constructor") return value;
      if (typeof value === "function") {
        const method = value as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => runGuarded(() => method.apply(object, args), `${label}.${property}`, connection);
      }
      if (typeof value === "object" && value !== null && !ArrayBuffer.isView(value) && !Array.isArray(value)) {
        return guarded(value, `${label}.${property}`, connection);
      }
      return value;
    },
  });
  byLabel.set(label, proxy);
  return proxy;
}

/** Runs `work`; a promise it returns gets the retry and naming above, anything else passes as is. */
export function runGuarded(work: () => unknown, operation: string, connection: PhoenixConnection): unknown {
  const before = connection.writesStarted;
  const first = work();
  if (!isThenable(first)) return first;
  const settled = Promise.resolve(first).then((value) => {
    if (connection.writesStarted !== before) clearQuotaRefusal(operation);
    return value;
  });
  return settled.catch(async (error: unknown) => {
    if (!isConnectionLoss(error, connection)) throw named(error, operation);
    if (connection.closedForGood) throw reloadError(`${operation} did not run.`, error);
    await connection.reopen();
    if (connection.writesStarted !== before) {
      throw reloadError(`${operation} was cut off while writing; whether it was saved is unknown.`, error);
    }
    try {
      return await work();
    } catch (again) {
      if (isConnectionLoss(again, connection)) throw reloadError(`${operation} failed twice.`, again);
      throw named(again, operation);
    }
  });
}

/** A closed or lost connection, as each browser reports it. */
export function isConnectionLoss(error: unknown, connection?: PhoenixConnection): boolean {
  if (connection?.connectionLost) return true;
  const cause = isPhoenixError(error) ? (error.cause ?? error) : error;
  const name = typeof cause === "object" && cause !== null && "name" in cause ? String((cause as { name: unknown }).name) : "";
  const message = cause instanceof Error ? cause.message : "";
  if (name === "InvalidStateError") return true;
  return /connection to indexed ?database server lost|database connection is closing/i.test(message);
}

function named(error: unknown, operation: string): unknown {
  if (!isPhoenixError(error, "QUOTA_EXCEEDED") || error.operation !== undefined) return error;
  noteQuotaRefusal(operation, error.store);
  const store = error.store === undefined ? "" : ` writing to ${error.store}`;
  return new PhoenixError(
    "QUOTA_EXCEEDED",
    `${operation} was refused${store}; that write was not saved, everything before it is intact. ` +
      "Free space (export a backup, then clear the Body Vault, old Hyperspace streams or old snapshots) and try again.",
    { subject: error.subject ?? operation, cause: error.cause ?? error, store: error.store, operation },
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

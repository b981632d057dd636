/**
 * Opens the Phoenix database: the only place that calls openDB and runs migrations.
 *
 * Another tab may open a newer version of the app while this one is running. IndexedDB then sends this
 * connection `versionchange`; if we kept it open, the other tab's upgrade would wait ("blocked") forever.
 * So on `blocking` we close at once and tell the page, which asks the user to reload.
 */
import { openDB } from "idb";
import { PhoenixError, toStorageError } from "../errors.js";
import { DB_VERSION, MIGRATIONS, type PhoenixDB, type PhoenixSchema } from "./schema.js";
import { storageCall } from "./write.js";

export interface OpenDBOptions {
  /** Called when this connection was closed because another tab needs a newer version, or the browser closed it. */
  onVersionChange?: (reason: "versionchange" | "terminated") => void;
  /** How long to wait for older connections elsewhere to close before failing with DB_BLOCKED. */
  blockedTimeoutMs?: number | undefined;
  /** Open at an older version; for migration tests only. */
  version?: number;
}

export async function openPhoenixDB(name: string, options: OpenDBOptions = {}): Promise<PhoenixDB> {
  if (typeof indexedDB === "undefined") throw new PhoenixError("DB_UNAVAILABLE");
  if (typeof name !== "string" || name.length === 0) {
    throw new PhoenixError("INVALID_ARGUMENT", "The database name must be a non-empty string.");
  }
  const version = options.version ?? DB_VERSION;
  const { onVersionChange, blockedTimeoutMs = 10_000 } = options;
  let blockedTimer: ReturnType<typeof setTimeout> | undefined;
  let rejectBlocked: ((error: PhoenixError) => void) | undefined;
  let gaveUp = false;

  // indexedDB.open itself throws where storage is refused outright (SecurityError): map that too.
  let opening: Promise<PhoenixDB>;
  try {
    opening = startOpen();
  } catch (error) {
    throw openError(error);
  }
  function startOpen(): Promise<PhoenixDB> {
    return openDB<PhoenixSchema>(name, version, {
      upgrade(db, oldVersion, _newVersion, tx) {
        // A failed upgrade already rejects the open itself; its transaction's own promise adds nothing.
        tx.done.catch(() => undefined);
        for (let step = oldVersion; step < version; step += 1) {
          const migrate = MIGRATIONS[step];
          if (!migrate) throw new PhoenixError("STORAGE_ERROR", `No migration to version ${step + 1}.`);
          migrate(db, tx);
        }
      },
      blocked() {
        blockedTimer ??= setTimeout(() => {
          gaveUp = true;
          rejectBlocked?.(new PhoenixError("DB_BLOCKED"));
        }, blockedTimeoutMs);
      },
      blocking() {
        db?.close();
        onVersionChange?.("versionchange");
      },
      terminated() {
        onVersionChange?.("terminated");
      },
    });
  }

  let db: PhoenixDB | undefined;
  const blockedFailure = new Promise<never>((_, reject) => {
    rejectBlocked = reject;
  });
  try {
    db = await Promise.race([opening, blockedFailure]);
    return db;
  } catch (error) {
    // If we gave up while blocked, the open may still succeed later: close that connection then.
    if (gaveUp) void opening.then((late) => late.close(), () => undefined);
    throw openError(error);
  } finally {
    if (blockedTimer !== undefined) clearTimeout(blockedTimer);
  }
}

/**
 * Storage refused outright is DB_UNAVAILABLE, not a broken database: private modes that refuse IndexedDB
 * (InvalidStateError on open), blocked site data (SecurityError, Chromium's "denied permission").
 */
function openError(error: unknown): PhoenixError {
  if (error instanceof PhoenixError) return error;
  const name = typeof error === "object" && error !== null && "name" in error ? String((error as { name: unknown }).name) : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "SecurityError" || name === "InvalidStateError" || /denied permission|not allowed/i.test(message)) {
    return new PhoenixError("DB_UNAVAILABLE", message, { cause: error });
  }
  if (name === "VersionError") {
    return new PhoenixError("DB_VERSION_NEWER", undefined, { cause: error });
  }
  return toStorageError(error);
}

/**
 * Deletes a whole database (a profile, its snapshots, a broken database being replaced). With
 * `failWhenBlocked`, a connection elsewhere that does not close fails it with DB_BLOCKED at once;
 * otherwise it waits until that connection closes (ours close on `versionchange`).
 */
export function deleteDatabase(name: string, options: { failWhenBlocked?: boolean } = {}): Promise<void> {
  return storageCall(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
        if (options.failWhenBlocked) request.onblocked = () => reject(new PhoenixError("DB_BLOCKED"));
      }),
  );
}

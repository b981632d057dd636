/**
 * Where the Context Engine's packed index (snapshot.ts) is kept between worker starts:
 * a file in the Origin Private File System where the worker has one (reading a file is several
 * times faster than reading the same bytes from IndexedDB), else one record of the derived
 * `context_index` store. Both hold derived data only: it is never backed up, an import drops it, and
 * a missing or unreadable copy only means the index is built again. Runs in the search worker.
 */
import { CONTEXT_INDEX_STORE } from "../../src/db/schema.js";
import { CONTEXT_INDEX_DIRECTORY, contextIndexFileName } from "../../src/shared/context-index-file.js";

export type IndexStorageKind = "opfs" | "indexeddb";

export interface IndexStorage {
  readonly kind: IndexStorageKind;
  /** The stored bytes, or undefined when there are none (or they cannot be read). */
  read(): Promise<ArrayBuffer | undefined>;
  /** Replaces the stored bytes whole: a reader sees the old copy or the new one, never half. */
  write(bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  remove(): Promise<void>;
}

/** The record of `context_index` that holds the bytes. */
export interface StoredIndexRecord {
  type: "context-index-bytes";
  version: 1;
  bytes: ArrayBuffer;
}

const RECORD_KEY = "snapshot";
const DIRECTORY = CONTEXT_INDEX_DIRECTORY;

interface OpfsRoot {
  getDirectoryHandle(name: string, options?: { create?: boolean }): Promise<OpfsDirectory>;
}
interface OpfsDirectory {
  getFileHandle(name: string, options?: { create?: boolean }): Promise<{ getFile(): Promise<Blob>; createWritable(): Promise<WritableLike> }>;
  removeEntry(name: string): Promise<void>;
}
interface WritableLike {
  write(data: BufferSource): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

function opfsRoot(): (() => Promise<OpfsRoot>) | undefined {
  const storage = (globalThis.navigator as { storage?: { getDirectory?: () => Promise<OpfsRoot> } } | undefined)?.storage;
  return typeof storage?.getDirectory === "function" ? () => storage.getDirectory!() : undefined;
}

/**
 * The OPFS copy read right away, before the database is open (the worker reads it while the Vector KB
 * loads); undefined where there is no OPFS, and undefined bytes when there is no copy.
 */
export function readOpfsEarly(dbName: string): Promise<ArrayBuffer | undefined> | undefined {
  const root = opfsRoot();
  if (!root) return undefined;
  return opfsStorage(root, contextIndexFileName(dbName), noStorage).read();
}

const noStorage: IndexStorage = {
  kind: "indexeddb",
  read: async () => undefined,
  write: async () => undefined,
  remove: async () => undefined,
};

/** The Origin Private File System when this runtime has it (and `prefer` allows), else IndexedDB. */
export function indexStorage(dbName: string, db: IDBDatabase, prefer?: IndexStorageKind): IndexStorage {
  const root = prefer === "indexeddb" ? undefined : opfsRoot();
  const idb = idbStorage(db);
  return root ? opfsStorage(root, contextIndexFileName(dbName), idb) : idb;
}

/**
 * OPFS, falling back to IndexedDB for good if the file cannot be written (a browser that lists
 * OPFS but refuses writable streams here).
 */
function opfsStorage(root: () => Promise<OpfsRoot>, file: string, fallback: IndexStorage): IndexStorage {
  let failed = false;
  const directory = async () => (await root()).getDirectoryHandle(DIRECTORY, { create: true });
  return {
    get kind() {
      return failed ? fallback.kind : ("opfs" as const);
    },
    async read() {
      if (failed) return fallback.read();
      try {
        const handle = await (await directory()).getFileHandle(file);
        return await (await handle.getFile()).arrayBuffer();
      } catch {
        return undefined;
      }
    },
    async write(bytes) {
      if (failed) return fallback.write(bytes);
      let writable: WritableLike | undefined;
      try {
        const handle = await (await directory()).getFileHandle(file, { create: true });
        writable = await handle.createWritable();
        await writable.write(bytes);
        // The new content replaces the file only on close.
        await writable.close();
      } catch {
        await writable?.abort().catch(() => undefined);
        failed = true;
        await fallback.write(bytes);
      }
    },
    async remove() {
      try {
        await (await directory()).removeEntry(file);
      } catch {
        // No file: nothing to remove.
      }
      await fallback.remove();
    },
  };
}

function idbStorage(db: IDBDatabase): IndexStorage {
  const run = <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> =>
    new Promise((resolve, reject) => {
      // Derived data, rebuilt if lost: no need to wait for the disk.
      const tx = db.transaction(CONTEXT_INDEX_STORE, mode, { durability: "relaxed" });
      const req = work(tx.objectStore(CONTEXT_INDEX_STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onabort = () => reject(tx.error ?? new DOMException("aborted", "AbortError"));
    });
  return {
    kind: "indexeddb",
    async read() {
      try {
        const value: unknown = await run("readonly", (store) => store.get(RECORD_KEY));
        return isStoredIndexRecord(value) ? value.bytes : undefined;
      } catch {
        return undefined;
      }
    },
    async write(bytes) {
      const record: StoredIndexRecord = { type: "context-index-bytes", version: 1, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) };
      await run("readwrite", (store) => store.put(record, RECORD_KEY));
    },
    async remove() {
      await run("readwrite", (store) => store.delete(RECORD_KEY)).catch(() => undefined);
    },
  };
}

export function isStoredIndexRecord(value: unknown): value is StoredIndexRecord {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Partial<StoredIndexRecord>;
  return record.type === "context-index-bytes" && record.version === 1 && record.bytes instanceof ArrayBuffer;
}

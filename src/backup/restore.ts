/**
 * Import, the writing half: a verified backup (read.ts) goes into the database in ONE readwrite
 * transaction over every store, durability "strict". IndexedDB commits a transaction whole or not at all,
 * so after an import the database is fully the old one or fully the new one, also when the page closes
 * half way or the disk fills (QUOTA_EXCEEDED, nothing written).
 *
 * replace: each store is cleared and filled with the archive's records (keys kept, hyperspace_cache's
 *          auto-increment keys too). Device-bound records in `meta` (the Soul Vault's "remember on this
 *          device" key, which no archive can carry) stay.
 * merge:   for a key in both, the record with the newer stored time (updatedAt, else createdAt) wins; a tie
 *          or a record without a time keeps what is here. hyperspace_cache merges by content
 *          (streamType, timestamp, source, data), as a multiset: an item already here is not added again.
 *          The Soul Vault stays one vault: the keyring here (if any) is kept, and archive soul records
 *          sealed with a key this keyring lacks cannot be opened here, so they are skipped and counted.
 *          A soul record replaces one here only if its time is authenticated (format v2/v3 bind updatedAt
 *          into the AES-GCM additional data, and the unlocked vault opened it before the transaction):
 *          otherwise an old ciphertext with a forged newer time would roll the value back. Without that
 *          proof (vault locked, v1 record, forged time) it is skipped and the record here is kept.
 *          Soul records are stored under a keyed hash of their name, so they are matched by decrypted
 *          name: the vault gives each record it authenticates its id here (and re-seals it under that id
 *          when the archive's differs: an old backup's plaintext name, another name key). Records it
 *          cannot open keep the archive's id; the next unlock moves them (stores/soul/migrate.ts).
 *          The audit log is this device's history: the archive's entries (already verified) are skipped.
 */
import { PhoenixError } from "../errors.js";
import { ALL_STORES, CONTEXT_INDEX_STORE, CONTEXT_STAMP_KEY, VECTOR_CHUNKS_STORE, type AnyStoreName, type PhoenixDB, type PhoenixStoreName } from "../db/schema.js";
import { abortQuietly, request, writeTx } from "../db/write.js";
import { KEYRING_META_KEY, parseKeyring } from "../crypto/keyring.js";
import { reporter, throwIfAborted, type ProgressListener } from "./progress.js";
import { recordAt, type StoreRecords, type VerifiedBackup } from "./read.js";
import { AUDIT_META_KEYS, DERIVED_META_KEYS, isDeviceBound, recordTime } from "./records.js";
import { PACKED_STORES, clearPacked, packedItems } from "../stores/hyperspace/records.js";

export type ImportMode = "replace" | "merge";

export interface StoreCounts {
  /** Archive records written under a key that was free. */
  added: number;
  /** Records here replaced by a newer archive record. */
  updated: number;
  /** Records here left as they were. */
  kept: number;
  /** Records here deleted (replace mode). */
  removed: number;
  /** Archive records not written (merge: soul records this keyring cannot open, or whose time is not proven). */
  skipped: number;
}

export interface WriteOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /**
   * Merge: the archive soul records whose ciphertext, time included, the unlocked Soul Vault
   * authenticates, by archive key, with the id and record to store here. Runs before the write
   * transaction (crypto inside one would let it commit early). Absent: no archive soul record replaces
   * one here.
   */
  authenticateSoul?: SoulAuthenticator | undefined;
}

/** An archive soul record as it is to be stored here: under its name's id here, sealed for it. */
export interface AuthenticSoulRecord {
  id: string;
  record: unknown;
}

export type SoulAuthenticator = (records: Array<[string, unknown]>) => Promise<ReadonlyMap<string, AuthenticSoulRecord>>;

/**
 * Puts queued before waiting for the last one: a bounded number of requests in flight keeps memory flat
 * (each holds its cloned value until written) and lets progress be reported as the disk catches up.
 */
const BATCH = 2_000;

export async function writeBackup(
  db: PhoenixDB,
  backup: VerifiedBackup,
  mode: ImportMode,
  options: WriteOptions = {},
): Promise<Record<PhoenixStoreName, StoreCounts>> {
  const { signal } = options;
  const progress = reporter(options.onProgress);
  throwIfAborted(signal);
  const trustedSoul = mode === "merge" ? await authenticSoulKeys(backup, options.authenticateSoul) : undefined;
  throwIfAborted(signal);
  const hasChunks = db.objectStoreNames.contains(VECTOR_CHUNKS_STORE);
  const hasContextIndex = db.objectStoreNames.contains(CONTEXT_INDEX_STORE);
  const storeNames: AnyStoreName[] = [
    ...ALL_STORES,
    ...PACKED_STORES,
    ...(hasChunks ? ([VECTOR_CHUNKS_STORE] as const) : []),
    ...(hasContextIndex ? ([CONTEXT_INDEX_STORE] as const) : []),
  ];
  const total = ALL_STORES.reduce((sum, store) => sum + (backup.records[store]?.lines.length ?? 0), 0);
  let queued = 0;
  const writer = (store: PhoenixStoreName, target: IDBObjectStore): Put => (value, key) => {
    const req = key === undefined ? target.add(value) : target.put(value, key);
    queued += 1;
    if (queued % BATCH !== 0) return undefined;
    const at = queued;
    return request(req).then(() => {
      progress({ phase: "write", done: at, total, store });
      throwIfAborted(signal);
    });
  };

  let abort: (() => void) | undefined;
  try {
    const counts = await writeTx(
      db,
      storeNames,
      (_stores, tx) => {
        abort = () => abortQuietly(tx);
        signal?.addEventListener("abort", abort, { once: true });
        return writeStores(tx, backup, mode, writer, { trustedSoul, hasChunks, hasContextIndex });
      },
      { durability: "strict", nameStores: false },
    );
    progress({ phase: "write", done: total, total });
    return counts;
  } catch (error) {
    if (signal?.aborted) throw new PhoenixError("ABORTED", "Nothing was written.", { cause: signal.reason });
    throw error;
  } finally {
    if (abort) signal?.removeEventListener("abort", abort);
  }
}

/** Every store's records into the open transaction, store by store, as the mode says. */
async function writeStores(
  tx: IDBTransaction,
  backup: VerifiedBackup,
  mode: ImportMode,
  writer: (store: PhoenixStoreName, target: IDBObjectStore) => Put,
  options: { trustedSoul: ReadonlyMap<string, AuthenticSoulRecord> | undefined; hasChunks: boolean; hasContextIndex: boolean },
): Promise<Record<PhoenixStoreName, StoreCounts>> {
  const { trustedSoul, hasChunks, hasContextIndex } = options;
  const counts = {} as Record<PhoenixStoreName, StoreCounts>;
  const localKeyIds = mode === "merge" ? await keyringKeyIds(tx) : undefined;
  for (const store of ALL_STORES) {
    const incoming = backup.records[store] ?? { lines: [] };
    const target = tx.objectStore(store);
    const put = writer(store, target);
    // Hyperspace items arrive in record form into hyperspace_cache, the inbox the cache packs from.
    const packed = store === "hyperspace_cache" ? (mode === "replace" ? await clearPacked(tx) : await packedItems(tx)) : undefined;
    if (mode === "replace") {
      counts[store] = await replaceStore(target, incoming, put);
      if (typeof packed === "number") counts[store].removed += packed;
    } else if (store === "audit_log") counts[store] = { ...emptyCounts(), kept: await request(target.count()), skipped: incoming.lines.length };
    else if (store === "hyperspace_cache") counts[store] = await mergeByContent(target, incoming, put, packed as unknown[]);
    else if (store === "soul_kb") counts[store] = await mergeByTime(target, incoming, put, { openable: localKeyIds, trusted: trustedSoul });
    else counts[store] = await mergeByTime(target, incoming, put);
  }
  if (mode === "replace" || counts.vector_kb.added + counts.vector_kb.updated > 0) {
    // The packed vector chunks and their state describe the old vectors: drop them, the Vector KB rebuilds.
    for (const key of DERIVED_META_KEYS) tx.objectStore("meta").delete(key);
    if (hasChunks) tx.objectStore(VECTOR_CHUNKS_STORE).clear();
  }
  // Any import may change Mind and cortex texts: the Context Engine's index (here, or in the Origin
  // Private File System, which the stamp's absence marks stale) is built again.
  tx.objectStore("meta").delete(CONTEXT_STAMP_KEY);
  if (hasContextIndex) tx.objectStore(CONTEXT_INDEX_STORE).clear();
  return counts;
}

/** Queues a put (an add without key); at batch boundaries returns a promise to await before going on. */
type Put = (value: unknown, key?: IDBValidKey) => Promise<void> | undefined;

function emptyCounts(): StoreCounts {
  return { added: 0, updated: 0, kept: 0, removed: 0, skipped: 0 };
}

async function replaceStore(target: IDBObjectStore, incoming: StoreRecords, put: Put): Promise<StoreCounts> {
  const counts = emptyCounts();
  const keep: Array<[IDBValidKey, unknown]> = [];
  if (target.name === "meta") {
    const [keys, values] = await Promise.all([request(target.getAllKeys()), request(target.getAll())]);
    const incomingKeys = new Set(incoming.lines.map((_, i) => recordAt(incoming, i)[0]));
    keys.forEach((key, i) => {
      if (!incomingKeys.has(key) && isDeviceBound(values[i])) keep.push([key, values[i]]);
    });
  }
  counts.removed = (await request(target.count())) - keep.length;
  counts.kept = keep.length;
  target.clear();
  for (let i = 0; i < incoming.lines.length; i += 1) {
    const [key, value] = recordAt(incoming, i);
    const wait = put(value, key);
    if (wait) await wait;
  }
  for (const [key, value] of keep) target.put(value, key);
  counts.added = incoming.lines.length;
  return counts;
}

interface SoulMergeRules {
  /** Data-key ids the keyring here holds; undefined when there is no keyring here. */
  openable: Set<string> | undefined;
  /** Archive soul records whose time is authenticated, by archive key: only these may replace a record here. */
  trusted: ReadonlyMap<string, AuthenticSoulRecord> | undefined;
}

async function mergeByTime(target: IDBObjectStore, incoming: StoreRecords, put: Put, soul?: SoulMergeRules): Promise<StoreCounts> {
  const openableKeyIds = soul?.openable;
  const counts = emptyCounts();
  const [keys, values] = await Promise.all([request(target.getAllKeys()), request(target.getAll())]);
  const here = new Map<unknown, unknown>();
  keys.forEach((key, i) => here.set(key, values[i]));
  const isMeta = target.name === "meta";
  for (let i = 0; i < incoming.lines.length; i += 1) {
    const [archiveKey, archiveValue] = recordAt(incoming, i);
    const authentic = soul?.trusted?.get(archiveKey as string);
    const [key, value] = authentic ? [authentic.id, authentic.record] : [archiveKey, archiveValue];
    let wait: Promise<void> | undefined;
    if (openableKeyIds && !openableKeyIds.has((value as { keyId: string }).keyId)) {
      counts.skipped += 1;
      continue;
    }
    if (isMeta && AUDIT_META_KEYS.has(key as string)) {
      // This device's audit chain stays whole: its head and checkpoint are never taken from another log.
      counts.skipped += 1;
      continue;
    }
    if (!here.has(key)) {
      wait = put(value, key);
      counts.added += 1;
      // Two archive records of one name (an old plaintext one and a hashed one) meet here: the next compares.
      if (soul) here.set(key, value);
    } else if (!(isMeta && key === KEYRING_META_KEY)) {
      // (The keyring here opens the soul records here: another vault's keyring must not replace it.)
      const theirs = recordTime(value);
      const ours = recordTime(here.get(key));
      if (theirs !== undefined && (ours === undefined || theirs > ours)) {
        if (soul && !authentic) {
          counts.skipped += 1;
        } else {
          wait = put(value, key);
          counts.updated += 1;
          if (soul) here.set(key, value);
        }
      }
    }
    if (wait) await wait;
  }
  counts.kept = keys.length - counts.updated;
  return counts;
}

async function mergeByContent(target: IDBObjectStore, incoming: StoreRecords, put: Put, packed: unknown[]): Promise<StoreCounts> {
  const counts = emptyCounts();
  const [keys, values] = await Promise.all([request(target.getAllKeys()), request(target.getAll())]);
  const usedKeys = new Set<unknown>(keys);
  const present = new Map<string, number>();
  for (const value of [...packed, ...values]) {
    const id = contentId(value);
    present.set(id, (present.get(id) ?? 0) + 1);
  }
  const clashing: unknown[] = [];
  for (let i = 0; i < incoming.lines.length; i += 1) {
    const [key, value] = recordAt(incoming, i);
    const id = contentId(value);
    const matches = present.get(id) ?? 0;
    if (matches > 0) {
      present.set(id, matches - 1);
      continue;
    }
    // Keep the archive's key when it is free, so arrival order within a timestamp survives.
    counts.added += 1;
    if (usedKeys.has(key)) {
      clashing.push(value);
      continue;
    }
    const wait = put(value, key);
    if (wait) await wait;
  }
  // Queued after every explicit key, so the generator hands out keys above all of them.
  for (const value of clashing) {
    const wait = put(value);
    if (wait) await wait;
  }
  counts.kept = keys.length + packed.length;
  return counts;
}

async function authenticSoulKeys(
  backup: VerifiedBackup,
  authenticate: SoulAuthenticator | undefined,
): Promise<ReadonlyMap<string, AuthenticSoulRecord>> {
  const incoming = backup.records.soul_kb;
  if (!authenticate || !incoming || incoming.lines.length === 0) return new Map();
  const pairs = incoming.lines.map((_, i) => recordAt(incoming, i) as [string, unknown]);
  return authenticate(pairs);
}

function contentId(value: unknown): string {
  const { streamType, timestamp, source, data } = value as Record<string, unknown>;
  return JSON.stringify([streamType, timestamp, source, data]);
}

/** The data-key ids of the keyring here, or undefined when there is none (the archive's then comes in). */
async function keyringKeyIds(tx: IDBTransaction): Promise<Set<string> | undefined> {
  const ring = parseKeyring(await request(tx.objectStore("meta").get(KEYRING_META_KEY)));
  return ring ? new Set(ring.keys.map((entry) => entry.keyId)) : undefined;
}

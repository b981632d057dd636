/**
 * The one typed schema of the Phoenix database: store names, key and value types, and the
 * version history. Every store module and the backup code take their names and types from here.
 *
 * What is stored where (one IndexedDB database, default name "phoenix"):
 * - `eternal_memory`   Neural Cortex Strata: key "stm:…", "wm:…", "ltm:…", "epm:{user}:{time}", "rfm:{instinct}:{key}"
 * - `mind_vault`       facts, key as given by the caller ("fact:capital_france")
 * - `body_vault`       operational state, clearable
 * - `soul_kb`          Soul Vault: AES-GCM ciphertext only; its wrapped data key lives in `meta`
 * - `vector_kb`        Vector KB entries (text, metadata, embedding as binary), one per memory: the truth
 * - `vector_chunks`    (v2, derived) the same vectors packed 1,024 per record so the search worker
 *                      starts fast; rebuilt from `vector_kb` when missing or stale. STORE_KINDS marks it
 *                      derived: backups carry the stores of record only (workers/vector/vector-records.ts).
 * - `hyperspace_cache` cosmic data in record form, auto-increment key, indexed by [streamType, timestamp].
 *                      Since v3 only an inbox: items waiting to be packed (from a v2 database, an import).
 * - `cosmic_blocks`    (v3) Hyperspace items packed up to 1,000 per record, key [stream, first time, first seq]
 * - `cosmic_streams`   (v3) per-stream counts and arrival counter; see src/stores/hyperspace/layout.ts.
 *                      Both "packed" in STORE_KINDS: backups carry one `hyperspace_cache` record per item.
 * - `meta`             small records that describe the others (soul keyring, settings, audit head)
 * - `audit_log`        (v5) the tamper-evident audit log, key = sequence number (src/audit)
 * - `context_index`    (derived) the Context Engine's packed full-text index, where the Origin Private
 *                      File System is missing; never backed up (workers/context/persist.ts). Its freshness
 *                      stamp is `meta` CONTEXT_STAMP_KEY, rewritten by every Mind and cortex write.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from "idb";
import { META_KEYS } from "./meta-keys.js";

export const DEFAULT_DB_NAME = "phoenix";

/** The seed's memory layers. */
export const LAYERS = ["STM", "WM", "LTM", "EPM", "RFM"] as const;
export type Layer = (typeof LAYERS)[number];

export interface CortexRecord {
  layer: Layer;
  text: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /** How often it was recalled (recall, recallPrefix, a search hit); written in batches, see cortex-stats.ts. */
  recalls?: number;
  /** When it was last recalled (ms since epoch). */
  lastRecalledAt?: number;
}

/** v4: index of `eternal_memory` on [layer, updatedAt], so the sweep finds expired STM/WM memories. */
export const CORTEX_EXPIRY_INDEX = "by_layer_updated";

/** One audit log entry as stored (src/audit/chain.ts): `prev` is the SHA-256 of the previous entry. */
export interface AuditRecord {
  seq: number;
  at: number;
  action: string;
  outcome: "ok" | "failed";
  subject?: string;
  /** Hex SHA-256 of the previous entry's canonical bytes (64 zeros for the first entry ever). */
  prev: string;
  /** Hex SHA-256 of this entry's canonical bytes (which include `prev`). */
  hash: string;
}

export interface VaultRecord {
  value: string;
  updatedAt: number;
}

/** A sealed Soul Vault value. Never holds plaintext. */
export interface SoulRecord {
  /**
   * Format version of the sealed value: 1 authenticates store and key; 2 also `updatedAt`; 3 (written
   * now) is stored under a keyed hash of its name, which lives only inside the ciphertext. v1 and v2
   * records (stored under their plaintext name) move to v3 at the next unlock (stores/soul/migrate.ts).
   */
  v: 1 | 2 | 3;
  /** Which data key sealed it (the keyring may hold two during a rotation). */
  keyId: string;
  iv: Uint8Array;
  /** AES-GCM ciphertext with its 16-byte tag at the end. */
  ct: Uint8Array;
  updatedAt: number;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface VectorRecord {
  id: string;
  text: string;
  metadata: JsonObject;
  /** Float32 little-endian bytes, `dim` values. Binary rather than a JSON number list. */
  embedding: Uint8Array;
  createdAt: number;
}

/** Name of the derived Vector KB chunk store (v2); see workers/vector/vector-records.ts for its records. */
export const VECTOR_CHUNKS_STORE = "vector_chunks";

/**
 * The Context Engine's derived index store (IndexedDB fallback of the Origin Private File System) and
 * the `meta` key of the stamp that every Mind Vault and cortex write transaction rewrites (src/db/write.ts),
 * so a persisted index can tell that it missed a write. Both derived: never exported, dropped by an import.
 */
export const CONTEXT_INDEX_STORE = "context_index";
export const CONTEXT_STAMP_KEY = META_KEYS.contextStamp;

/** Hyperspace packed stores (v3); their records are defined in src/stores/hyperspace/. */
export const COSMIC_BLOCKS_STORE = "cosmic_blocks";
export const COSMIC_STREAMS_STORE = "cosmic_streams";

export interface CosmicRecord {
  source: string;
  timestamp: number;
  data: string;
  streamType: string;
}

/**
 * A Hyperspace block as stored in `cosmic_blocks` (src/stores/hyperspace/block.ts packs and reads it):
 * up to 1,000 items of one stream, columnar.
 */
export interface CosmicBlock {
  v: 1;
  stream: string;
  n: number;
  ts: Float64Array;
  seq: Float64Array;
  /** 2n lengths in UTF-16 units: source of item i at 2i, its data at 2i + 1. */
  lens: Uint32Array;
  text: string;
  /** The items' approximate bytes (see itemBytes), kept so stats change per block without re-reading items. */
  bytes: number;
}

export type BlockKey = [stream: string, firstTs: number, firstSeq: number];

/** Per-stream counts in `cosmic_streams`, kept up to date per block written (src/stores/hyperspace/layout.ts). */
export interface StreamRecord {
  stream: string;
  items: number;
  /** Sum of itemBytes over the stream's items. */
  bytes: number;
  blocks: number;
  /** The arrival number the next item gets. */
  nextSeq: number;
}

/**
 * A packed chunk of `vector_chunks` (derived): up to 1,024 Vector KB entries in arrays, so reading it back is
 * mostly memory copies. Built and read by the search worker (workers/vector/vector-chunk.ts, which checks
 * each one read with isVectorChunk and has the layout's details).
 */
export interface VectorChunkRecord {
  type: "vector-chunk";
  version: 2;
  /** Its key in `vector_chunks`. */
  no: number;
  /** The state generation that last wrote it. */
  rev: number;
  dim: number;
  ids: Uint8Array;
  idEnds: Uint32Array;
  seqs: Float64Array;
  text: Uint8Array;
  textEnds: Uint32Array;
  metadata: Uint8Array;
  metadataEnds: Uint32Array;
  nonZero: Uint16Array;
  indices: Uint16Array;
  values: Float32Array;
}

/** The one record of `context_index` (derived): the Context Engine's packed full-text index, checked on read. */
export interface ContextIndexRecord {
  type: "context-index-bytes";
  version: 1;
  bytes: ArrayBuffer;
}

/**
 * Every object store of the database. `meta` values are `unknown` here: each key's type and guard is in
 * db/meta.ts, read through readMeta/writeMeta.
 */
export interface PhoenixSchema extends DBSchema {
  meta: { key: string; value: unknown };
  eternal_memory: { key: string; value: CortexRecord; indexes: { by_layer_updated: [string, number] } };
  mind_vault: { key: string; value: VaultRecord };
  body_vault: { key: string; value: VaultRecord };
  soul_kb: { key: string; value: SoulRecord };
  vector_kb: { key: string; value: VectorRecord };
  hyperspace_cache: {
    key: number;
    value: CosmicRecord;
    indexes: { by_stream_time: [string, number] };
  };
  audit_log: { key: number; value: AuditRecord };
  /** Derived (v2): see VectorChunkRecord. */
  vector_chunks: { key: number; value: VectorChunkRecord };
  /** v3: the truth for stream items, backed up as one record per item (hyperspace_cache lines). */
  cosmic_blocks: { key: BlockKey; value: CosmicBlock };
  cosmic_streams: { key: string; value: StreamRecord };
  /** Derived (v6): see ContextIndexRecord. */
  context_index: { key: string; value: ContextIndexRecord };
}

/** Every object store of the database: a transaction may be opened on any of them. */
export type AnyStoreName = StoreNames<PhoenixSchema>;

/**
 * How each store relates to backups. `record`: exported one record per line. `derived`: holds nothing of
 * record, rebuilt from the others when missing or stale, never backed up, cleared by an import. `packed`:
 * the truth for stream items in a layout of its own, exported as `hyperspace_cache` lines, one per item.
 */
export const STORE_KINDS = {
  meta: "record",
  eternal_memory: "record",
  mind_vault: "record",
  body_vault: "record",
  soul_kb: "record",
  vector_kb: "record",
  hyperspace_cache: "record",
  audit_log: "record",
  [VECTOR_CHUNKS_STORE]: "derived",
  [CONTEXT_INDEX_STORE]: "derived",
  [COSMIC_BLOCKS_STORE]: "packed",
  [COSMIC_STREAMS_STORE]: "packed",
} as const satisfies Record<AnyStoreName, "record" | "derived" | "packed">;

type StoresOfKind<K extends string> = { [S in AnyStoreName]: (typeof STORE_KINDS)[S] extends K ? S : never }[AnyStoreName];
/** The stores of record: what a backup carries, one record per line. */
export type PhoenixStoreName = StoresOfKind<"record">;
export type DerivedStoreName = StoresOfKind<"derived">;
export type PhoenixDB = IDBPDatabase<PhoenixSchema>;

/** The six seed databases, in the seed's order. */
export const SEED_STORES = [
  "eternal_memory",
  "mind_vault",
  "body_vault",
  "soul_kb",
  "vector_kb",
  "hyperspace_cache",
] as const satisfies readonly PhoenixStoreName[];
export type SeedStoreName = (typeof SEED_STORES)[number];

export const ALL_STORES = [...SEED_STORES, "meta", "audit_log"] as const satisfies readonly PhoenixStoreName[];

type UpgradeTx = IDBPTransaction<PhoenixSchema, AnyStoreName[], "versionchange">;

/**
 * Migrations, one per version, applied in order from the database's old version.
 * Never edit a released step: add a new one and bump DB_VERSION.
 */
export const MIGRATIONS: ReadonlyArray<(db: PhoenixDB, tx: UpgradeTx) => void> = [
  // v1: the six seed stores and meta.
  (db) => {
    db.createObjectStore("meta");
    db.createObjectStore("eternal_memory");
    db.createObjectStore("mind_vault");
    db.createObjectStore("body_vault");
    db.createObjectStore("soul_kb");
    db.createObjectStore("vector_kb");
    const cache = db.createObjectStore("hyperspace_cache", { autoIncrement: true });
    cache.createIndex("by_stream_time", ["streamType", "timestamp"]);
  },
  // v2: the derived Vector KB chunk store, keyed by chunk number. Existing vector_kb entries stay
  // as they are: the search worker finds no chunk state and builds the chunks from them.
  (db) => {
    db.createObjectStore(VECTOR_CHUNKS_STORE);
  },
  // v3 — Hyperspace packed blocks: two new stores, nothing moved here. Items of the per-record layout stay
  // in hyperspace_cache and are packed by the cache in small resumable transactions
  // (src/stores/hyperspace/pack.ts), so a page closed half way loses nothing and repeats nothing.
  (db) => {
    db.createObjectStore(COSMIC_BLOCKS_STORE);
    db.createObjectStore(COSMIC_STREAMS_STORE);
  },
  // v4 (cortex lifecycle): an index on [layer, updatedAt] so the sweep reads only expired STM/WM memories.
  // IndexedDB fills it from the memories already there; their records stay as they are (statistics
  // fields are optional and start at none).
  (_db, tx) => {
    tx.objectStore("eternal_memory").createIndex(CORTEX_EXPIRY_INDEX, ["layer", "updatedAt"]);
  },
  // v5 (audit log): its own store, key = sequence number; the chain head and checkpoint live in `meta`.
  (db) => {
    db.createObjectStore("audit_log");
  },
  // v6 (Context Engine persisted index, derived): one store holding the packed full-text index where the
  // Origin Private File System is missing. Nothing to move: the index is built on the next search.
  (db) => {
    db.createObjectStore(CONTEXT_INDEX_STORE);
  },
];

export const DB_VERSION = MIGRATIONS.length;

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
 *                      starts fast; rebuilt from `vector_kb` when missing or stale. Not in PhoenixSchema
 *                      on purpose: backups carry the stores of record only (workers/vector/vector-records.ts).
 * - `hyperspace_cache` cosmic data in record form, auto-increment key, indexed by [streamType, timestamp].
 *                      Since v3 only an inbox: items waiting to be packed (from a v2 database, an import).
 * - `cosmic_blocks`    (v3) Hyperspace items packed up to 1,000 per record, key [stream, first time, first seq]
 * - `cosmic_streams`   (v3) per-stream counts and arrival counter; see src/stores/hyperspace/layout.ts.
 *                      Both outside PhoenixSchema like vector_chunks: backups carry one record per item.
 * - `meta`             small records that describe the others (soul keyring, settings, audit head)
 * - `audit_log`        (v5) the tamper-evident audit log, key = sequence number (src/audit)
 * - `context_index`    (derived) the Context Engine's packed full-text index, where the Origin Private
 *                      File System is missing; never backed up (workers/context/persist.ts). Its freshness
 *                      stamp is `meta` CONTEXT_STAMP_KEY, rewritten by every Mind and cortex write.
 */
import { unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from "idb";
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
}

export type PhoenixStoreName = StoreNames<PhoenixSchema>;

/**
 * The stores outside PhoenixSchema, whose records have layouts of their own (and are not exported as
 * such). `derived` ones hold nothing of record: rebuilt from the others when missing or stale, never
 * backed up. The Hyperspace packed stores are the truth for stream items (backed up one record per item).
 */
export const OTHER_STORES = {
  [VECTOR_CHUNKS_STORE]: { derived: true },
  [CONTEXT_INDEX_STORE]: { derived: true },
  [COSMIC_BLOCKS_STORE]: { derived: false },
  [COSMIC_STREAMS_STORE]: { derived: false },
} as const;
export type OtherStoreName = keyof typeof OTHER_STORES;
/** Every object store of the database: a transaction may be opened on any of them. */
export type AnyStoreName = PhoenixStoreName | OtherStoreName;
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

type UpgradeTx = IDBPTransaction<PhoenixSchema, PhoenixStoreName[], "versionchange">;

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
    unwrap(db).createObjectStore(VECTOR_CHUNKS_STORE);
  },
  // v3 — Hyperspace packed blocks: two new stores, nothing moved here. Items of the per-record layout stay
  // in hyperspace_cache and are packed by the cache in small resumable transactions
  // (src/stores/hyperspace/pack.ts), so a page closed half way loses nothing and repeats nothing.
  (db) => {
    unwrap(db).createObjectStore(COSMIC_BLOCKS_STORE);
    unwrap(db).createObjectStore(COSMIC_STREAMS_STORE);
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
    unwrap(db).createObjectStore(CONTEXT_INDEX_STORE);
  },
];

export const DB_VERSION = MIGRATIONS.length;

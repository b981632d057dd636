/**
 * Every key of the `meta` store, in one table: what each record holds, who writes it, and whether a
 * backup carries it, so a new record is added in one place and the backup code cannot miss it. Each
 * key's value type and guard are in meta.ts (readMeta / writeMeta); this file imports nothing, so the
 * guards' owners can name their keys without a cycle.
 */
export const META_KEYS = {
  /** The Soul Vault's keyring (wrapped data keys, KDF settings): src/crypto/keyring.ts. Backed up. */
  soulKeyring: "soul:keyring",
  /** The Soul Vault's "remember on this device" key: device-bound, never backed up. */
  soulDevice: "soul:device",
  /** The settings record (src/settings). Backed up. */
  settings: "settings",
  /** The Hyperspace retention policies (src/stores/hyperspace/retention.ts). Backed up. */
  hyperspaceRetention: "hyperspace:retention",
  /** The audit log's chain head and checkpoint (src/audit/chain.ts). Backed up. */
  auditHead: "audit.head",
  auditCheckpoint: "audit.checkpoint",
  /** The Vector KB's chunk state and change token, written by the search worker: derived, never backed up. */
  vectorState: "vector_kb:state",
  vectorToken: "vector_kb:token",
  /** The Context Engine's stamp, rewritten by every Mind and cortex write (src/db/write.ts): derived. */
  contextStamp: "context.stamp",
} as const;

export type MetaKey = (typeof META_KEYS)[keyof typeof META_KEYS];

/** Derived records: rebuilt when missing, so a backup leaves them out and an import drops them. */
export const DERIVED_META_KEYS: ReadonlySet<string> = new Set<MetaKey>([
  META_KEYS.vectorState,
  META_KEYS.vectorToken,
  META_KEYS.contextStamp,
]);

export const VECTOR_STATE_KEY = META_KEYS.vectorState;
export const VECTOR_TOKEN_KEY = META_KEYS.vectorToken;

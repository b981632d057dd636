/**
 * openPhoenix(): one IndexedDB database, the six seed stores, wired into one facade.
 * The UI and library users reach every store only through the object this returns.
 */
import { toStorageError } from "./errors.js";
import { openPhoenixDB, type OpenDBOptions } from "./db/open.js";
import { DEFAULT_DB_NAME, SEED_STORES, type PhoenixDB, type SeedStoreName } from "./db/schema.js";
import { NeuralCortexStrata } from "./stores/cortex.js";
import { HyperspaceCache, type HyperspaceOptions } from "./stores/hyperspace.js";
import { VitalOrganVaults } from "./stores/vaults.js";
import { estimateStoreSize, type StoreSize } from "./db/sizes.js";
import { createSoulVault, type SoulVault, type SoulVaultOptions } from "./stores/soul.js";
import { createBackups, type Backups } from "./backup/index.js";
import { assertKdfSettings } from "./crypto/kdf.js";
import { assertAutoLockMs } from "./stores/soul-autolock.js";
import { createVectorKb, type CreateVectorKbOptions, type VectorKbHandle } from "./vector/index.js";
import { createContext, type ContextEngine, type ContextHandle } from "./context/index.js";

export interface OpenPhoenixOptions {
  /** IndexedDB database name; one per profile. Default "phoenix". */
  name?: string;
  /** This connection was closed because another tab opened a newer version (or the browser closed it). */
  onVersionChange?: OpenDBOptions["onVersionChange"];
  /** How long to wait for older tabs to let go before DB_BLOCKED. */
  blockedTimeoutMs?: number;
  /** Soul Vault settings (Argon2id cost for new passphrases, minimum passphrase length). */
  soul?: SoulVaultOptions;
  /** Hyperspace Cache settings (the clock retention ages are measured by, packing progress). */
  cache?: HyperspaceOptions;
  /** Vector KB settings (embedder, idle time of its worker). */
  vectorKb?: Omit<CreateVectorKbOptions, "dbName">;
}

export interface Phoenix {
  readonly name: string;
  /** The raw database, for tools that need it (backups, tests). The UI never touches it. */
  readonly db: PhoenixDB;
  readonly cortex: NeuralCortexStrata;
  readonly vaults: VitalOrganVaults<SoulVault>;
  readonly cache: HyperspaceCache;
  /** Semantic search, run in a worker (src/vector). */
  readonly vectorKb: VectorKbHandle;
  /** Export, import and automatic snapshots (src/backup). */
  readonly backups: Backups;
  /** Search across the stores and the assistant's context (src/context). */
  readonly context: ContextEngine;
  /** Record count of each seed store. */
  counts(): Promise<Record<SeedStoreName, number>>;
  /** Records and approximate bytes of each seed store (Hyperspace: items, from its per-block counts). */
  storeSizes(): Promise<Record<SeedStoreName, StoreSize>>;
  close(): void;
}

export async function openPhoenix(options: OpenPhoenixOptions = {}): Promise<Phoenix> {
  const name = options.name ?? DEFAULT_DB_NAME;
  // Bad Soul Vault settings are refused before the database is opened, so nothing is left open.
  if (options.soul?.kdf !== undefined) assertKdfSettings(options.soul.kdf);
  if (options.soul?.autoLockMs !== undefined) assertAutoLockMs(options.soul.autoLockMs);
  const db = await openPhoenixDB(name, {
    onVersionChange: options.onVersionChange,
    blockedTimeoutMs: options.blockedTimeoutMs,
  });
  // The Context Engine is made after the stores; their writes reach it through this late binding.
  let contextForWrites: ContextHandle | undefined;
  const cortex = new NeuralCortexStrata(db, {
    onWrite: (keys) => contextForWrites?.noteWrites(keys.map((key) => ({ store: "eternal_memory", key }))),
  });
  // The snapshot before a key rotation needs `backups`, made below; the rotation only runs later.
  let backupsForRotation: Backups | undefined;
  const soul = createSoulVault(db, {
    ...options.soul,
    beforeRotate: options.soul?.beforeRotate ?? (() => backupsForRotation?.snapshot("before-rotate-key") ?? Promise.resolve()),
  });
  const vaults = new VitalOrganVaults(db, {
    soul,
    onMindWrite: (key) => contextForWrites?.noteWrites([{ store: "mind_vault", key }]),
  });
  const cache = new HyperspaceCache(db, options.cache);
  const vectorKb = createVectorKb({ ...options.vectorKb, dbName: name });
  const context = createContext({
    dbName: name,
    vectorKb,
    // A damaged soul record is left out rather than failing the whole search.
    soulMemories: async () => (soul.isLocked ? undefined : soul.recallPrefix("", undefined, { onFailure: () => undefined })),
    recallMind: (key) => vaults.recallMind(key),
    recallCortex: (key) => cortex.recall(key),
    recentEpisodes: (limit) => recentEpisodes(cortex, limit),
  });
  contextForWrites = context;
  const backups = createBackups(db, {
    dbName: name,
    authenticateSoul: (records) => soul.authenticRecordKeys(records),
    // An import may bring another keyring: keys unlocked from the old one must not stay in memory.
    // The search index follows the imported entries.
    onImported: async () => {
      vaults.soul.lock();
      // The archive's items came in record form: pack them before the cache answers again.
      await cache.repack();
      // reload() also makes the worker read Mind and cortex again for the Context Engine.
      await vectorKb.reload({ rebuild: false });
    },
  });

  backupsForRotation = backups;

  return {
    name,
    db,
    cortex,
    vaults,
    cache,
    vectorKb,
    backups,
    context,
    async counts() {
      try {
        const tx = db.transaction([...SEED_STORES], "readonly");
        const counts = await Promise.all(SEED_STORES.map((store) => tx.objectStore(store).count()));
        const result = Object.fromEntries(SEED_STORES.map((store, i) => [store, counts[i] ?? 0])) as Record<SeedStoreName, number>;
        // Hyperspace items are packed many to a record: count items, not records.
        result.hyperspace_cache = await cache.count();
        return result;
      } catch (error) {
        throw toStorageError(error);
      }
    },
    async storeSizes() {
      try {
        const sizes = await Promise.all(
          SEED_STORES.map(async (store): Promise<StoreSize> => {
            if (store !== "hyperspace_cache") return estimateStoreSize(db, store);
            const stats = await cache.getCacheStats();
            return { records: stats.totalRecords, approxBytes: stats.approxBytes };
          }),
        );
        return Object.fromEntries(SEED_STORES.map((store, i) => [store, sizes[i]!])) as Record<SeedStoreName, StoreSize>;
      } catch (error) {
        throw toStorageError(error);
      }
    },
    close() {
      cache.stopRetention();
      backups.close();
      context.close();
      vectorKb.close();
      db.close();
    },
  };
}

/** The newest episodic memories across users: EPM keys sort by user first, so the times decide. */
async function recentEpisodes(cortex: NeuralCortexStrata, limit: number) {
  const scanned = await cortex.recallPrefix("epm:", 500, { reverse: true });
  return scanned.sort((a, b) => b[1].createdAt - a[1].createdAt).slice(0, limit);
}

/**
 * openPhoenix(): one IndexedDB database, the six seed stores, wired into one facade.
 * The UI and library users reach every store only through the object this returns.
 */
import { toStorageError } from "./errors.js";
import { openPhoenixDB, type OpenDBOptions } from "./db/open.js";
import { PhoenixConnection } from "./db/connection.js";
import { guarded, runGuarded } from "./db/reconnect.js";
import { DEFAULT_DB_NAME, SEED_STORES, type PhoenixDB, type SeedStoreName } from "./db/schema.js";
import { NeuralCortexStrata } from "./stores/cortex.js";
import { HyperspaceCache, type HyperspaceOptions } from "./stores/hyperspace.js";
import { VitalOrganVaults } from "./stores/vaults.js";
import { estimateStoreSize, type StoreSize } from "./db/sizes.js";
import { createSoulVault, type SoulVault, type SoulVaultOptions } from "./stores/soul.js";
import { createBackups, type Backups } from "./backup/index.js";
import { createVectorKb, type CreateVectorKbOptions, type VectorKbHandle } from "./vector/index.js";

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
  /** Record count of each seed store. */
  counts(): Promise<Record<SeedStoreName, number>>;
  /** Records and approximate bytes of each seed store (Hyperspace: items, from its per-block counts). */
  storeSizes(): Promise<Record<SeedStoreName, StoreSize>>;
  close(): void;
}

export async function openPhoenix(options: OpenPhoenixOptions = {}): Promise<Phoenix> {
  const name = options.name ?? DEFAULT_DB_NAME;
  const openOptions: OpenDBOptions = {
    onVersionChange: (reason) => {
      // A newer version elsewhere needs us gone: reconnecting would block it, so the page must reload.
      if (reason === "versionchange") connection?.markVersionChange();
      options.onVersionChange?.(reason);
    },
    blockedTimeoutMs: options.blockedTimeoutMs,
  };
  let connection: PhoenixConnection | undefined;
  connection = new PhoenixConnection(await openPhoenixDB(name, openOptions), { open: () => openPhoenixDB(name, openOptions) });
  const live = connection;
  // Every store reaches IndexedDB through the connection's stand-in, which a lost connection can reopen.
  const db = connection.db;
  const cortex = new NeuralCortexStrata(db);
  // The snapshot before a key rotation needs `backups`, made below; the rotation only runs later.
  let backupsForRotation: Backups | undefined;
  const soul = createSoulVault(db, {
    ...options.soul,
    beforeRotate: options.soul?.beforeRotate ?? (() => backupsForRotation?.snapshot("before-rotate-key") ?? Promise.resolve()),
  });
  const vaults = new VitalOrganVaults(db, { soul });
  const cache = new HyperspaceCache(db, options.cache);
  const vectorKb = createVectorKb({ ...options.vectorKb, dbName: name });
  const backups = createBackups(db, {
    dbName: name,
    authenticateSoul: (records) => soul.authenticRecordKeys(records),
    // An import may bring another keyring: keys unlocked from the old one must not stay in memory.
    // The search index follows the imported entries.
    onImported: async () => {
      vaults.soul.lock();
      // The archive's items came in record form: pack them before the cache answers again.
      await cache.repack();
      await vectorKb.reload();
    },
  });

  backupsForRotation = backups;

  return {
    name,
    db,
    cortex: guarded(cortex, "cortex", live),
    vaults: guarded(vaults, "vaults", live),
    cache: guarded(cache, "cache", live),
    vectorKb: guarded(vectorKb, "vectorKb", live),
    backups: guarded(backups, "backups", live),
    counts() {
      return runGuarded(() => countStores(db, cache), "phoenix.counts", live) as Promise<Record<SeedStoreName, number>>;
    },
    storeSizes() {
      return runGuarded(() => measureStores(db, cache), "phoenix.storeSizes", live) as Promise<Record<SeedStoreName, StoreSize>>;
    },
    close() {
      cache.stopRetention();
      backups.close();
      vectorKb.close();
      live.close();
    },
  };
}

async function countStores(db: PhoenixDB, cache: HyperspaceCache): Promise<Record<SeedStoreName, number>> {
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
}

async function measureStores(db: PhoenixDB, cache: HyperspaceCache): Promise<Record<SeedStoreName, StoreSize>> {
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
}

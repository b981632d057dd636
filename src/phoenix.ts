/**
 * openPhoenix(): one IndexedDB database, the six seed stores, wired into one facade.
 * The UI and library users reach every store only through the object this returns.
 *
 * Settings are read first: every module that depends on one reads it through `settings` (see
 * settings/apply.ts), and the audit log hears about sensitive operations through audit/hooks.ts.
 */
import { readTx, request, storageCall } from "./db/write.js";
import { openPhoenixDB, type OpenDBOptions } from "./db/open.js";
import { PhoenixConnection } from "./db/connection.js";
import { guarded, runGuarded } from "./db/reconnect.js";
import { DEFAULT_DB_NAME, SEED_STORES, type PhoenixDB, type SeedStoreName, type SoulRecord } from "./db/schema.js";
import { NeuralCortexStrata, type StoredMemory } from "./stores/cortex.js";
import { HyperspaceCache, type HyperspaceOptions } from "./stores/hyperspace.js";
import { VitalOrganVaults } from "./stores/vaults.js";
import { estimateStoreSize, type StoreSize } from "./db/sizes.js";
import { createSoulVault, type SoulVault, type SoulVaultOptions } from "./stores/soul/vault.js";
import { createBackups, type Backups } from "./backup/index.js";
import { assertKdfSettings } from "./crypto/kdf.js";
import { assertAutoLockMs } from "./stores/soul/autolock.js";
import { createVectorKb, type CreateVectorKbOptions, type VectorKbHandle } from "./vector/index.js";
import { createContext, type ContextEngine, type ContextHandle } from "./context/index.js";
import { createSoulCache } from "./context/soul-cache.js";
import { PhoenixSettings, SETTINGS_META_KEY } from "./settings/index.js";
import { wireSettings } from "./settings/apply.js";
import { gateVectorKb } from "./settings/vector-gate.js";
import { createModels, type ModelsHandle } from "./models/index.js";
import { Profiles } from "./settings/profiles.js";
import { AuditLog } from "./audit/index.js";
import { wireAudit, checkArchiveAudit } from "./audit/wire.js";
import { CortexSweeper } from "./stores/cortex-sweeper.js";

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
  /** The time (ms since epoch) every lifecycle decision and log entry uses. Default Date.now. */
  clock?: () => number;
  /** Called after `profiles.switch(name)` recorded the switch; the app reopens on that profile. */
  onProfileSwitch?: (name: string) => void | Promise<void>;
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
  /** The optional offline sentence model that can replace the hash embedder (src/models). */
  readonly models: ModelsHandle;
  /** Search across the stores and the assistant's context (src/context). */
  readonly context: ContextEngine;
  /** Typed settings, the same in every tab (src/settings). */
  readonly settings: PhoenixSettings;
  /** The tamper-evident log of sensitive operations (src/audit). */
  readonly audit: AuditLog;
  /** Profiles: one database each (src/settings/profiles.ts). */
  readonly profiles: Profiles;
  /** The background sweep of expired memories (one tab per profile); the app starts it. */
  readonly sweeper: CortexSweeper;
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
  const live = await openConnection(name, options);
  // Every store reaches IndexedDB through the connection's stand-in, which a lost connection can reopen.
  const db = live.db;
  const clock = options.clock ?? Date.now;
  let settings: PhoenixSettings;
  try {
    settings = await PhoenixSettings.open(db, { dbName: name, clock });
  } catch (error) {
    live.close();
    throw error;
  }
  const late: LateBindings = {};
  const stores = createStores(db, options, settings, clock, late);
  const search = createSearch(name, db, stores, settings, options);
  late.context = search.context;
  const backups = createBackupsFor(db, name, stores, search, settings);
  late.backups = backups;
  const sweeper = new CortexSweeper(stores.cortex, {
    lockName: `${name}:cortex-sweep`,
    intervalMs: () => settings.snapshot.retention.sweepIntervalMs,
    clock,
  });
  await adoptStoredPulseSettings(db, backups, settings);
  late.sweeper = sweeper;
  const profiles = new Profiles({ current: name, ...(options.onProfileSwitch ? { onSwitch: options.onProfileSwitch } : {}) });
  const { soul, vaults } = stores;
  const unwire = wireSettings(settings, { soul, backups, sweeper }, { soulAutoLockFromOptions: options.soul?.autoLockMs !== undefined });
  wireAudit(stores.audit, { soul, vaults, backups, settings, profiles });
  return facade({ name, live, settings, stores, search, backups, sweeper, profiles, unwire });
}

/**
 * Parts made after the stores that the stores call back into (a write reaches the Context Engine, an
 * expiring memory wakes the sweeper, a rotation snapshots through `backups`): bound once they exist,
 * and needed only once the app runs.
 */
interface LateBindings {
  context?: ContextHandle;
  sweeper?: CortexSweeper;
  backups?: Backups;
}

interface Stores {
  cortex: NeuralCortexStrata;
  audit: AuditLog;
  soul: SoulVault;
  vaults: VitalOrganVaults<SoulVault>;
  cache: HyperspaceCache;
}

interface Search {
  /** The Vector KB as created; `vectorKb` is it behind the `vectorKb.enabled` setting. */
  rawVectorKb: VectorKbHandle;
  vectorKb: VectorKbHandle;
  soulCache: ReturnType<typeof createSoulCache>;
  context: ContextHandle;
}

async function openConnection(name: string, options: OpenPhoenixOptions): Promise<PhoenixConnection> {
  let connection: PhoenixConnection | undefined;
  const openOptions: OpenDBOptions = {
    onVersionChange: (reason) => {
      // A newer version elsewhere needs us gone: reconnecting would block it, so the page must reload.
      if (reason === "versionchange") connection?.markVersionChange();
      options.onVersionChange?.(reason);
    },
    blockedTimeoutMs: options.blockedTimeoutMs,
  };
  connection = new PhoenixConnection(await openPhoenixDB(name, openOptions), { open: () => openPhoenixDB(name, openOptions) });
  return connection;
}

/** The seed's stores and the audit log, each reading its settings through `settings`. */
function createStores(db: PhoenixDB, options: OpenPhoenixOptions, settings: PhoenixSettings, clock: () => number, late: LateBindings): Stores {
  const cortex = new NeuralCortexStrata(db, {
    clock,
    retention: () => settings.snapshot.retention,
    onExpiringWrite: () => late.sweeper?.noteExpiringWrite(),
    onWrite: (keys) => late.context?.noteWrites(keys.map((key) => ({ store: "eternal_memory", key }))),
  });
  const audit = new AuditLog(db, { clock, keep: () => settings.snapshot.audit.keep });
  const soul = createSoulVault(db, {
    ...options.soul,
    beforeRotate: options.soul?.beforeRotate ?? (() => late.backups?.snapshot("before-rotate-key") ?? Promise.resolve()),
  });
  const vaults = new VitalOrganVaults(db, {
    soul,
    onMindWrite: (key) => late.context?.noteWrites([{ store: "mind_vault", key }]),
  });
  const cache = new HyperspaceCache(db, { clock, ...options.cache });
  return { cortex, audit, soul, vaults, cache };
}

/** The Vector KB (in its worker) and the Context Engine that searches every store through it. */
function createSearch(name: string, db: PhoenixDB, stores: Stores, settings: PhoenixSettings, options: OpenPhoenixOptions): Search {
  const { cortex, soul, vaults } = stores;
  const rawVectorKb = createVectorKb({ ...options.vectorKb, dbName: name });
  // vectorKb.enabled gates the Vector KB's API and the Context Engine's search, which runs in its worker.
  const vectorKb = gateVectorKb(rawVectorKb, () => settings.snapshot);
  // Decrypted soul memories for search, kept while unlocked (only new seals are opened), dropped on lock().
  const soulCache = createSoulCache(soul, () => sealedSoulRecords(db));
  const context = createContext({
    dbName: name,
    vectorKb,
    // A damaged soul record is left out rather than failing the whole search.
    soulMemories: () => soulCache.memories(),
    recallMind: (key) => vaults.recallMind(key),
    recallCortex: (key) => cortex.recall(key),
    liveCortexKeys: async (keys) => {
      const live = await cortex.liveKeys(keys);
      cortex.noteRecalls([...live]);
      return live;
    },
    recentEpisodes: (limit) => recentEpisodes(cortex, limit),
  });
  return { rawVectorKb, vectorKb, soulCache, context };
}

function createBackupsFor(db: PhoenixDB, name: string, stores: Stores, search: Search, settings: PhoenixSettings): Backups {
  const { cortex, soul, vaults, cache } = stores;
  return createBackups(db, {
    dbName: name,
    authenticateSoul: (records) => soul.authenticRecords(records),
    // An import may bring another keyring: keys unlocked from the old one must not stay in memory.
    // The search index and the settings follow the imported records.
    onImported: async () => {
      vaults.soul.lock();
      // The archive's items came in record form: pack them before the cache answers again.
      await cache.repack();
      await settings.reload();
      // reload() also makes the worker read Mind and cortex again for the Context Engine.
      await search.rawVectorKb.reload({ rebuild: false });
    },
    leaveOut: (store, _key, value) => store === "eternal_memory" && cortex.isExpired(value as StoredMemory),
    checkArchive: checkArchiveAudit,
    pulseSettings: {
      get: () => ({ intervalHours: settings.snapshot.pulse.intervalMs / 3_600_000, keep: settings.snapshot.pulse.keep }),
      set: async ({ intervalHours, keep }) => {
        await settings.update({ pulse: { intervalMs: Math.round(intervalHours * 3_600_000), keep } });
      },
    },
  });
}

/** The object openPhoenix returns: store calls guarded against a lost connection, one close for all. */
function facade(parts: {
  name: string;
  live: PhoenixConnection;
  settings: PhoenixSettings;
  stores: Stores;
  search: Search;
  backups: Backups;
  sweeper: CortexSweeper;
  profiles: Profiles;
  unwire: () => void;
}): Phoenix {
  const { name, live, settings, search, backups, sweeper, profiles, unwire } = parts;
  const { cortex, vaults, cache, audit } = parts.stores;
  const { vectorKb, context, soulCache } = search;
  const db = live.db;
  return {
    name,
    db,
    cortex: guarded(cortex, "cortex", live),
    vaults: guarded(vaults, "vaults", live),
    cache: guarded(cache, "cache", live),
    vectorKb: guarded(vectorKb, "vectorKb", live),
    backups: guarded(backups, "backups", live),
    models: createModels(vectorKb),
    context,
    settings,
    audit,
    profiles,
    sweeper,
    counts() {
      return runGuarded(() => countStores(db, cache), "phoenix.counts", live) as Promise<Record<SeedStoreName, number>>;
    },
    storeSizes() {
      return runGuarded(() => measureStores(db, cache), "phoenix.storeSizes", live) as Promise<Record<SeedStoreName, StoreSize>>;
    },
    close() {
      cache.stopRetention();
      unwire();
      sweeper.stop();
      cortex.close();
      settings.close();
      backups.close();
      context.close();
      soulCache.close();
      vectorKb.close();
      live.close();
    },
  };
}

/** Every soul record as sealed (ciphertext), for the Context Engine's cache to see which changed. */
function sealedSoulRecords(db: PhoenixDB): Promise<Array<[string, SoulRecord]>> {
  return readTx(db, ["soul_kb"], async ({ soul_kb }) => {
    const [keys, values] = await Promise.all([request(soul_kb.getAllKeys() as IDBRequest<string[]>), request(soul_kb.getAll())]);
    return keys.map((key, i): [string, SoulRecord] => [key, values[i]!]);
  });
}

/** The newest episodic memories across users: EPM keys sort by user first, so the times decide. */
async function recentEpisodes(cortex: NeuralCortexStrata, limit: number) {
  const scanned = await cortex.recallPrefix("epm:", 500, { reverse: true });
  return scanned.sort((a, b) => b[1].createdAt - a[1].createdAt).slice(0, limit);
}

/**
 * Before `phoenix.settings`, the Vital Pulse kept its schedule in the snapshots database. On the first
 * open without a settings record, a schedule set there moves into `settings.pulse`, once.
 */
async function adoptStoredPulseSettings(db: PhoenixDB, backups: Backups, settings: PhoenixSettings): Promise<void> {
  try {
    if ((await db.getKey("meta", SETTINGS_META_KEY)) !== undefined) return;
    const old = await backups.pulse.storedSettings();
    if (old) await settings.update({ pulse: { intervalMs: Math.round(old.intervalHours * 3_600_000), keep: old.keep } });
  } catch {
    // An old schedule that does not fit today's ranges stays behind; the defaults apply.
  }
}

async function countStores(db: PhoenixDB, cache: HyperspaceCache): Promise<Record<SeedStoreName, number>> {
  const counts = await readTx(db, SEED_STORES, (stores) => Promise.all(SEED_STORES.map((store) => request(stores[store].count()))));
  const result = Object.fromEntries(SEED_STORES.map((store, i) => [store, counts[i] ?? 0])) as Record<SeedStoreName, number>;
  // Hyperspace items are packed many to a record: count items, not records.
  result.hyperspace_cache = await cache.count();
  return result;
}

async function measureStores(db: PhoenixDB, cache: HyperspaceCache): Promise<Record<SeedStoreName, StoreSize>> {
  return storageCall(async () => {
    const sizes = await Promise.all(
      SEED_STORES.map(async (store): Promise<StoreSize> => {
        if (store !== "hyperspace_cache") return estimateStoreSize(db, store);
        const stats = await cache.getCacheStats();
        return { records: stats.totalRecords, approxBytes: stats.approxBytes };
      }),
    );
    return Object.fromEntries(SEED_STORES.map((store, i) => [store, sizes[i]!])) as Record<SeedStoreName, StoreSize>;
  });
}

/** Phoenix Memory's public surface: open the memory, and the types of what it stores. */
export { openPhoenix, type OpenPhoenixOptions, type Phoenix } from "./phoenix.js";
export { PhoenixError, isPhoenixError, ERROR_MESSAGES, type ErrorCode } from "./errors.js";
export { NeuralCortexStrata, epmKey, layerOfKey, type Memory, type StoredMemory, type MemoryStats, type CortexOptions } from "./stores/cortex.js";
export { isExpired, memoryWeight, lifetimeMs } from "./stores/cortex-lifecycle.js";
export type { Promotion } from "./stores/cortex-maintenance.js";
export type { CortexSweeper, SweepRun } from "./stores/cortex-sweeper.js";
export {
  PhoenixSettings,
  DEFAULT_SETTINGS,
  FIELD_RULES,
  SETTINGS_GROUPS,
  type Settings,
  type SettingsPatch,
  type SettingsGroup,
  type FieldRule,
  type RetentionSettings,
  type VectorKbSettings,
  type SoulSettings,
  type AuditSettings,
} from "./settings/index.js";
export { Profiles, activeProfile, PROFILES_DB_NAME, type ProfileInfo, type DeleteConfirmation } from "./settings/profiles.js";
export { AuditLog, hashKeyName, type AuditEntry, type AuditListOptions, type AuditOutcome, type VerifyResult } from "./audit/index.js";
export {
  VitalOrganVaults,
  routeVaultPrefix,
  type SoulRecallOptions,
  type SoulRecordFailure,
  type SoulStore,
  type VaultEntry,
  type VaultName,
} from "./stores/vaults.js";
export {
  SoulVault,
  createSoulVault,
  MIN_PASSPHRASE_LENGTH,
  DEFAULT_AUTO_LOCK_MS,
  type AutoLockClock,
  type PageVisibility,
  type SoulVaultOptions,
  type RememberOptions,
  type ChangePassphraseOptions,
  type RotateOptions,
  type RotateResult,
} from "./stores/soul/vault.js";
export { DEFAULT_KDF_SETTINGS, type Argon2idSettings } from "./crypto/kdf.js";
export {
  HyperspaceCache,
  type CosmicData,
  type TimeRange,
  type CacheStats,
  type StreamStats,
  type HyperspaceOptions,
  type PackProgress,
  type RetentionPolicy,
  type SweepReport,
  type Timeline,
} from "./stores/hyperspace.js";
export type { ScanOptions } from "./db/prefix.js";
export type { StoreSize } from "./db/sizes.js";
export { clearQuotaRefusal, lastQuotaRefusal, onQuotaRefusal, type QuotaRefusal } from "./db/quota-refusal.js";
export {
  DEFAULT_DB_NAME,
  DB_VERSION,
  LAYERS,
  SEED_STORES,
  type Layer,
  type SeedStoreName,
  type JsonValue,
  type JsonObject,
} from "./db/schema.js";
export {
  backupFileName,
  DEFAULT_MAX_EXPANDED_BYTES,
  DEFAULT_PULSE_SETTINGS,
  MIN_PULSE_INTERVAL_HOURS,
  type Backups,
  type BackupManifest,
  type BackupProgress,
  type BackupSummary,
  type ExportOptions,
  type HealthReport,
  type ImportMode,
  type ImportOptions,
  type ImportReport,
  type PulseSettings,
  type SnapshotInfo,
  type StoreCounts,
} from "./backup/index.js";
export { findRecoverySnapshot, restoreSnapshotAfterFailedOpen } from "./backup/recover.js";
export {
  createVectorKb,
  HashEmbedder,
  DEFAULT_EMBEDDING_DIM,
  MAX_TOP_K,
  fxhash32,
  type CreateVectorKbOptions,
  type VectorKbHandle,
  type VectorKb,
  type MemoryEntry,
  type MemoryResult,
  type NewMemory,
  type SearchOptions,
  type Embedder,
} from "./vector/index.js";
export {
  CONTEXT_SOURCES,
  CONTEXT_MAX_TOP_K,
  DEFAULT_BUILD_WEIGHTS,
  DEFAULT_CHANNEL_WEIGHTS,
  type ContextEngine,
  type ContextSource,
  type ContextSearchOptions,
  type Hit,
  type BuildOptions,
  type BuildWeights,
  type BuiltContext,
  type ContextIndexInfo,
} from "./context/index.js";
export {
  DEFAULT_BASE_URL,
  DEFAULT_MODEL_ID,
  HASH_EMBEDDER,
  KNOWN_MODELS,
  modelEmbedderId,
  type DownloadOptions,
  type ImportOptions as ModelImportOptions,
  type ModelFailure,
  type ModelProgress,
  type ModelsHandle,
  type ModelStatus,
  type StoredModel,
  type StoredModelFile,
  type Tokenized,
  type UseOptions,
} from "./models/index.js";

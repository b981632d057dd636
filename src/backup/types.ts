/**
 * The shapes `phoenix.backups` hands out and takes (import options and report, summaries, health,
 * snapshots), apart from the modules that make them, so the Backups class (index.ts) and the Vital Pulse
 * (pulse.ts) can both name them without importing each other.
 */
import type { ErrorCode } from "../errors.js";
import type { PhoenixStoreName } from "../db/schema.js";
import type { BackupManifest } from "./manifest.js";
import type { ReadOptions } from "./read.js";
import type { ImportMode, StoreCounts } from "./restore.js";

export interface SnapshotInfo {
  id: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Why it was taken: "scheduled", "before-import", "before-rotate-key", "manual", … */
  reason: string;
  /** Size of the archive in bytes. */
  bytes: number;
}

/** The decoded `[key, value]` records of one store of a verified archive. */
export type ArchiveRecords = (store: PhoenixStoreName) => Array<[IDBValidKey, unknown]>;

export interface ImportOptions extends ReadOptions {
  /** replace (default): the database becomes the archive. merge: see restore.ts. */
  mode?: ImportMode;
  /** Take a Vital Pulse snapshot before writing (default true). */
  snapshot?: boolean;
}

export interface ImportReport {
  mode: ImportMode;
  stores: Record<PhoenixStoreName, StoreCounts>;
  manifest: BackupManifest;
  /** The snapshot taken just before the import, to undo it. */
  snapshot?: SnapshotInfo;
}

export interface BackupSummary {
  manifest: BackupManifest;
  encrypted: boolean;
  fileBytes: number;
  expandedBytes: number;
  /** Records per store in the archive. */
  records: Partial<Record<PhoenixStoreName, number>>;
  /**
   * The archive's Soul Vault keyring is not this database's (other passphrase salt or keys, or only one of
   * them has a vault): a replace import makes the vault's passphrase the one the backup's vault had.
   */
  soulKeyringDiffers: boolean;
}

export interface HealthProblem {
  store: PhoenixStoreName;
  code: ErrorCode;
  message: string;
}

export interface HealthReport {
  healthy: boolean;
  problems: HealthProblem[];
  /** When unhealthy: the newest snapshot that passes every check, to offer for a restore. */
  offer?: SnapshotInfo | undefined;
}

export type RestoreOptions = Omit<ImportOptions, "mode" | "passphrase">;

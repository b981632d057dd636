/**
 * `phoenix.backups`: export, inspect and import of .tar.gz backups, and the Vital Pulse snapshots.
 *
 *     const file = await phoenix.backups.export({ onProgress, signal });          // File, application/gzip
 *     const summary = await phoenix.backups.inspect(file);                       // checks it all, writes nothing
 *     const report = await phoenix.backups.import(file, { mode: "merge" });      // counts per store
 *     await phoenix.backups.pulse.start();                                       // the schedule, while open
 *     const health = await phoenix.backups.checkHealth();                        // on start
 *
 * The app calls `pulse.start()` and `checkHealth()` when it starts; the library does not start timers
 * on its own.
 */
import { PhoenixError, isPhoenixError, type ErrorCode } from "../errors.js";
import { readMeta } from "../db/meta.js";
import type { SoulKeyring } from "../crypto/keyring.js";
import { ALL_STORES, type PhoenixDB, type PhoenixStoreName } from "../db/schema.js";
import type { ExportOptions } from "./archive.js";
import { reporter } from "./progress.js";
import { VitalPulse, type PulseHost } from "./pulse.js";
import type { ArchiveRecords, BackupSummary, HealthProblem, HealthReport, ImportOptions, ImportReport, SnapshotInfo } from "./types.js";
import type { LeaveOut } from "./archive.js";
import type { ReadOptions, VerifiedBackup } from "./read.js";
import type { SoulAuthenticator } from "./restore.js";

/** gzip, tar, SHA-256 and the codec arrive with the first backup operation, not with the page. */
const engine = () => import("./engine.js");

export { backupFileName, DEFAULT_MAX_EXPANDED_BYTES } from "./archive-file.js";
export type { ExportOptions } from "./archive.js";
export type { ReadOptions } from "./read.js";
export type { BackupManifest, StoreEntry } from "./manifest.js";
export type { BackupProgress, ProgressListener } from "./progress.js";
export { DEFAULT_PULSE_SETTINGS, MIN_PULSE_INTERVAL_HOURS, VitalPulse, type PulseSettings } from "./pulse.js";
export type { ArchiveRecords, BackupSummary, HealthProblem, HealthReport, ImportOptions, ImportReport, RestoreOptions, SnapshotInfo } from "./types.js";
export type { ImportMode, SoulAuthenticator, StoreCounts } from "./restore.js";

export interface BackupsOptions {
  /** Name of the main database; snapshots are kept in `${dbName}-snapshots`. */
  dbName: string;
  /**
   * Called after an import (or snapshot restore) committed, so whatever caches store contents reloads:
   * the vector index, the unlocked Soul Vault keys.
   */
  onImported?: (report: ImportReport) => void | Promise<void>;
  /**
   * Merge imports: which archive soul records the unlocked Soul Vault authenticates (time included); only
   * those may replace a record here. The facade wires the Soul Vault in; absent, none may.
   */
  authenticateSoul?: SoulAuthenticator;
  /** Default cap on an archive's expanded size for import and inspect. Default 256 MiB. */
  maxExpandedBytes?: number;
  /** Records an export leaves out (memories that have expired). */
  leaveOut?: LeaveOut;
  /** A check of a verified archive before import or inspect says yes (the audit log's chain); throws to refuse. */
  checkArchive?: (records: ArchiveRecords) => void | Promise<void>;
  /** The Vital Pulse's interval and count, when they live in `phoenix.settings`. */
  pulseSettings?: PulseHost["settings"];
}

export class Backups {
  readonly pulse: VitalPulse;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: PhoenixDB,
    private readonly options: BackupsOptions,
  ) {
    this.pulse = new VitalPulse(`${options.dbName}-snapshots`, {
      exportArchive: async () => (await engine()).exportBackup(db, {}, options.leaveOut),
      ...(options.pulseSettings ? { settings: options.pulseSettings } : {}),
      restore: (archive, restoreOptions) =>
        this.serial(() => this.runImport(archive, { ...restoreOptions, mode: "replace" }, true)),
    });
  }

  /** The whole database as a .tar.gz File named `phoenix-backup-YYYYMMDD-HHMMSS.tar.gz`. */
  async export(options: ExportOptions = {}): Promise<File> {
    return (await engine()).exportBackup(this.db, options, this.options.leaveOut);
  }

  /** Checks the whole archive exactly as import does and summarises it; writes nothing. */
  async inspect(file: Blob, options: ReadOptions = {}): Promise<BackupSummary> {
    const { readBackup, archiveKeyring, sameKeyring } = await engine();
    const backup = await readBackup(file, this.readOptions(options));
    await this.check(backup);
    const here = await this.localKeyring();
    const differs = here === "unreadable" || !sameKeyring(archiveKeyring(backup), here);
    return { ...summarise(backup), soulKeyringDiffers: differs };
  }

  /** Checks everything, snapshots, then writes all stores in one transaction. */
  import(file: Blob, options: ImportOptions = {}): Promise<ImportReport> {
    return this.serial(() => this.runImport(file, options, false));
  }

  /** A Vital Pulse snapshot now (before a key rotation, by hand, …). */
  snapshot(reason: string): Promise<SnapshotInfo> {
    return this.pulse.take(reason);
  }

  /** Opens and reads every store; when one fails, finds the newest snapshot that passes every check. */
  async checkHealth(): Promise<HealthReport> {
    const problems: HealthProblem[] = [];
    for (const store of ALL_STORES) {
      try {
        if (!this.db.objectStoreNames.contains(store)) throw new PhoenixError("STORAGE_ERROR", `The store "${store}" is missing.`);
        const tx = this.db.transaction(store, "readonly");
        await Promise.all([tx.store.count(), tx.store.getAll(undefined, 1), tx.done]);
      } catch (error) {
        const code: ErrorCode = isPhoenixError(error) ? error.code : "STORAGE_ERROR";
        problems.push({ store, code, message: error instanceof Error ? error.message : String(error) });
      }
    }
    if (problems.length === 0) return { healthy: true, problems };
    return { healthy: false, problems, offer: await this.newestGoodSnapshot() };
  }

  /** Stops the snapshot schedule and closes the snapshots database. */
  close(): void {
    this.pulse.close();
  }

  private async runImport(file: Blob, options: ImportOptions, bestEffortSnapshot: boolean): Promise<ImportReport> {
    const mode = options.mode ?? "replace";
    if (mode !== "replace" && mode !== "merge") throw new PhoenixError("INVALID_ARGUMENT", `Unknown import mode "${String(mode)}".`);
    const { readBackup, writeBackup } = await engine();
    const backup = await readBackup(file, this.readOptions(options));
    await this.check(backup);
    let snapshot: SnapshotInfo | undefined;
    if (options.snapshot !== false) {
      const progress = reporter(options.onProgress);
      progress({ phase: "snapshot", done: 0, total: 1 });
      try {
        snapshot = await this.pulse.take(bestEffortSnapshot ? "before-restore" : "before-import");
      } catch (error) {
        // Restoring is how a broken database is repaired: it must not depend on snapshotting the broken one.
        if (!bestEffortSnapshot) throw error;
      }
      progress({ phase: "snapshot", done: 1, total: 1 });
    }
    const stores = await writeBackup(this.db, backup, mode, { ...options, authenticateSoul: this.options.authenticateSoul });
    const report: ImportReport = { mode, stores, manifest: backup.manifest, ...(snapshot ? { snapshot } : {}) };
    await this.options.onImported?.(report);
    return report;
  }

  /** This database's keyring; "unreadable" when damaged (inspecting a backup is how it gets repaired). */
  private async localKeyring(): Promise<SoulKeyring | undefined | "unreadable"> {
    try {
      return await readMeta(this.db, "soulKeyring");
    } catch (error) {
      // A damaged keyring is what the guard reports; a failing database is not "unreadable".
      if (isPhoenixError(error, "INTEGRITY")) return "unreadable";
      throw error;
    }
  }

  private async newestGoodSnapshot(): Promise<SnapshotInfo | undefined> {
    for (const info of await this.pulse.list().catch(() => [])) {
      try {
        await (await engine()).readBackup(await this.pulse.download(info.id), this.readOptions({}));
        return info;
      } catch {
        // A damaged snapshot is no offer; try the one before it.
      }
    }
    return undefined;
  }

  private async check(backup: VerifiedBackup): Promise<void> {
    const check = this.options.checkArchive;
    if (!check) return;
    const { recordAt } = await engine();
    await check((store) => {
      const records = backup.records[store];
      return records ? records.lines.map((_, i) => recordAt(records, i)) : [];
    });
  }

  private readOptions(options: ReadOptions): ReadOptions {
    return { ...options, maxExpandedBytes: options.maxExpandedBytes ?? this.options.maxExpandedBytes };
  }

  /** One import at a time per database. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export function createBackups(db: PhoenixDB, options: BackupsOptions): Backups {
  if (typeof options?.dbName !== "string" || options.dbName.length === 0) {
    throw new PhoenixError("INVALID_ARGUMENT", "createBackups needs the database name.");
  }
  return new Backups(db, options);
}

function summarise(backup: VerifiedBackup): Omit<BackupSummary, "soulKeyringDiffers"> {
  const records: BackupSummary["records"] = {};
  for (const [store, entry] of Object.entries(backup.manifest.stores)) records[store as PhoenixStoreName] = entry.records;
  return {
    manifest: backup.manifest,
    encrypted: backup.encrypted,
    fileBytes: backup.fileBytes,
    expandedBytes: backup.expandedBytes,
    records,
  };
}

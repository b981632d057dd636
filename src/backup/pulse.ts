/**
 * Vital Pulse Monitor: automatic snapshots of the whole database, kept in the browser.
 *
 * Snapshots live in their own IndexedDB database, `<name>-snapshots`, so a main database that breaks (or
 * is deleted to start over) does not take them along:
 * - `snapshots`      SnapshotInfo per snapshot, key = id (ISO time + random suffix, so ids sort by time)
 * - `snapshot_data`  the snapshot's .tar.gz as a Blob, key = id (apart, so listing never loads archives)
 * - `settings`       "pulse": { intervalHours, keep }
 *
 * A snapshot is an ordinary backup archive (unencrypted: the Soul Vault inside is ciphertext anyway).
 * They are taken on a schedule while the app is open (default every 24 hours), before every import and
 * before every key rotation, and only the newest `keep` (default 7) are retained. With several tabs open,
 * one tab leads the schedule: it holds the Web Lock `<name>:pulse-leader` for as long as it is open, the
 * others queue for it, so closing (or killing) the leading tab hands the schedule to the next at once.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { PhoenixError } from "../errors.js";
import { storageCall } from "../db/write.js";
import { backupFileName } from "./archive-file.js";
import type { ImportReport, RestoreOptions, SnapshotInfo } from "./types.js";

export interface PulseSettings {
  /** Hours between scheduled snapshots while the app is open; 0 turns the schedule off. Default 24. */
  intervalHours: number;
  /** How many snapshots to keep, newest first. Default 7. */
  keep: number;
}

/**
 * Each snapshot is a full archive of the database: more often than every 15 minutes would spend the
 * device's disk and battery on copies that differ by a few keystrokes.
 */
export const MIN_PULSE_INTERVAL_HOURS = 0.25;

export const DEFAULT_PULSE_SETTINGS: PulseSettings = { intervalHours: 24, keep: 7 };
/** A scheduled snapshot that is overdue at start waits this long, so it does not slow the app's start. */
const START_DELAY_MS = 15_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface PulseSchema extends DBSchema {
  snapshots: { key: string; value: SnapshotInfo };
  snapshot_data: { key: string; value: Blob };
  settings: { key: string; value: PulseSettings };
}

export interface PulseHost {
  /** The archive of the main database now. */
  exportArchive(): Promise<File>;
  /** Replaces the main database with this snapshot's archive. */
  restore(archive: Blob, options: RestoreOptions): Promise<ImportReport>;
  /**
   * Where the interval and count live when the app has `phoenix.settings` (`pulse.intervalMs`, `pulse.keep`):
   * then `settings()`/`setSettings()` here are a view of those, in hours. Without it they live in this
   * snapshots database, as before.
   */
  settings?: {
    get(): PulseSettings;
    set(settings: PulseSettings): Promise<void>;
  };
}

export class VitalPulse {
  private dbPromise: Promise<IDBPDatabase<PulseSchema>> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private closed = false;
  private lead = false;
  /** Ends this tab's leadership (releases the lock, or withdraws the queued request). */
  private resign: (() => void) | undefined;

  constructor(
    /** Name of the snapshots database. */
    readonly dbName: string,
    private readonly host: PulseHost,
  ) {}

  /** Snapshots, newest first. */
  async list(): Promise<SnapshotInfo[]> {
    const db = await this.db();
    const all = await storageCall(() => db.getAll("snapshots"));
    return all.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  }

  /** The snapshot as a File named like an export of its time. */
  async download(id: string): Promise<File> {
    const info = await this.info(id);
    const db = await this.db();
    const data = await storageCall(() => db.get("snapshot_data", id));
    if (!data) throw new PhoenixError("SNAPSHOT_NOT_FOUND", undefined, { subject: id });
    return new File([data], backupFileName(new Date(info.createdAt)), { type: "application/gzip", lastModified: info.createdAt });
  }

  async delete(id: string): Promise<boolean> {
    const db = await this.db();
    return storageCall(async () => {
      const tx = db.transaction(["snapshots", "snapshot_data"], "readwrite", { durability: "strict" });
      const existed = (await tx.objectStore("snapshots").getKey(id)) !== undefined;
      await Promise.all([tx.objectStore("snapshots").delete(id), tx.objectStore("snapshot_data").delete(id), tx.done]);
      return existed;
    });
  }

  /** Takes a snapshot now and drops the oldest beyond `keep`. */
  async take(reason: string): Promise<SnapshotInfo> {
    if (typeof reason !== "string" || reason.length === 0) throw new PhoenixError("INVALID_ARGUMENT", "A snapshot needs a reason.");
    const archive = await this.host.exportArchive();
    // Strictly after the newest, so "newest first" and pruning never depend on a tie within a millisecond.
    const [newest] = await this.list();
    const createdAt = Math.max(Date.now(), (newest?.createdAt ?? 0) + 1);
    const info: SnapshotInfo = {
      id: `${new Date(createdAt).toISOString()}-${Math.random().toString(36).slice(2, 8)}`,
      createdAt,
      reason,
      bytes: archive.size,
    };
    const { keep } = await this.settings();
    const db = await this.db();
    await storageCall(async () => {
      const tx = db.transaction(["snapshots", "snapshot_data"], "readwrite", { durability: "strict" });
      const snapshots = tx.objectStore("snapshots");
      const data = tx.objectStore("snapshot_data");
      // A Blob as such: the browser keeps its bytes on disk, not in the JS heap.
      await Promise.all([snapshots.put(info, info.id), data.put(new Blob([archive], { type: "application/gzip" }), info.id)]);
      const all = (await snapshots.getAll()).sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
      await Promise.all(all.slice(keep).flatMap((old) => [snapshots.delete(old.id), data.delete(old.id)]));
      await tx.done;
    });
    return info;
  }

  /**
   * Replaces the database with this snapshot, after snapshotting the current state when it can be read
   * (a broken database must still be repairable). The archive is read into memory first, so pruning
   * old snapshots meanwhile cannot take it away.
   */
  async restore(id: string, options: RestoreOptions = {}): Promise<ImportReport> {
    const file = await this.download(id);
    const archive = new Blob([await file.arrayBuffer()], { type: "application/gzip" });
    return this.host.restore(archive, options);
  }

  async settings(): Promise<PulseSettings> {
    if (this.host.settings) return this.host.settings.get();
    const db = await this.db();
    const stored = await storageCall(() => db.get("settings", "pulse"));
    return { ...DEFAULT_PULSE_SETTINGS, ...stored };
  }

  /** The interval and count stored here by a version before `phoenix.settings`, if any (for the move to settings). */
  async storedSettings(): Promise<PulseSettings | undefined> {
    const db = await this.db();
    const stored = await storageCall(() => db.get("settings", "pulse"));
    return stored ? { ...DEFAULT_PULSE_SETTINGS, ...stored } : undefined;
  }

  async setSettings(change: Partial<PulseSettings>): Promise<PulseSettings> {
    const next = { ...(await this.settings()), ...change };
    const hours = next.intervalHours;
    if (typeof hours !== "number" || !Number.isFinite(hours) || hours < 0 || hours > 24 * 366) {
      throw new PhoenixError("INVALID_ARGUMENT", "The snapshot interval is 0 (off) or a number of hours up to a year.", { replace: true });
    }
    if (hours > 0 && hours < MIN_PULSE_INTERVAL_HOURS) {
      throw new PhoenixError(
        "INVALID_ARGUMENT",
        `A snapshot every ${hours} hours is too often: choose at least 15 minutes (0.25 hours), or 0 to turn snapshots off.`,
        { replace: true },
      );
    }
    if (!Number.isInteger(next.keep) || next.keep < 1 || next.keep > 100) {
      throw new PhoenixError("INVALID_ARGUMENT", "The number of snapshots to keep is a whole number from 1 to 100.", { replace: true });
    }
    const settings: PulseSettings = { intervalHours: next.intervalHours, keep: next.keep };
    if (this.host.settings) {
      await this.host.settings.set(settings);
    } else {
      const db = await this.db();
      await storageCall(() => db.put("settings", settings, "pulse"));
    }
    await this.settingsChanged();
    return settings;
  }

  /** The interval or count changed (here or in another tab): the schedule follows at once. */
  async settingsChanged(): Promise<void> {
    if (this.running) await this.arm();
  }

  /**
   * Starts the schedule (idempotent). Snapshots happen only while this page is open, and only in the one
   * tab that leads; the others wait for the lead and resolve at once.
   */
  async start(): Promise<void> {
    if (this.closed) throw new PhoenixError("DB_CLOSED", "The snapshot schedule was stopped for good.");
    this.running = true;
    if (this.resign) return;
    const locks = lockManager();
    if (!locks) {
      this.lead = true;
      this.resign = () => undefined;
      await this.arm();
      return;
    }
    const withdraw = new AbortController();
    let release: (() => void) | undefined;
    this.resign = () => {
      release?.();
      withdraw.abort();
    };
    locks
      .request(`${this.dbName}:pulse-leader`, { signal: withdraw.signal }, async () => {
        this.lead = true;
        if (this.running) await this.arm().catch(() => undefined);
        await new Promise<void>((resolve) => (release = resolve));
        this.lead = false;
      })
      .catch(() => undefined);
  }

  /** True while this tab leads the schedule (holds the leader lock). */
  get leading(): boolean {
    return this.lead;
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.resign?.();
    this.resign = undefined;
    this.lead = false;
  }

  /** Stops the schedule and closes the snapshots database. */
  close(): void {
    this.stop();
    this.closed = true;
    void this.dbPromise?.then((db) => db.close(), () => undefined);
    this.dbPromise = undefined;
  }

  /** When the next scheduled snapshot is due (ms since epoch), or undefined when the schedule is off. */
  async nextDue(): Promise<number | undefined> {
    const { intervalHours } = await this.settings();
    if (intervalHours === 0) return undefined;
    const [newest] = await this.list();
    return (newest?.createdAt ?? 0) + intervalHours * 3_600_000;
  }

  private async arm(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.lead) return;
    const due = await this.nextDue();
    if (!this.running || due === undefined) return;
    const wait = Math.min(MAX_TIMER_MS, Math.max(START_DELAY_MS, due - Date.now()));
    this.timer = setTimeout(() => void this.tick(), wait);
    // In Node (tests, tools) a pending snapshot must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    try {
      await withLock(`${this.dbName}:pulse`, async () => {
        const due = await this.nextDue();
        if (due !== undefined && due <= Date.now()) await this.take("scheduled");
      });
    } catch {
      // A failed scheduled snapshot (quota, closed database) is retried at the next arming.
    }
    if (this.running) await this.arm().catch(() => undefined);
  }

  private async info(id: string): Promise<SnapshotInfo> {
    const db = await this.db();
    const info = await storageCall(() => db.get("snapshots", id));
    if (!info) throw new PhoenixError("SNAPSHOT_NOT_FOUND", undefined, { subject: id });
    return info;
  }

  private db(): Promise<IDBPDatabase<PulseSchema>> {
    if (this.closed) return Promise.reject(new PhoenixError("DB_CLOSED", "The snapshots database was closed."));
    this.dbPromise ??= storageCall(() =>
      openDB<PulseSchema>(this.dbName, 1, {
        upgrade(db) {
          db.createObjectStore("snapshots");
          db.createObjectStore("snapshot_data");
          db.createObjectStore("settings");
        },
        blocking: () => {
          // A newer app version elsewhere wants to upgrade this database: let it; the next call reopens.
          const opened = this.dbPromise;
          this.dbPromise = undefined;
          void opened?.then((db) => db.close());
        },
      }),
    ).catch((error: unknown) => {
      this.dbPromise = undefined;
      throw error;
    });
    return this.dbPromise;
  }
}

interface LockManagerLike {
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>): Promise<void>;
}

function lockManager(): LockManagerLike | undefined {
  return (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
}

/** Runs `work` holding a Web Lock if this browser has them; skips it when another tab holds the lock. */
async function withLock(name: string, work: () => Promise<void>): Promise<void> {
  const locks = lockManager();
  if (!locks) return work();
  await locks.request(name, { ifAvailable: true }, async (lock) => {
    if (lock) await work();
  });
}

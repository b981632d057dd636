/**
 * Recovery when the main database does not open at all (openPhoenix rejects): the snapshots live in a
 * database of their own, `<name>-snapshots`, which usually still opens. The start page offers the newest
 * snapshot that passes every check; restoring deletes the broken database and imports the snapshot into a
 * fresh one. Never offered for DB_BLOCKED (another tab, transient) or DB_UNAVAILABLE (no storage at all).
 */
import { PhoenixError } from "../errors.js";
import { deleteDatabase } from "../db/open.js";
import { openPhoenix } from "../phoenix.js";
import { VitalPulse } from "./pulse.js";
import type { ImportReport, SnapshotInfo } from "./types.js";

function snapshotsOf(name: string): VitalPulse {
  return new VitalPulse(`${name}-snapshots`, {
    exportArchive: () => Promise.reject(new PhoenixError("DB_CLOSED", "The main database did not open.")),
    restore: () => Promise.reject(new PhoenixError("DB_CLOSED", "The main database did not open.")),
  });
}

/** The newest snapshot of profile `name` whose archive passes every check, or undefined. */
export async function findRecoverySnapshot(name: string): Promise<SnapshotInfo | undefined> {
  const pulse = snapshotsOf(name);
  try {
    const { readBackup } = await import("./engine.js");
    for (const info of await pulse.list()) {
      try {
        await readBackup(await pulse.download(info.id), {});
        return info;
      } catch {
        // A damaged snapshot is no offer; try the one before it.
      }
    }
    return undefined;
  } finally {
    pulse.close();
  }
}

/**
 * Replaces profile `name`, which no longer opens, by snapshot `id`: the archive is read into memory first,
 * then the broken database is deleted and a fresh one gets the snapshot. Resolves with the import report.
 */
export async function restoreSnapshotAfterFailedOpen(name: string, id: string): Promise<ImportReport> {
  const pulse = snapshotsOf(name);
  let archive: Blob;
  try {
    const file = await pulse.download(id);
    archive = new Blob([await file.arrayBuffer()], { type: "application/gzip" });
  } finally {
    pulse.close();
  }
  await deleteDatabase(name, { failWhenBlocked: true });
  const phoenix = await openPhoenix({ name });
  try {
    return await phoenix.backups.import(archive, { mode: "replace", snapshot: false });
  } finally {
    phoenix.close();
  }
}

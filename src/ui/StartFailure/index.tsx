/**
 * What the page shows when the database does not open, instead of a blank screen: why, what still works,
 * and the way back. With no IndexedDB at all (private modes that refuse it, site data blocked) nothing can
 * be kept, so it says so plainly. When the database exists but will not open, the newest snapshot that
 * passes every check (from the separate snapshots database) is offered for a restore.
 */
import { useState } from "preact/hooks";
import type { SnapshotInfo } from "../../index.js";
import { formatBytes } from "../lib/format.js";

export interface StartFailureProps {
  error: string;
  code: string | undefined;
  /** The snapshot offered for a restore; undefined while looking or when there is none. */
  recovery: SnapshotInfo | undefined;
  onRestore(id: string): Promise<void>;
  onReload(): void;
}

export function StartFailure(props: StartFailureProps) {
  const [restoring, setRestoring] = useState(false);
  const [failure, setFailure] = useState<string | undefined>(undefined);
  if (props.code === "DB_UNAVAILABLE") {
    return (
      <section class="card" role="alert" data-testid="storage-unavailable">
        <h2>Storage is not available here</h2>
        <p>
          This browser does not let Phoenix Memory use IndexedDB, so nothing can be kept on this device. This happens in some
          private windows, when site data is blocked for this address, or when the browser's storage is broken.
        </p>
        <p>
          <strong>What still works:</strong> nothing you type here is stored, so none of the pages are shown. Memories kept in
          another browser or profile are untouched, and backup files you downloaded can be imported wherever storage works.
        </p>
        <p>
          <strong>To fix it:</strong> open the app in a normal (not private) window, or allow site data for this address, then
          reload.
        </p>
        <p class="status__error">{props.error}</p>
        <button type="button" class="button button--primary" onClick={props.onReload}>
          Reload
        </button>
      </section>
    );
  }
  const restore = (id: string) => {
    setRestoring(true);
    setFailure(undefined);
    props.onRestore(id).catch((error: unknown) => {
      setRestoring(false);
      setFailure(error instanceof Error ? error.message : String(error));
    });
  };
  return (
    <section class="card" role="alert" data-testid="open-failed">
      <h2>The database could not be opened</h2>
      <p>The database could not be opened: {props.error}</p>
      {props.code === "DB_BLOCKED" || props.code === "DB_VERSION_NEWER" ? (
        <p>Close the other tabs of Phoenix Memory, or reload this one.</p>
      ) : props.recovery ? (
        <div data-testid="recovery-offer">
          <p>
            A snapshot from {new Date(props.recovery.createdAt).toLocaleString()} ({formatBytes(props.recovery.bytes)}) passes every
            check. Restoring it replaces the database that does not open; what was written after the snapshot is lost.
          </p>
          <button
            type="button"
            class="button button--primary"
            disabled={restoring}
            onClick={() => restore(props.recovery!.id)}
            data-testid="recovery-restore"
          >
            {restoring ? "Restoring…" : "Restore this snapshot"}
          </button>
        </div>
      ) : (
        <p>No snapshot to restore was found. Reload to try again, or import a backup once the database opens.</p>
      )}
      {failure ? <p class="status__error" data-testid="recovery-error">{failure}</p> : null}
      <button type="button" class="button" onClick={props.onReload}>
        Reload
      </button>
    </section>
  );
}

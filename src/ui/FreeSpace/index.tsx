/**
 * Freeing space when the origin's quota runs out: export first (the one step that needs no room, the
 * archive is built in memory), then what can go without losing what matters: the Body Vault (operational
 * state, rebuilt by use), Hyperspace streams, and every snapshot but the newest. Each clearing asks once
 * more before it runs, since none can be undone. `onFreed` lets the storage card measure again.
 */
import type { Phoenix } from "../../index.js";
import { Status } from "../Status/index.js";
import { ConfirmButton, StreamRows } from "./parts.js";
import { useFreeSpace } from "./useFreeSpace.js";

export interface FreeSpaceProps {
  phoenix: Phoenix;
  onFreed(): void;
}

export function FreeSpace({ phoenix, onFreed }: FreeSpaceProps) {
  const { action, streams, snapshots, exportBackup, clearBody, deleteOldSnapshots, clearStream } = useFreeSpace(phoenix, onFreed);
  return (
    <div class="free-space" data-testid="free-space">
      <h3>Free space</h3>
      <div class="button-row">
        <button type="button" class="button button--small" disabled={action.busy} data-testid="free-export" onClick={exportBackup}>
          Export a backup
        </button>
        <ConfirmButton label="Clear the Body Vault" testId="free-body" disabled={action.busy} onConfirm={clearBody} />
        {snapshots > 1 ? <ConfirmButton label="Delete old snapshots" testId="free-snapshots" disabled={action.busy} onConfirm={deleteOldSnapshots} /> : null}
      </div>
      <StreamRows streams={streams} busy={action.busy} onClear={clearStream} />
      <Status status={action.status} error={action.error} testId="free-space" />
    </div>
  );
}

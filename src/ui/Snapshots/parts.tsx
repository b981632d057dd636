/**
 * The named pieces of the Snapshots card: the list of kept snapshots with their Download, Restore and
 * Delete buttons, and the schedule form. Snapshots keeps the state and the calls; these only draw.
 */
import type { SnapshotInfo } from "../../index.js";
import { formatBytes, formatDateTime } from "../lib/format.js";

const REASONS: Record<string, string> = {
  scheduled: "scheduled",
  manual: "taken by hand",
  "before-import": "before an import",
  "before-restore": "before a restore",
  "before-rotate-key": "before a key rotation",
};

export interface SnapshotListProps {
  snapshots: readonly SnapshotInfo[];
  busy: boolean;
  onDownload: (info: SnapshotInfo) => void;
  onRestore: (info: SnapshotInfo) => void;
  onDelete: (info: SnapshotInfo) => void;
}

export function SnapshotList({ snapshots, busy, onDownload, onRestore, onDelete }: SnapshotListProps) {
  return (
    <ul class="entries" data-testid="snapshot-list" aria-label="Snapshots, newest first">
      {snapshots.map((info) => {
        const when = formatDateTime(info.createdAt);
        return (
          <li key={info.id} class="entry" data-testid="snapshot-item" data-id={info.id}>
            <p class="entry__text">
              <time dateTime={new Date(info.createdAt).toISOString()}>{when}</time>
            </p>
            <p class="entry__meta">
              {REASONS[info.reason] ?? info.reason} · {formatBytes(info.bytes)}
            </p>
            <div class="button-row">
              <button type="button" class="button button--small" disabled={busy} onClick={() => onDownload(info)}>
                Download<span class="visually-hidden"> the snapshot from {when}</span>
              </button>
              <button type="button" class="button button--small" disabled={busy} onClick={() => onRestore(info)}>
                Restore<span class="visually-hidden"> the snapshot from {when}</span>
              </button>
              <button type="button" class="button button--small button--danger" disabled={busy} onClick={() => onDelete(info)}>
                Delete<span class="visually-hidden"> the snapshot from {when}</span>
              </button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}

export interface ScheduleFormProps {
  id: string;
  hours: string;
  keep: string;
  /** Saving is not possible (a save runs, or the settings are not loaded yet). */
  busy: boolean;
  onHours: (hours: string) => void;
  onKeep: (keep: string) => void;
  onSubmit: (event: Event) => void;
}

export function ScheduleForm({ id, hours, keep, busy, onHours, onKeep, onSubmit }: ScheduleFormProps) {
  return (
    <form class="form" onSubmit={onSubmit} data-testid="snapshot-schedule">
      <h3 class="field__label">Schedule</h3>
      <div class="row row--top">
        <div class="field">
          <label for={`${id}-hours`}>Hours between snapshots</label>
          <input
            id={`${id}-hours`}
            type="number"
            inputMode="decimal"
            min={0}
            max={24 * 366}
            step="any"
            data-testid="snapshot-hours"
            value={hours}
            onInput={(event) => onHours(event.currentTarget.value)}
            aria-describedby={`${id}-hours-hint`}
          />
          <p class="field__hint" id={`${id}-hours-hint`}>
            At least 0.25 (15 minutes); 0 turns the schedule off.
          </p>
        </div>
        <div class="field">
          <label for={`${id}-keep`}>Snapshots to keep</label>
          <input
            id={`${id}-keep`}
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            step={1}
            data-testid="snapshot-keep"
            value={keep}
            onInput={(event) => onKeep(event.currentTarget.value)}
            aria-describedby={`${id}-keep-hint`}
          />
          <p class="field__hint" id={`${id}-keep-hint`}>
            From 1 to 100; older ones are deleted.
          </p>
        </div>
      </div>
      <div class="button-row">
        <button type="submit" class="button" disabled={busy} data-testid="snapshot-schedule-save">
          Save schedule
        </button>
      </div>
    </form>
  );
}

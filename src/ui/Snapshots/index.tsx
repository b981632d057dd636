/**
 * The Vital Pulse snapshots kept in this browser: list, take one now, download, restore, delete, and the
 * schedule (hours between snapshots while the app is open, how many to keep).
 */
import { useId } from "preact/hooks";
import { PhoenixError, type Phoenix, type PulseSettings } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { plural } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { ScheduleForm, SnapshotList } from "./parts.js";
import { useSnapshotActions, useSnapshotList } from "./useSnapshots.js";

export interface SnapshotsProps {
  phoenix: Phoenix;
  revision: number;
}

function describeSchedule(next: PulseSettings): string {
  return next.intervalHours === 0
    ? `Automatic snapshots are off; keeping the newest ${next.keep}.`
    : `A snapshot every ${plural(next.intervalHours, "hour", "hours")} while the app is open; keeping the newest ${next.keep}.`;
}

export function Snapshots({ phoenix, revision }: SnapshotsProps) {
  const id = useId();
  const { pulse } = phoenix.backups;
  const state = useSnapshotList(pulse, revision);
  const { list, snapshots, hours, keep } = state;
  const schedule = useAction();
  const { dialog, confirm } = useConfirm();
  const { act, takeNow, download, restore, remove } = useSnapshotActions(phoenix, confirm, state);

  const saveSchedule = (event: Event) => {
    event.preventDefault();
    void schedule.run(async () => {
      const intervalHours = Number(hours);
      const keepCount = Number(keep);
      if (hours.trim() === "" || keep.trim() === "") throw new PhoenixError("INVALID_ARGUMENT", "Fill in both numbers.", { replace: true });
      const next = await pulse.setSettings({ intervalHours, keep: keepCount });
      state.setSettings(next);
      return describeSchedule(next);
    });
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Automatic snapshots</h2>
      <p class="field__hint">
        Whole-database snapshots kept in this browser: on a schedule, and before every import, restore and key rotation.
        They do not replace an exported backup kept elsewhere.
      </p>
      <div class="button-row">
        <button type="button" class="button" disabled={act.busy} onClick={takeNow} data-testid="snapshot-take">
          Take a snapshot now
        </button>
      </div>
      <Status status={act.status} error={act.error} testId="snapshot" />
      <Status status={list.status} error={list.error} testId="snapshot-list" />
      {snapshots?.length ? <SnapshotList snapshots={snapshots} busy={act.busy} onDownload={download} onRestore={(info) => void restore(info)} onDelete={(info) => void remove(info)} /> : null}

      <ScheduleForm id={id} hours={hours} keep={keep} busy={schedule.busy || !state.settings} onHours={state.setHours} onKeep={state.setKeep} onSubmit={saveSchedule} />
      <Status status={schedule.status} error={schedule.error} testId="snapshot-schedule" />
      {dialog}
    </section>
  );
}

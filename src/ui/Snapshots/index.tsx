/**
 * The Vital Pulse snapshots kept in this browser: list, take one now, download, restore, delete, and the
 * schedule (hours between snapshots while the app is open, how many to keep).
 */
import { useCallback, useEffect, useId, useState } from "preact/hooks";
import { type PulseSettings, type SnapshotInfo, PhoenixError, type Phoenix } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { saveBlob } from "../lib/download.js";
import { formatBytes, formatDateTime, plural } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { ScheduleForm, SnapshotList } from "./parts.js";

export interface SnapshotsProps {
  phoenix: Phoenix;
  revision: number;
}

export function Snapshots({ phoenix, revision }: SnapshotsProps) {
  const id = useId();
  const { pulse } = phoenix.backups;
  const [snapshots, setSnapshots] = useState<SnapshotInfo[] | undefined>(undefined);
  const [settings, setSettings] = useState<PulseSettings | undefined>(undefined);
  const [hours, setHours] = useState("");
  const [keep, setKeep] = useState("");
  const list = useAction();
  const act = useAction();
  const schedule = useAction();
  const { dialog, confirm } = useConfirm();

  const load = useCallback(() => {
    void list.run(async () => {
      const [all, current] = await Promise.all([pulse.list(), pulse.settings()]);
      setSnapshots(all);
      setSettings(current);
      setHours(String(current.intervalHours));
      setKeep(String(current.keep));
      return plural(all.length, "snapshot", "snapshots") + " kept in this browser.";
    });
  }, [pulse, list.run]);

  useEffect(load, [load, revision]);

  const takeNow = () => {
    void act.run(async () => {
      const info = await phoenix.backups.snapshot("manual");
      load();
      return `Snapshot taken (${formatBytes(info.bytes)}).`;
    });
  };

  const download = (info: SnapshotInfo) => {
    void act.run(async () => {
      const file = await pulse.download(info.id);
      saveBlob(file, file.name);
      return `Saved ${file.name}.`;
    });
  };

  const restore = async (info: SnapshotInfo) => {
    const when = formatDateTime(info.createdAt);
    const yes = await confirm({
      title: "Restore this snapshot?",
      message: `All data in this browser will be replaced by the snapshot from ${when}. The current data is snapshotted first.`,
      confirmLabel: "Restore",
    });
    if (!yes) return;
    await act.run(async () => {
      await pulse.restore(info.id);
      load();
      return `Restored the snapshot from ${when}.`;
    });
  };

  const remove = async (info: SnapshotInfo) => {
    const when = formatDateTime(info.createdAt);
    if (!(await confirm({ title: "Delete this snapshot?", message: `The snapshot from ${when} will be deleted.`, confirmLabel: "Delete" }))) return;
    await act.run(async () => {
      await pulse.delete(info.id);
      setSnapshots((previous) => previous?.filter((s) => s.id !== info.id));
      return `Deleted the snapshot from ${when}.`;
    });
  };

  const saveSchedule = (event: Event) => {
    event.preventDefault();
    void schedule.run(async () => {
      const intervalHours = Number(hours);
      const keepCount = Number(keep);
      if (hours.trim() === "" || keep.trim() === "") throw new PhoenixError("INVALID_ARGUMENT", "Fill in both numbers.", { replace: true });
      const next = await pulse.setSettings({ intervalHours, keep: keepCount });
      setSettings(next);
      return next.intervalHours === 0
        ? `Automatic snapshots are off; keeping the newest ${next.keep}.`
        : `A snapshot every ${plural(next.intervalHours, "hour", "hours")} while the app is open; keeping the newest ${next.keep}.`;
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

      <ScheduleForm
        id={id}
        hours={hours}
        keep={keep}
        busy={schedule.busy || !settings}
        onHours={setHours}
        onKeep={setKeep}
        onSubmit={saveSchedule}
      />
      <Status status={schedule.status} error={schedule.error} testId="snapshot-schedule" />
      {dialog}
    </section>
  );
}

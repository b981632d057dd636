/**
 * The state and calls of the snapshots card: the list and the schedule as stored (re-read when the
 * revision moves, the schedule's inputs filled from it), and what can be done to one snapshot (take,
 * download, restore, delete; the last two on the person's word).
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { Phoenix, PulseSettings, SnapshotInfo } from "../../index.js";
import type { Confirm } from "../ConfirmDialog/index.js";
import { saveBlob } from "../lib/download.js";
import { formatBytes, formatDateTime, plural } from "../lib/format.js";
import { useAction, type Action } from "../lib/useAction.js";

type Pulse = Phoenix["backups"]["pulse"];

export interface SnapshotList {
  list: Action;
  load: () => void;
  snapshots: SnapshotInfo[] | undefined;
  setSnapshots: (update: (previous: SnapshotInfo[] | undefined) => SnapshotInfo[] | undefined) => void;
  settings: PulseSettings | undefined;
  setSettings: (settings: PulseSettings) => void;
  hours: string;
  setHours: (hours: string) => void;
  keep: string;
  setKeep: (keep: string) => void;
}

export function useSnapshotList(pulse: Pulse, revision: number): SnapshotList {
  const [snapshots, setSnapshots] = useState<SnapshotInfo[] | undefined>(undefined);
  const [settings, setSettings] = useState<PulseSettings | undefined>(undefined);
  const [hours, setHours] = useState("");
  const [keep, setKeep] = useState("");
  const list = useAction();

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

  return { list, load, snapshots, setSnapshots, settings, setSettings, hours, setHours, keep, setKeep };
}

export interface SnapshotActions {
  act: Action;
  takeNow: () => void;
  download: (info: SnapshotInfo) => void;
  restore: (info: SnapshotInfo) => Promise<void>;
  remove: (info: SnapshotInfo) => Promise<void>;
}

export function useSnapshotActions(phoenix: Phoenix, confirm: Confirm["confirm"], { load, setSnapshots }: SnapshotList): SnapshotActions {
  const { pulse } = phoenix.backups;
  const act = useAction();

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

  return { act, takeNow, download, restore, remove };
}

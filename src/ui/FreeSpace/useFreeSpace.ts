/**
 * What the Free space block knows and does: the streams (largest first) and how many snapshots are
 * kept, measured again after each clearing and after a refused write; each clearing, once done, tells
 * the quota watch that space came back and the storage card to measure again.
 */
import { useEffect, useState } from "preact/hooks";
import { clearQuotaRefusal, onQuotaRefusal, type Phoenix } from "../../index.js";
import { saveBlob } from "../lib/download.js";
import { formatBytes } from "../lib/format.js";
import { useAction, type Action } from "../lib/useAction.js";

export interface StreamRow {
  streamType: string;
  records: number;
  approxBytes: number;
}

export interface FreeSpaceState {
  action: Action;
  streams: StreamRow[];
  snapshots: number;
  exportBackup: () => void;
  clearBody: () => void;
  deleteOldSnapshots: () => void;
  clearStream: (streamType: string) => void;
}

export function useFreeSpace(phoenix: Phoenix, onFreed: () => void): FreeSpaceState {
  const action = useAction();
  const [streams, setStreams] = useState<StreamRow[]>([]);
  const [snapshots, setSnapshots] = useState(0);

  const load = async () => {
    const [stats, list] = await Promise.all([phoenix.cache.getCacheStats(), phoenix.backups.pulse.list()]);
    setStreams(
      Object.entries(stats.streams)
        .map(([streamType, row]) => ({ streamType, ...row }))
        .sort((a, b) => b.approxBytes - a.approxBytes),
    );
    setSnapshots(list.length);
  };
  useEffect(() => {
    void action.run(load);
  }, [phoenix]);
  // A refused write is when these lists matter most: measure again, the streams that filled the disk
  // may be newer than this card.
  useEffect(
    () =>
      onQuotaRefusal((refusal) => {
        if (refusal) void load().catch(() => undefined);
      }),
    [phoenix],
  );

  const act = (work: () => Promise<string>) =>
    void action.run(async () => {
      const status = await work();
      // Space was given back: a refused write is worth trying again, so the Overview stops saying "full".
      clearQuotaRefusal();
      await load();
      onFreed();
      return status;
    });

  return {
    action,
    streams,
    snapshots,
    exportBackup: () =>
      void action.run(async () => {
        const file = await phoenix.backups.export();
        saveBlob(file, file.name);
        return `Exported ${file.name} (${formatBytes(file.size)}).`;
      }),
    clearBody: () => act(async () => `Cleared ${await phoenix.vaults.clearBody()} Body Vault records.`),
    deleteOldSnapshots: () =>
      act(async () => {
        const [, ...old] = await phoenix.backups.pulse.list();
        for (const info of old) await phoenix.backups.pulse.delete(info.id);
        return `Deleted ${old.length} old snapshots; the newest is kept.`;
      }),
    clearStream: (streamType) => act(async () => `Cleared ${await phoenix.cache.clearStream(streamType)} items of ${streamType}.`),
  };
}

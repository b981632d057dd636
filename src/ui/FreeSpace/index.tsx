/**
 * Freeing space when the origin's quota runs out: export first (the one step that needs no room, the
 * archive is built in memory), then what can go without losing what matters: the Body Vault (operational
 * state, rebuilt by use), Hyperspace streams, and every snapshot but the newest. Each clearing asks once
 * more before it runs, since none can be undone. `onFreed` lets the storage card measure again.
 */
import { useEffect, useState } from "preact/hooks";
import { clearQuotaRefusal, onQuotaRefusal, type Phoenix } from "../../index.js";
import { saveBlob } from "../lib/download.js";
import { formatBytes } from "../lib/format.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";

export interface FreeSpaceProps {
  phoenix: Phoenix;
  onFreed(): void;
}

interface StreamRow {
  streamType: string;
  records: number;
  approxBytes: number;
}

/** A button that needs a second click (on "Confirm …") before it acts. */
function ConfirmButton(props: { label: string; testId: string; disabled: boolean; onConfirm(): void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" class="button button--small" disabled={props.disabled} onClick={() => setAsking(true)} data-testid={props.testId}>
        {props.label}
      </button>
    );
  }
  return (
    <span class="button-row">
      <button
        type="button"
        class="button button--small button--danger"
        data-testid={`${props.testId}-confirm`}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        Confirm: {props.label.toLowerCase()}
      </button>
      <button type="button" class="button button--small" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}

export function FreeSpace({ phoenix, onFreed }: FreeSpaceProps) {
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

  return (
    <div class="free-space" data-testid="free-space">
      <h3>Free space</h3>
      <div class="button-row">
        <button
          type="button"
          class="button button--small"
          disabled={action.busy}
          data-testid="free-export"
          onClick={() =>
            void action.run(async () => {
              const file = await phoenix.backups.export();
              saveBlob(file, file.name);
              return `Exported ${file.name} (${formatBytes(file.size)}).`;
            })
          }
        >
          Export a backup
        </button>
        <ConfirmButton
          label="Clear the Body Vault"
          testId="free-body"
          disabled={action.busy}
          onConfirm={() => act(async () => `Cleared ${await phoenix.vaults.clearBody()} Body Vault records.`)}
        />
        {snapshots > 1 ? (
          <ConfirmButton
            label="Delete old snapshots"
            testId="free-snapshots"
            disabled={action.busy}
            onConfirm={() =>
              act(async () => {
                const [, ...old] = await phoenix.backups.pulse.list();
                for (const info of old) await phoenix.backups.pulse.delete(info.id);
                return `Deleted ${old.length} old snapshots; the newest is kept.`;
              })
            }
          />
        ) : null}
      </div>
      {streams.length > 0 ? (
        <ul class="free-space__streams" data-testid="free-streams">
          {streams.map((stream) => (
            <li key={stream.streamType}>
              Stream <code>{stream.streamType}</code>: {stream.records} items, about {formatBytes(stream.approxBytes)}{" "}
              <ConfirmButton
                label="Clear stream"
                testId={`free-stream-${stream.streamType}`}
                disabled={action.busy}
                onConfirm={() => act(async () => `Cleared ${await phoenix.cache.clearStream(stream.streamType)} items of ${stream.streamType}.`)}
              />
            </li>
          ))}
        </ul>
      ) : null}
      <Status status={action.status} error={action.error} testId="free-space" />
    </div>
  );
}

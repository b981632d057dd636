/**
 * The pieces of the Free space block: a button that asks a second time before it acts, and the list of
 * streams with their sizes and a Clear for each.
 */
import { useState } from "preact/hooks";
import { formatBytes } from "../lib/format.js";
import type { StreamRow } from "./useFreeSpace.js";

/** A button that needs a second click (on "Confirm …") before it acts. */
export function ConfirmButton(props: { label: string; testId: string; disabled: boolean; onConfirm(): void }) {
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

export function StreamRows({ streams, busy, onClear }: { streams: readonly StreamRow[]; busy: boolean; onClear: (streamType: string) => void }) {
  if (streams.length === 0) return null;
  return (
    <ul class="free-space__streams" data-testid="free-streams">
      {streams.map((stream) => (
        <li key={stream.streamType}>
          Stream <code>{stream.streamType}</code>: {stream.records} items, about {formatBytes(stream.approxBytes)}{" "}
          <ConfirmButton label="Clear stream" testId={`free-stream-${stream.streamType}`} disabled={busy} onConfirm={() => onClear(stream.streamType)} />
        </li>
      ))}
    </ul>
  );
}

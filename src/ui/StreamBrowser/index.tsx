/**
 * One stream over a time range, newest or oldest first, a page at a time; and clearing the stream.
 * Paging resumes at the last timestamp shown and skips what is already shown (several items may share
 * a timestamp), see lib/paging.ts.
 */
import { useId, useState } from "preact/hooks";
import type { Phoenix } from "../../index.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { plural } from "../lib/format.js";
import { MoreRow } from "../MoreRow/index.js";
import { Status } from "../Status/index.js";
import { RangeFields, StreamItems, StreamSelect } from "./parts.js";
import { useStreamList } from "./useStreamList.js";

export { STREAM_PAGE_SIZE } from "./useStreamList.js";

export interface StreamBrowserProps {
  phoenix: Phoenix;
  streams: readonly string[];
  stream: string | undefined;
  onStreamChange: (stream: string) => void;
  revision: number;
  onCleared: (stream: string) => void;
}

export function StreamBrowser({ phoenix, streams, stream, onStreamChange, revision, onCleared }: StreamBrowserProps) {
  const id = useId();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [newestFirst, setNewestFirst] = useState(true);
  const { action, list, load, apply } = useStreamList(phoenix, stream, revision);
  const items = list.items;
  const { dialog, confirm } = useConfirm();

  const clearStream = async () => {
    if (!stream) return;
    const yes = await confirm({ title: `Clear the ${stream} stream?`, message: `Every item of ${stream} will be deleted.`, confirmLabel: "Clear stream" });
    if (!yes) return;
    const ok = await action.run(async () => {
      const removed = await phoenix.cache.clearStream(stream);
      list.clear();
      return `Cleared ${stream}: ${plural(removed, "item", "items")} removed.`;
    });
    if (ok) onCleared(stream);
  };

  const submit = (event: Event) => {
    event.preventDefault();
    apply(from, to, newestFirst);
  };

  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Browse a stream</h2>
      <form class="form" onSubmit={submit} data-testid="stream-range-form">
        <StreamSelect id={id} streams={streams} stream={stream} onStreamChange={onStreamChange} />
        <RangeFields {...{ id, from, to, newestFirst }} onFrom={setFrom} onTo={setTo} onNewestFirst={setNewestFirst} />
        <div class="button-row">
          <button type="submit" class="button" data-testid="stream-show" disabled={!stream}>
            Show
          </button>
          <button type="button" class="button button--danger" data-testid="stream-clear" disabled={!stream || action.busy} onClick={() => void clearStream()}>
            Clear stream
          </button>
        </div>
      </form>
      <Status status={action.status} error={action.error} testId="stream" />
      <StreamItems stream={stream} items={items} quiet={action.busy || action.error !== undefined} />
      <MoreRow hasMore={list.hasMore} busy={action.busy} testId="stream-more" onMore={() => load(items)} />
      {dialog}
    </section>
  );
}

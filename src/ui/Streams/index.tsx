/** The Streams page: the Hyperspace Cache — streams with counts, items over time and ingest rate, time-range browsing, add, clear. */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { PageProps } from "../lib/route.js";
import type { CacheStats } from "../../index.js";
import { CosmicForm } from "../CosmicForm/index.js";
import { readHashParam, writeHashParam } from "../lib/hashQuery.js";
import { useAction } from "../lib/useAction.js";
import { Page } from "../Page/index.js";
import { Status } from "../Status/index.js";
import { StreamBrowser } from "../StreamBrowser/index.js";
import { StreamList } from "../StreamList/index.js";
import { StreamChart } from "../StreamChart/index.js";

export function StreamsPage({ phoenix }: PageProps) {
  const [stats, setStats] = useState<CacheStats | undefined>(undefined);
  const [stream, setStream] = useState<string | undefined>(() => readHashParam("stream"));
  const [revision, setRevision] = useState(0);
  // After a clear nothing is chosen until the person picks: the "Cleared …" message stays in view, and
  // the picker says "Choose a stream" with Clear disabled, rather than showing a stream that is gone.
  const [noneChosen, setNoneChosen] = useState(false);
  const action = useAction();

  const refresh = useCallback(() => {
    void action.run(async () => {
      const next = await phoenix.cache.getCacheStats();
      setStats(next);
      return next.summary;
    });
  }, [phoenix, action.run]);

  useEffect(refresh, [refresh]);

  const streams = stats ? Object.keys(stats.streams).sort() : [];
  // With nothing chosen, browse the first stream there is.
  const shown = noneChosen ? undefined : stream !== undefined && (!stats || streams.includes(stream)) ? stream : streams[0];

  const choose = (next: string) => {
    setNoneChosen(false);
    setStream(next);
    writeHashParam("stream", next);
  };

  return (
    <Page id="streams" title="Streams" intro="The Hyperspace Cache: time-stamped data streams.">
      <section class="card" aria-labelledby="streams-stats-title">
        <h2 id="streams-stats-title">Streams</h2>
        <Status status={action.status} error={action.error} testId="streams" />
        <StreamList stats={stats} selected={shown} onSelect={choose} />
        <div class="button-row">
          <button type="button" class="button button--small" disabled={action.busy} onClick={refresh}>
            Refresh
          </button>
        </div>
      </section>
      {shown ? <StreamChart phoenix={phoenix} stream={shown} revision={revision} /> : null}
      <StreamBrowser
        phoenix={phoenix}
        streams={streams}
        stream={shown}
        onStreamChange={choose}
        revision={revision}
        onCleared={(cleared) => {
          // The cleared stream no longer exists: the picker moves on to what is left.
          if (cleared === shown) {
            setStream(undefined);
            setNoneChosen(true);
            writeHashParam("stream", undefined);
          }
          refresh();
        }}
      />
      <CosmicForm
        phoenix={phoenix}
        streams={streams}
        initialStream={shown}
        onAdded={(added) => {
          choose(added);
          setRevision((n) => n + 1);
          refresh();
        }}
      />
    </Page>
  );
}

export default StreamsPage;

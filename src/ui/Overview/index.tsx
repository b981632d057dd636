/**
 * The Overview page: the summaries, record counts per store, their sizes as bars, and storage use against quota. One Refresh reads them
 * all again (and coming back to the tab does too); an empty database gets first steps instead of zeros
 * to puzzle over.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { PageProps } from "../lib/route.js";
import { StoreCounts } from "../App/StoreCounts.js";
import { Page } from "../Page/index.js";
import { StorageUse } from "../StorageUse/index.js";
import { StoreBars } from "../StoreBars/index.js";
import { Summaries } from "../Summaries/index.js";
import "./style.css";

function FirstSteps() {
  return (
    <section class="card" aria-labelledby="first-steps-title" data-testid="overview-first-steps">
      <h2 id="first-steps-title">Nothing is stored yet</h2>
      <p>Start with one of these:</p>
      <ul class="first-steps">
        <li>
          <a href="#/memory">Etch a memory</a>: write down what your companion should remember.
        </li>
        <li>
          <a href="#/vaults?vault=soul">Set up the Soul Vault</a>: a passphrase for private memories, kept encrypted.
        </li>
        <li>
          <a href="#/backups">Import a backup</a>: bring memories over from another device.
        </li>
      </ul>
    </section>
  );
}

export function OverviewPage({ phoenix }: PageProps) {
  const [revision, setRevision] = useState(0);
  const [empty, setEmpty] = useState(false);
  const refresh = useCallback(() => setRevision((n) => n + 1), []);

  useEffect(() => {
    const onVisible = () => document.visibilityState === "visible" && refresh();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [refresh]);

  return (
    <Page id="overview" title="Overview">
      <div class="button-row">
        <button type="button" class="button button--small" onClick={refresh} data-testid="overview-refresh">
          Refresh<span class="visually-hidden"> the overview</span>
        </button>
      </div>
      {empty ? <FirstSteps /> : null}
      <Summaries phoenix={phoenix} revision={revision} />
      <div class="card overview__counts">
        <StoreCounts phoenix={phoenix} revision={revision} onCounts={(counts) => setEmpty(Object.values(counts).every((n) => n === 0))} />
      </div>
      <StoreBars phoenix={phoenix} revision={revision} />
      <StorageUse revision={revision} phoenix={phoenix} />
    </Page>
  );
}

export default OverviewPage;

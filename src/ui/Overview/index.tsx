/** The Overview page: the summaries, record counts per store, their sizes as bars, and storage use against quota. */
import type { PageProps } from "../App/routes.js";
import { StoreCounts } from "../App/StoreCounts.js";
import { Page } from "../Page/index.js";
import { StorageUse } from "../StorageUse/index.js";
import { StoreBars } from "../StoreBars/index.js";
import { Summaries } from "../Summaries/index.js";
import "./style.css";

export function OverviewPage({ phoenix }: PageProps) {
  return (
    <Page id="overview" title="Overview">
      <Summaries phoenix={phoenix} />
      <div class="card overview__counts">
        <StoreCounts phoenix={phoenix} />
      </div>
      <StoreBars phoenix={phoenix} />
      <StorageUse />
    </Page>
  );
}

export default OverviewPage;

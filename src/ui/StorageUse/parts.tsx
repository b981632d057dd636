/**
 * What the Storage card says: the use against the quota with its meter and a warning near it, the
 * "Storage is full" notice after a refused write, and whether the data is persistent.
 */
import type { QuotaRefusal } from "../../index.js";
import { formatBytes, formatPercent } from "../lib/format.js";
import type { StorageUse as Use } from "../lib/storage.js";

export function UseMeter({ use }: { use: Use | undefined }) {
  if (!use) return null;
  if (use.level === "unknown") return <p>This browser does not report storage use.</p>;
  return (
    <>
      <p data-testid="storage-use">
        {formatBytes(use.usage!)} used of {formatBytes(use.quota!)} ({formatPercent(use.ratio!)})
      </p>
      <meter class="storage__meter" aria-label="Storage used" min={0} max={1} low={0.6} high={0.8} optimum={0} value={use.ratio} />
      {use.level === "near" || use.level === "full" ? (
        <p class="warning" role="alert" data-testid="storage-warning">
          {use.level === "full" ? "Storage is full: " : "Storage is nearly full: "}
          new memories may be refused. Export a backup, then clear streams or the Body Vault to free space.
        </p>
      ) : null}
    </>
  );
}

export function RefusalNotice({ refusal }: { refusal: QuotaRefusal }) {
  return (
    <p class="warning" role="alert" data-testid="storage-full">
      Storage is full: the browser refused to save {refusal.operation}
      {refusal.store ? ` (${refusal.store})` : ""}, so nothing of that write was kept. Export a backup, then clear
      streams, the Body Vault or old snapshots below to free space.
    </p>
  );
}

export function PersistedState({ persisted }: { persisted: boolean | undefined }) {
  return (
    <p data-testid="storage-persisted">
      {persisted === true
        ? "Persistent: the browser will not evict this data on its own."
        : persisted === false
          ? "Not persistent: under storage pressure the browser may delete this data."
          : "Persistence: unknown."}
    </p>
  );
}

/**
 * Storage used against the browser's quota, a warning near it, and "Keep my data": persistent storage,
 * which stops the browser from evicting the database under storage pressure. Asked only on this button
 * (or once after the first etch), never on load. Below it, the ways to free space (FreeSpace).
 * A write the browser refused for lack of space marks the origin full whatever the estimate says: Chromium
 * reports a static quota to web pages, so the ratio alone can look harmless on a full origin.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import { estimateStorage, isPersisted, requestPersistence, type StorageUse as Use } from "../lib/storage.js";
import { useAction } from "../lib/useAction.js";
import { Status } from "../Status/index.js";
import { FreeSpace } from "../FreeSpace/index.js";
import { lastQuotaRefusal, onQuotaRefusal, type Phoenix, type QuotaRefusal } from "../../index.js";
import { PersistedState, RefusalNotice, UseMeter } from "./parts.js";
import "./style.css";

export interface StorageUseProps {
  /** Bumped by the page (its one Refresh) to measure again. */
  revision?: number;
  /** Offers the ways to free space (FreeSpace) when given. */
  phoenix?: Phoenix;
}

export function StorageUse({ revision = 0, phoenix }: StorageUseProps) {
  const [use, setUse] = useState<Use | undefined>(undefined);
  const [persisted, setPersisted] = useState<boolean | undefined>(undefined);
  const [refusal, setRefusal] = useState<QuotaRefusal | undefined>(lastQuotaRefusal);
  const estimate = useAction();
  const keep = useAction();

  const refresh = useCallback(() => {
    void estimate.run(async () => {
      const [next, persistent] = await Promise.all([estimateStorage(), isPersisted()]);
      setUse(next);
      setPersisted(persistent);
    });
  }, [estimate.run]);

  useEffect(refresh, [refresh, revision]);
  useEffect(() => onQuotaRefusal(setRefusal), []);

  const askToKeep = () => {
    void keep.run(async () => {
      const granted = await requestPersistence();
      setPersisted(granted);
      if (granted === undefined) return "This browser cannot make storage persistent.";
      return granted
        ? "Granted: the browser will keep this data even when space runs low."
        : "Not granted. The browser may still evict the data under storage pressure; installing the app or using it more often helps. Keep a backup.";
    });
  };

  return (
    <section class="card" aria-labelledby="storage-title" data-testid="storage">
      <h2 id="storage-title">Storage</h2>
      <UseMeter use={use} />
      {refusal && use?.level !== "full" ? <RefusalNotice refusal={refusal} /> : null}
      <PersistedState persisted={persisted} />
      <div class="button-row">
        {persisted !== true ? (
          <button type="button" class="button button--primary" disabled={keep.busy} onClick={askToKeep} data-testid="storage-persist">
            Keep my data
          </button>
        ) : null}
      </div>
      <Status status={keep.status} error={keep.error ?? estimate.error} testId="storage" />
      {phoenix ? <FreeSpace phoenix={phoenix} onFreed={refresh} /> : null}
    </section>
  );
}

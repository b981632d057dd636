/** Each seed store with its record count, under its friendly name (Overview). */
import { useEffect, useState } from "preact/hooks";
import type { Phoenix } from "../../index.js";
import { StoreName } from "../StoreName/index.js";

type Counts = Awaited<ReturnType<Phoenix["counts"]>>;

export interface StoreCountsProps {
  phoenix: Phoenix;
  /** Bumped by the page to count again. */
  revision: number;
  onCounts?: (counts: Counts) => void;
}

export function StoreCounts({ phoenix, revision, onCounts }: StoreCountsProps) {
  const [counts, setCounts] = useState<Counts | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    let current = true;
    phoenix.counts().then(
      (next) => {
        if (!current) return;
        setCounts(next);
        setError(undefined);
        onCounts?.(next);
      },
      (failure: unknown) => current && setError(failure instanceof Error ? failure.message : String(failure)),
    );
    return () => {
      current = false;
    };
  }, [phoenix, revision]);

  return (
    <section aria-labelledby="counts-title">
      <h2 id="counts-title">Stores</h2>
      {error && <p role="alert">Could not count the records: {error}</p>}
      {!counts && !error && <p aria-live="polite">Counting…</p>}
      {counts && (
        <table class="store-counts" data-state="loaded">
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col">Records</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(counts).map(([store, count]) => (
              <tr key={store} data-store={store}>
                <th scope="row">
                  <StoreName store={store} />
                </th>
                <td data-count={count}>{count.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

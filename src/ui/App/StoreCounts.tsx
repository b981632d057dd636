/** The first page: each seed store with its record count. */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { PageProps } from "./routes.js";

type Counts = Awaited<ReturnType<PageProps["phoenix"]["counts"]>>;

export function StoreCounts({ phoenix }: PageProps) {
  const [counts, setCounts] = useState<Counts | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const refresh = useCallback(() => {
    phoenix.counts().then(
      (next) => {
        setCounts(next);
        setError(undefined);
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, [phoenix]);

  useEffect(refresh, [refresh]);

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
                <th scope="row">{store}</th>
                <td data-count={count}>{count.toLocaleString("en")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" onClick={refresh}>
        Refresh
      </button>
    </section>
  );
}

/**
 * Records and approximate bytes per store as bars (plain SVG: no chart library for eight rectangles).
 * The table the bars sit in is the text equivalent: every bar's number is printed beside it.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { PageProps } from "../lib/route.js";
import type { StoreSize } from "../../index.js";
import { formatBytes } from "../lib/format.js";
import { StoreName } from "../StoreName/index.js";
import "./style.css";

type Sizes = Awaited<ReturnType<PageProps["phoenix"]["storeSizes"]>>;

function Bar({ value, max, kind }: { value: number; max: number; kind: "records" | "bytes" }) {
  const width = max > 0 ? Math.max(value > 0 ? 2 : 0, (value / max) * 100) : 0;
  return (
    <svg class={`store-bars__bar store-bars__bar--${kind}`} viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect x="0" y="0" width="100" height="10" class="store-bars__track" />
      <rect x="0" y="0" width={width} height="10" />
    </svg>
  );
}

export interface StoreBarsProps extends PageProps {
  /** Bumped by the Overview's one Refresh to measure again. */
  revision?: number;
}

export function StoreBars({ phoenix, revision = 0 }: StoreBarsProps) {
  const [sizes, setSizes] = useState<Sizes | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const refresh = useCallback(() => {
    phoenix.storeSizes().then(setSizes, (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
  }, [phoenix]);
  useEffect(refresh, [refresh, revision]);

  const rows = sizes ? (Object.entries(sizes) as Array<[string, StoreSize]>) : [];
  const maxRecords = Math.max(0, ...rows.map(([, size]) => size.records));
  const maxBytes = Math.max(0, ...rows.map(([, size]) => size.approxBytes));
  return (
    <section class="card" aria-labelledby="store-bars-title" data-testid="store-bars">
      <h2 id="store-bars-title">Size per store</h2>
      {error && <p role="alert">Could not measure the stores: {error}</p>}
      {!sizes && !error && <p aria-live="polite">Measuring…</p>}
      {sizes && (
        <table class="store-bars" data-state="loaded">
          <caption class="visually-hidden">Records and approximate bytes per store; the bars show each against the largest store.</caption>
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col">Records</th>
              <th scope="col">Approx. size</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([store, size]) => (
              <tr key={store} data-store={store}>
                <th scope="row">
                  <StoreName store={store} />
                </th>
                <td>
                  <Bar value={size.records} max={maxRecords} kind="records" />
                  <span class="store-bars__value">{size.records.toLocaleString()}</span>
                </td>
                <td>
                  <Bar value={size.approxBytes} max={maxBytes} kind="bytes" />
                  <span class="store-bars__value">{formatBytes(size.approxBytes)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

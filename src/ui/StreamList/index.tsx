/** Hyperspace streams with their record counts and approximate sizes (getCacheStats). */
import type { CacheStats } from "../../stores/hyperspace.js";
import { formatBytes } from "../lib/format.js";

export interface StreamListProps {
  stats: CacheStats | undefined;
  selected: string | undefined;
  onSelect: (stream: string) => void;
}

export function StreamList({ stats, selected, onSelect }: StreamListProps) {
  if (!stats) return null;
  const names = Object.keys(stats.streams).sort();
  if (names.length === 0) return <p class="empty">No streams yet: add an item below.</p>;
  return (
    <div class="table-wrap">
      <table class="table" data-testid="stream-stats">
        <caption class="visually-hidden">Streams with record counts</caption>
        <thead>
          <tr>
            <th scope="col">Stream</th>
            <th scope="col" class="num">
              Records
            </th>
            <th scope="col" class="num">
              Size (approx.)
            </th>
            <th scope="col">
              <span class="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const stream = stats.streams[name]!;
            return (
              <tr key={name} data-stream={name}>
                <th scope="row" class="code">
                  {name}
                </th>
                <td class="num" data-count={stream.records}>
                  {stream.records.toLocaleString("en")}
                </td>
                <td class="num">{formatBytes(stream.approxBytes)}</td>
                <td>
                  <button
                    type="button"
                    class="button button--small"
                    aria-pressed={name === selected}
                    onClick={() => onSelect(name)}
                  >
                    Browse<span class="visually-hidden"> {name}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

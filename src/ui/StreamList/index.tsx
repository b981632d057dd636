/**
 * Hyperspace streams with their record counts and approximate sizes (getCacheStats). A list rather than
 * a table: four columns do not fit a 360 px screen next to long stream names.
 */
import type { CacheStats } from "../../index.js";
import { formatBytes, plural } from "../lib/format.js";

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
    <ul class="entries" data-testid="stream-stats" aria-label="Streams with record counts">
      {names.map((name) => {
        const stream = stats.streams[name]!;
        return (
          <li key={name} class="entry" data-stream={name}>
            <p class="entry__key">{name}</p>
            <p class="entry__meta">
              <span data-count={stream.records}>{plural(stream.records, "record", "records")}</span> · about {formatBytes(stream.approxBytes)}
            </p>
            <button type="button" class="button button--small" aria-pressed={name === selected} onClick={() => onSelect(name)}>
              Browse<span class="visually-hidden"> {name}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

/** Semantic search results: text (as text), score, metadata, and Remove. */
import type { MemoryResult } from "../../vector/types.js";
import { metadataEntries } from "../lib/metadata.js";
import { LongText } from "../LongText/index.js";

export interface SearchResultsProps {
  results: readonly MemoryResult[];
  busy: boolean;
  onRemove: (result: MemoryResult) => void;
}

export function SearchResults({ results, busy, onRemove }: SearchResultsProps) {
  if (results.length === 0) return null;
  return (
    <ol class="entries" data-testid="search-results" aria-label="Results, best first">
      {results.map((result) => {
        const metadata = metadataEntries(result.metadata);
        return (
          <li key={result.id} class="entry" data-testid="search-result" data-id={result.id} data-score={result.score}>
            <LongText text={result.text} />
            <p class="entry__meta">
              score <strong>{result.score.toFixed(3)}</strong>
              {metadata.map(([key, value]) => (
                <span key={key} class="search__tag">
                  {" · "}
                  {key}: {value}
                </span>
              ))}
            </p>
            <button type="button" class="button button--small button--danger" disabled={busy} onClick={() => onRemove(result)}>
              Remove<span class="visually-hidden"> “{result.text.slice(0, 40)}”</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

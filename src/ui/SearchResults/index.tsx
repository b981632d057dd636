/**
 * Search results: text (as text), score, where it came from (metadata, or the store and key), why
 * it matched (Context Engine hits), and Remove for Vector KB entries.
 */
import type { Hit, MemoryResult } from "../../index.js";
import { metadataEntries } from "../lib/metadata.js";
import { LongText } from "../LongText/index.js";

/** One result row, from either search: a Context Engine hit or a cosine-only Vector KB result. */
export type SearchItem = { kind: "cosine"; result: MemoryResult } | { kind: "context"; hit: Hit };

export interface SearchResultsProps {
  results: readonly SearchItem[];
  busy: boolean;
  onRemove: (id: string, text: string) => void;
}

const SOURCE_LABELS: Record<Hit["source"], string> = {
  vector_kb: "Vector KB",
  mind_vault: "Mind Vault",
  eternal_memory: "Cortex",
  soul_kb: "Soul Vault",
};

function itemKey(item: SearchItem): string {
  return item.kind === "cosine" ? item.result.id : `${item.hit.source}:${item.hit.id ?? item.hit.key}`;
}

export function SearchResults({ results, busy, onRemove }: SearchResultsProps) {
  if (results.length === 0) return null;
  return (
    <ol class="entries" data-testid="search-results" aria-label="Results, best first">
      {results.map((item) => {
        const text = item.kind === "cosine" ? item.result.text : item.hit.text;
        const score = item.kind === "cosine" ? item.result.score : item.hit.score;
        const id = item.kind === "cosine" ? item.result.id : item.hit.id;
        const metadata = item.kind === "cosine" ? item.result.metadata : item.hit.metadata;
        const tags = metadata ? metadataEntries(metadata) : [];
        return (
          <li key={itemKey(item)} class="entry" data-testid="search-result" data-id={id} data-score={score} data-source={item.kind === "context" ? item.hit.source : "vector_kb"}>
            <LongText text={text} />
            <p class="entry__meta">
              score <strong>{score.toFixed(3)}</strong>
              {item.kind === "context" && item.hit.source !== "vector_kb" ? (
                <span class="search__tag">
                  {" · "}
                  {SOURCE_LABELS[item.hit.source]} {item.hit.key}
                </span>
              ) : null}
              {tags.map(([key, value]) => (
                <span key={key} class="search__tag">
                  {" · "}
                  {key}: {value}
                </span>
              ))}
            </p>
            {item.kind === "context" && item.hit.why.length > 0 ? (
              <p class="entry__meta search__why" data-testid="search-why">
                why: {item.hit.why.join("; ")}
              </p>
            ) : null}
            {id !== undefined ? (
              <button type="button" class="button button--small button--danger" disabled={busy} onClick={() => onRemove(id, text)}>
                Remove<span class="visually-hidden"> “{text.slice(0, 40)}”</span>
              </button>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

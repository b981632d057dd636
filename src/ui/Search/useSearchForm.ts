/**
 * The Search form's choices (query, how many results, metadata filter, "Cosine only") and what each
 * change does: a new query or filter schedules a search after the typing pause, Enter or a new topK or
 * mode searches at once. A handler sets the runner's choices before the next render, so the search it
 * starts already uses the new choice.
 */
import { useState } from "preact/hooks";
import type { Phoenix } from "../../index.js";
import { parseMetadata } from "../lib/metadata.js";
import { useLatestSearch } from "./useLatestSearch.js";

export interface SearchHandlers {
  onSubmit: () => void;
  onQuery: (query: string) => void;
  onTopK: (topK: number) => void;
  onFilter: (filterText: string) => void;
  onCosineOnly: (cosineOnly: boolean) => void;
}

export function useSearchForm(phoenix: Phoenix) {
  const [query, setQuery] = useState("");
  const [topK, setTopK] = useState(5);
  const [cosineOnly, setCosineOnly] = useState(false);
  const [filterText, setFilterText] = useState("");
  const filter = parseMetadata(filterText);
  const latest = useLatestSearch(phoenix, { topK, filter, cosineOnly });
  const { search, choices } = latest;

  const handlers: SearchHandlers = {
    onSubmit: () => search(query, true),
    onQuery: (text) => {
      setQuery(text);
      search(text);
    },
    onTopK: (next) => {
      setTopK(next);
      choices.current = { ...choices.current, topK: next };
      search(query, true);
    },
    onFilter: (next) => {
      setFilterText(next);
      choices.current = { ...choices.current, filter: parseMetadata(next) };
      search(query);
    },
    onCosineOnly: (next) => {
      setCosineOnly(next);
      choices.current = { ...choices.current, cosineOnly: next };
      search(query, true);
    },
  };

  return { ...latest, query, topK, cosineOnly, filterText, filter, handlers };
}

/** The Search page's form: the query, how many results, a metadata filter, and "Cosine only". */
import { QueryField, RowForm } from "../RowForm/index.js";

const TOP_K_CHOICES = [5, 10, 20, 50] as const;

export interface SearchFormProps {
  id: string;
  query: string;
  topK: number;
  filterText: string;
  /** The filter text parses as a JSON object. */
  filterOk: boolean;
  cosineOnly: boolean;
  onSubmit: () => void;
  onQuery: (query: string) => void;
  onTopK: (topK: number) => void;
  onFilter: (filterText: string) => void;
  onCosineOnly: (cosineOnly: boolean) => void;
}

export function SearchForm({ id, query, topK, filterText, filterOk, cosineOnly, onSubmit, onQuery, onTopK, onFilter, onCosineOnly }: SearchFormProps) {
  return (
    <RowForm role="search" onSubmit={onSubmit}>
      <QueryField
        id={`${id}-query`}
        class="search__query"
        label="Search by meaning"
        testId="search-query"
        placeholder="What is the capital of France?"
        value={query}
        onInput={onQuery}
      />
      <div class="field search__topk">
        <label for={`${id}-topk`}>Results</label>
        <select id={`${id}-topk`} data-testid="search-topk" value={String(topK)} onChange={(event) => onTopK(Number(event.currentTarget.value))}>
          {TOP_K_CHOICES.map((k) => (
            <option key={k} value={String(k)}>
              {k}
            </option>
          ))}
        </select>
      </div>
      <div class="field search__filter">
        <label for={`${id}-filter`}>Only with metadata (JSON, optional)</label>
        <input
          id={`${id}-filter`}
          class="code"
          data-testid="search-filter"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          placeholder='{"category": "geography"}'
          aria-invalid={!filterOk}
          value={filterText}
          onInput={(event) => onFilter(event.currentTarget.value)}
        />
      </div>
      <label class="search__mode">
        <input type="checkbox" data-testid="search-cosine-only" checked={cosineOnly} onChange={(event) => onCosineOnly(event.currentTarget.checked)} />{" "}
        Cosine only (Vector KB)
      </label>
      <button type="submit" class="button">
        Search
      </button>
    </RowForm>
  );
}

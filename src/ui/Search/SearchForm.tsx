/** The Search page's form: the query, how many results, a metadata filter, and "Cosine only". */

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
    <form
      class="row"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <div class="field search__query">
        <label for={`${id}-query`}>Search by meaning</label>
        <input
          id={`${id}-query`}
          type="search"
          data-testid="search-query"
          autocomplete="off"
          placeholder="What is the capital of France?"
          value={query}
          onInput={(event) => onQuery(event.currentTarget.value)}
        />
      </div>
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
    </form>
  );
}

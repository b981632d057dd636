/**
 * The Search page: search while typing, and adding memories. By default it asks the Context Engine
 * (`phoenix.context.search`: every store, each hit with why it matched) and shows `context.build`'s
 * text for the same query; "Cosine only" switches to the Vector KB's own semantic search. Searches
 * run in the worker; each keystroke only schedules the newest query (lib/latest.ts), so the page
 * stays responsive and never shows an answer to an older query.
 *
 * What is shown always answers the query as it stands: results that share nothing with it (score 0)
 * are not results, a failed query clears the old answer, and a removal updates the count.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "preact/hooks";
import { PhoenixError } from "../../index.js";
import type { PageProps } from "../lib/route.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { describeError, isAbort, type ErrorView } from "../lib/errors.js";
import { plural } from "../lib/format.js";
import { LatestQuery } from "../lib/latest.js";
import { parseMetadata } from "../lib/metadata.js";
import { useAction } from "../lib/useAction.js";
import { Page } from "../Page/index.js";
import { SearchResults, type SearchItem } from "../SearchResults/index.js";
import { Status } from "../Status/index.js";
import { VectorAddForm } from "../VectorAddForm/index.js";
import "./style.css";

const TOP_K_CHOICES = [5, 10, 20, 50] as const;

/**
 * The built-in embedder scores by shared words: a memory that shares no word with the query scores 0
 * (up to rounding) and is no answer to it.
 */
const MIN_MATCH_SCORE = 1e-6;

interface Answer {
  query: string;
  results: SearchItem[];
  /** build()'s text for the query (Context Engine searches only). */
  context: string;
}

function describeAnswer(answer: Answer | undefined): string {
  if (!answer) return "";
  if (answer.results.length === 0) return `No matches for “${answer.query}”.`;
  return `${plural(answer.results.length, "result", "results")} for “${answer.query}”.`;
}

export function SearchPage({ phoenix }: PageProps) {
  const id = useId();
  const { vectorKb, context } = phoenix;
  const [query, setQuery] = useState("");
  const [topK, setTopK] = useState(5);
  const [cosineOnly, setCosineOnly] = useState(false);
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  const [searchError, setSearchError] = useState<ErrorView | undefined>(undefined);
  const [searching, setSearching] = useState(false);
  const [count, setCount] = useState<number | undefined>(undefined);
  const removal = useAction();
  const { dialog, confirm } = useConfirm();
  const [filterText, setFilterText] = useState("");
  const filter = parseMetadata(filterText);
  // The runner outlives renders; it reads the current choices through refs.
  const topKRef = useRef(topK);
  topKRef.current = topK;
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const cosineOnlyRef = useRef(cosineOnly);
  cosineOnlyRef.current = cosineOnly;

  const runner = useMemo(
    () =>
      new LatestQuery<Omit<Answer, "query">>({
        run: async (text, signal) => {
          const current = filterRef.current;
          if (!current.ok) throw new PhoenixError("INVALID_VALUE", current.message, { replace: true });
          const filterOption = Object.keys(current.value).length > 0 ? { filter: current.value } : {};
          if (cosineOnlyRef.current) {
            const found = await vectorKb.semanticSearch(text, topKRef.current, { signal, minScore: MIN_MATCH_SCORE, ...filterOption });
            return { results: found.map((result) => ({ kind: "cosine" as const, result })), context: "" };
          }
          // Every Context Engine hit has a reason (a word, a correction, a name, a close meaning): none is shown without one.
          const hits = await context.search(text, { topK: topKRef.current, signal, ...filterOption });
          const built = await context.build(text, { topK: topKRef.current, signal });
          return { results: hits.map((hit) => ({ kind: "context" as const, hit })), context: built.text };
        },
        onResult: (found, text) => {
          setAnswer({ query: text, ...found });
          setSearchError(undefined);
        },
        onError: (error) => {
          if (isAbort(error)) return;
          setAnswer(undefined);
          setSearchError(describeError(error));
        },
        onBusy: setSearching,
      }),
    [vectorKb, context],
  );

  useEffect(() => () => runner.cancel(), [runner]);

  const search = useCallback(
    (text: string, immediate = false) => {
      if (text.trim() === "") {
        runner.cancel();
        setSearching(false);
        setAnswer(undefined);
        setSearchError(undefined);
        return;
      }
      runner.schedule(text, immediate);
    },
    [runner],
  );

  const refreshCount = useCallback(() => {
    vectorKb.count().then(setCount, (error: unknown) => setSearchError(describeError(error)));
  }, [vectorKb]);

  useEffect(refreshCount, [refreshCount]);

  const remove = async (removeId: string, text: string) => {
    const yes = await confirm({ title: "Remove this memory?", message: `“${text}” will be removed from the Vector KB.`, confirmLabel: "Remove" });
    if (!yes) return;
    await removal.run(async () => {
      await vectorKb.remove(removeId);
      const kept = (item: SearchItem) => (item.kind === "cosine" ? item.result.id : item.hit.id) !== removeId;
      setAnswer((previous) => previous && { ...previous, results: previous.results.filter(kept) });
      refreshCount();
      return "Removed.";
    });
  };

  return (
    <Page id="search" title="Search" intro="Find memories across every store by what you mean, not only the words you type.">
      {/* aria-busy rather than a "Searching…" status: announcing each keystroke's search would be noise. */}
      <section class="card" aria-labelledby={`${id}-title`} aria-busy={searching} data-testid="search-section">
        <h2 id={`${id}-title`}>Search</h2>
        <p class="field__hint" data-testid="search-explain">
          {cosineOnly
            ? "Cosine only: Vector KB memories that share words with your question, best match first; a memory that shares no word is not shown."
            : "Every store, best match first, each with why it matched: its words, a corrected typo, the person a word like “my sister” names, a close meaning. Nothing without a reason is shown."}
        </p>
        <p class="field__hint" data-testid="vector-count">
          {count === undefined ? "" : `${plural(count, "memory", "memories")} in the Vector KB.`}
        </p>
        <form
          class="row"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            search(query, true);
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
              onInput={(event) => {
                const text = event.currentTarget.value;
                setQuery(text);
                search(text);
              }}
            />
          </div>
          <div class="field search__topk">
            <label for={`${id}-topk`}>Results</label>
            <select
              id={`${id}-topk`}
              data-testid="search-topk"
              value={String(topK)}
              onChange={(event) => {
                const next = Number(event.currentTarget.value);
                setTopK(next);
                topKRef.current = next;
                search(query, true);
              }}
            >
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
              aria-invalid={!filter.ok}
              value={filterText}
              onInput={(event) => {
                const next = event.currentTarget.value;
                setFilterText(next);
                filterRef.current = parseMetadata(next);
                search(query);
              }}
            />
          </div>
          <label class="search__mode">
            <input
              type="checkbox"
              data-testid="search-cosine-only"
              checked={cosineOnly}
              onChange={(event) => {
                const next = event.currentTarget.checked;
                setCosineOnly(next);
                cosineOnlyRef.current = next;
                search(query, true);
              }}
            />{" "}
            Cosine only (Vector KB)
          </label>
          <button type="submit" class="button">
            Search
          </button>
        </form>
        <Status status={describeAnswer(answer)} error={searchError ?? removal.error} testId="search" />
        <SearchResults results={answer?.results ?? []} busy={removal.busy} onRemove={(removeId, text) => void remove(removeId, text)} />
      </section>
      {cosineOnly ? null : (
        <section class="card" aria-labelledby={`${id}-context`} data-testid="context-section">
          <h2 id={`${id}-context`}>Context</h2>
          <p class="field__hint">What an assistant would be given for this query: knowledge, the best hits and recent episodes.</p>
          <pre class="search__context" data-testid="context-text">
            {answer?.context || "Type a query to see its context."}
          </pre>
        </section>
      )}
      <VectorAddForm
        vectorKb={vectorKb}
        onAdded={() => {
          refreshCount();
          search(query, true);
        }}
      />
      {dialog}
    </Page>
  );
}

export default SearchPage;

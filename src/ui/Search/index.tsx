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
import { useCallback, useEffect, useId, useState } from "preact/hooks";
import type { PageProps } from "../lib/route.js";
import { useConfirm } from "../ConfirmDialog/index.js";
import { describeError } from "../lib/errors.js";
import { plural } from "../lib/format.js";
import { parseMetadata } from "../lib/metadata.js";
import { useAction } from "../lib/useAction.js";
import { Page } from "../Page/index.js";
import { SearchResults, type SearchItem } from "../SearchResults/index.js";
import { SearchForm } from "./SearchForm.js";
import { useLatestSearch, type Answer } from "./useLatestSearch.js";
import { Status } from "../Status/index.js";
import { VectorAddForm } from "../VectorAddForm/index.js";
import "./style.css";

function describeAnswer(answer: Answer | undefined): string {
  if (!answer) return "";
  if (answer.results.length === 0) return `No matches for “${answer.query}”.`;
  return `${plural(answer.results.length, "result", "results")} for “${answer.query}”.`;
}

export function SearchPage({ phoenix }: PageProps) {
  const id = useId();
  const { vectorKb } = phoenix;
  const [query, setQuery] = useState("");
  const [topK, setTopK] = useState(5);
  const [cosineOnly, setCosineOnly] = useState(false);
  const [count, setCount] = useState<number | undefined>(undefined);
  const removal = useAction();
  const { dialog, confirm } = useConfirm();
  const [filterText, setFilterText] = useState("");
  const filter = parseMetadata(filterText);
  const { answer, setAnswer, searchError, setSearchError, searching, search, choices } = useLatestSearch(phoenix, { topK, filter, cosineOnly });

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
        <SearchForm
          id={id}
          query={query}
          topK={topK}
          filterText={filterText}
          filterOk={filter.ok}
          cosineOnly={cosineOnly}
          onSubmit={() => search(query, true)}
          onQuery={(text) => {
            setQuery(text);
            search(text);
          }}
          onTopK={(next) => {
            setTopK(next);
            choices.current = { ...choices.current, topK: next };
            search(query, true);
          }}
          onFilter={(next) => {
            setFilterText(next);
            choices.current = { ...choices.current, filter: parseMetadata(next) };
            search(query);
          }}
          onCosineOnly={(next) => {
            setCosineOnly(next);
            choices.current = { ...choices.current, cosineOnly: next };
            search(query, true);
          }}
        />
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

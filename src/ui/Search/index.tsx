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
import { useAction } from "../lib/useAction.js";
import { Page } from "../Page/index.js";
import { SearchResults, type SearchItem } from "../SearchResults/index.js";
import { ContextCard, SearchExplain } from "./parts.js";
import { SearchForm } from "./SearchForm.js";
import type { Answer } from "./useLatestSearch.js";
import { useSearchForm } from "./useSearchForm.js";
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
  const [count, setCount] = useState<number | undefined>(undefined);
  const removal = useAction();
  const { dialog, confirm } = useConfirm();
  const form = useSearchForm(phoenix);
  const { query, cosineOnly, answer, setAnswer, searchError, setSearchError, search } = form;

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
      <section class="card" aria-labelledby={`${id}-title`} aria-busy={form.searching} data-testid="search-section">
        <h2 id={`${id}-title`}>Search</h2>
        <SearchExplain cosineOnly={cosineOnly} count={count} />
        <SearchForm id={id} query={query} topK={form.topK} filterText={form.filterText} filterOk={form.filter.ok} cosineOnly={cosineOnly} {...form.handlers} />
        <Status status={describeAnswer(answer)} error={searchError ?? removal.error} testId="search" />
        <SearchResults results={answer?.results ?? []} busy={removal.busy} onRemove={(removeId, text) => void remove(removeId, text)} />
      </section>
      {cosineOnly ? null : <ContextCard id={id} context={answer?.context} />}
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

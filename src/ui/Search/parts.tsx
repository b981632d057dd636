/**
 * The words around the Search page's results: what the chosen mode searches, how many memories the
 * Vector KB holds, and the Context card (what `context.build` would give an assistant for the query).
 */
import { plural } from "../lib/format.js";

export function SearchExplain({ cosineOnly, count }: { cosineOnly: boolean; count: number | undefined }) {
  return (
    <>
      <p class="field__hint" data-testid="search-explain">
        {cosineOnly
          ? "Cosine only: Vector KB memories that share words with your question, best match first; a memory that shares no word is not shown."
          : "Every store, best match first, each with why it matched: its words, a corrected typo, the person a word like “my sister” names, a close meaning. Nothing without a reason is shown."}
      </p>
      <p class="field__hint" data-testid="vector-count">
        {count === undefined ? "" : `${plural(count, "memory", "memories")} in the Vector KB.`}
      </p>
    </>
  );
}

export function ContextCard({ id, context }: { id: string; context: string | undefined }) {
  return (
    <section class="card" aria-labelledby={`${id}-context`} data-testid="context-section">
      <h2 id={`${id}-context`}>Context</h2>
      <p class="field__hint">What an assistant would be given for this query: knowledge, the best hits and recent episodes.</p>
      <pre class="search__context" data-testid="context-text">
        {context || "Type a query to see its context."}
      </pre>
    </section>
  );
}

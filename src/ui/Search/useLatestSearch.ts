/**
 * The Search page's query runner: each keystroke schedules only the newest query (lib/latest.ts), which
 * asks the Context Engine (hits with why, and build()'s text) or, with "Cosine only", the Vector KB. An
 * answer always belongs to the query as it stands: a failure clears the old answer, an empty query too.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { PhoenixError, type Phoenix } from "../../index.js";
import { describeError, isAbort, type ErrorView } from "../lib/errors.js";
import { LatestQuery } from "../lib/latest.js";
import type { parseMetadata } from "../lib/metadata.js";
import type { SearchItem } from "../SearchResults/index.js";

/**
 * The built-in embedder scores by shared words: a memory that shares no word with the query scores 0
 * (up to rounding) and is no answer to it.
 */
const MIN_MATCH_SCORE = 1e-6;

export interface Answer {
  query: string;
  results: SearchItem[];
  /** build()'s text for the query (Context Engine searches only). */
  context: string;
}

export interface SearchChoices {
  topK: number;
  filter: ReturnType<typeof parseMetadata>;
  cosineOnly: boolean;
}

export function useLatestSearch(phoenix: Phoenix, current: SearchChoices) {
  const { vectorKb, context } = phoenix;
  const [answer, setAnswer] = useState<Answer | undefined>(undefined);
  const [searchError, setSearchError] = useState<ErrorView | undefined>(undefined);
  const [searching, setSearching] = useState(false);
  // The runner outlives renders; it reads the current choices through a ref, which a handler may set
  // ahead of the next render so the search it starts uses the new choice.
  const choices = useRef(current);
  choices.current = current;

  const runner = useMemo(
    () =>
      new LatestQuery<Omit<Answer, "query">>({
        run: async (text, signal) => {
          const { topK, filter, cosineOnly } = choices.current;
          if (!filter.ok) throw new PhoenixError("INVALID_VALUE", filter.message, { replace: true });
          const filterOption = Object.keys(filter.value).length > 0 ? { filter: filter.value } : {};
          if (cosineOnly) {
            const found = await vectorKb.semanticSearch(text, topK, { signal, minScore: MIN_MATCH_SCORE, ...filterOption });
            return { results: found.map((result) => ({ kind: "cosine" as const, result })), context: "" };
          }
          // Every Context Engine hit has a reason (a word, a correction, a name, a close meaning): none is shown without one.
          const hits = await context.search(text, { topK, signal, ...filterOption });
          const built = await context.build(text, { topK, signal });
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

  return { answer, setAnswer, searchError, setSearchError, searching, search, choices };
}

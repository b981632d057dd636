/**
 * One search over a corpus: read the query (query.ts), score every channel and fuse them
 * (fusion.ts), best first. The worker runs it over its corpus; the page runs it over soul memories;
 * the labelled-set scorer runs it with channels switched off to measure each alone.
 */
import { Corpus } from "./corpus.js";
import { MeaningIndex } from "./meaning.js";
import { fuse, type ChannelWeights, type Fused } from "./fusion.js";
import type { Lexicon } from "./lexicon.js";
import { planQuery, type QueryPlan } from "./query.js";

export interface RankOptions {
  topK: number;
  accept?: (doc: number) => boolean;
  weights?: ChannelWeights;
  method?: "minmax" | "rrf";
  /** Candidates the meaning channel brings. */
  meaningCandidates?: number;
  /** The sentence model's cosine per document, when one is in charge. */
  cosine?: (doc: number) => number | undefined;
  /** The sentence model's best documents (doc → cosine), which join the candidates. */
  vectorCandidates?: ReadonlyMap<number, number>;
}

export interface Ranked extends Fused {
  notes: string[];
}

export function rankCorpus(corpus: Corpus, lexicon: Lexicon | undefined, query: string, options: RankOptions): { hits: Fused[]; plan: QueryPlan } {
  const plan = planQuery(query, corpus, lexicon);
  const weights = options.weights;
  const meaning =
    corpus.meaning && (weights?.meaning ?? 1) > 0
      ? corpus.meaning.search([...plan.meaningWords, ...plan.relations.map((term) => term.term)], options.meaningCandidates ?? 50, options.accept)
      : undefined;
  const fused = fuse(corpus, query, plan, {
    ...(weights ? { weights } : {}),
    ...(options.method ? { method: options.method } : {}),
    ...(options.accept ? { accept: options.accept } : {}),
    ...(meaning ? { meaning } : {}),
    ...(options.cosine ? { cosine: options.cosine } : {}),
    ...(options.vectorCandidates ? { vectorCandidates: options.vectorCandidates } : {}),
  });
  fused.sort((a, b) => b.score - a.score || a.doc - b.doc);
  const hits = fused.slice(0, options.topK);
  for (const hit of hits) for (const note of plan.notes) if (!hit.why.includes(note) && hit.why.length === 0) hit.why.push(note);
  return { hits, plan };
}

/** Soul memories in a corpus of their own, for one search only: nothing of them outlives it. */
export function rankSoul(query: string, soul: ReadonlyArray<readonly [string, string]>, lexicon: Lexicon | undefined, topK: number) {
  const corpus = new Corpus();
  for (const [key, text] of soul) corpus.put({ source: "soul_kb", ref: key, text });
  // A handful of memories: the plain loop beats instantiating the SIMD kernel for one search.
  if (lexicon) corpus.attachMeaning(new MeaningIndex(lexicon, { simd: false }));
  return rankCorpus(corpus, lexicon, query, { topK }).hits.map((hit) => {
    const doc = corpus.doc(hit.doc)!;
    return { source: "soul_kb" as const, ref: doc.ref, text: doc.text, score: hit.score, why: hit.why };
  });
}

/** The `limit` Vector KB entries the sentence model scores best (its own top, as BM25 gives its own). */
export function modelCandidates(corpus: Corpus, cosine: (doc: number) => number | undefined, limit: number): Map<number, number> {
  const scored: Array<[number, number]> = [];
  for (const ref of corpus.refs("vector_kb")) {
    const doc = corpus.numberOf("vector_kb", ref);
    const score = doc === undefined ? undefined : cosine(doc);
    if (doc !== undefined && score !== undefined && score > 0) scored.push([doc, score]);
  }
  scored.sort((a, b) => b[1] - a[1]);
  return new Map(scored.slice(0, limit));
}

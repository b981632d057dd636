/**
 * One search over a corpus: read the query (query.ts), score every channel and fuse them
 * (fusion.ts), best first. The worker runs it over its corpus; the page runs it over soul memories;
 * the labelled-set scorer runs it with channels switched off to measure each alone.
 */
import type { Corpus } from "./corpus.js";
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

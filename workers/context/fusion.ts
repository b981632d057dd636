/**
 * Ranking: each channel (the user's words by BM25, relationship names, lexicon neighbours, the
 * seed's hash-embedding cosine, the lexicon meaning vector) scores the candidates; each channel's
 * scores are min-max normalised over the candidates (min taken as 0, since a missing match scores
 * 0) and summed with the channel weights below. Reciprocal-rank fusion is here too, measured beside
 * it by `npm run eval:context` (test/context/score.ts), and kept as an option.
 *
 * The weights (src/context/shared.ts, where the page can read them too) were chosen on the labelled
 * set in test/context/ (README "Recall quality").
 */
import { DEFAULT_CHANNEL_WEIGHTS, type Channel, type ChannelWeights } from "../../src/context/shared.js";
import { HashEmbedder } from "../../src/shared/embedder.js";
import { analyse } from "./analyse.js";
import type { Corpus } from "./corpus.js";
import type { QueryPlan } from "./query.js";

export type { Channel, ChannelWeights } from "../../src/context/shared.js";
export { DEFAULT_CHANNEL_WEIGHTS } from "../../src/context/shared.js";

export interface FusionOptions {
  weights?: ChannelWeights;
  /** "minmax" (default) or reciprocal-rank fusion. */
  method?: "minmax" | "rrf";
  /** Keeps a document (sources, Vector KB filter). */
  accept?: (doc: number) => boolean;
  /** Meaning-channel scores (cosine of lexicon mean vectors), when the lexicon is loaded. */
  meaning?: ReadonlyMap<number, number>;
  /** Score lexicon neighbours in the same BM25 sum as the user's words (default) rather than as a channel of their own. */
  foldSemantic?: boolean;
  /** How many of each text channel's best documents are fused (a common word may match most of them). */
  candidates?: number;
  /** How many candidates get a cosine score (the rest get 0). */
  cosineCandidates?: number;
  /** The sentence model's cosine of a document, when a model is in charge (src/models); else the hash cosine. */
  cosine?: (doc: number) => number | undefined;
  /** The sentence model's best documents (doc → cosine): with a model, the vector channel brings candidates too. */
  vectorCandidates?: ReadonlyMap<number, number>;
}

export interface Fused {
  doc: number;
  score: number;
  why: string[];
  channels: Partial<Record<Channel, number>>;
}

const RRF_K = 60;
/**
 * How many of each text channel's best documents are fused, and how many of those the hash cosine
 * re-scores. Measured: the labelled set ranks the same with 1,000 and 300, and 100 cosine scores;
 * at 110,000 memories they cut the fusion's work (maps, labels, embeddings) by about two thirds.
 */
const DEFAULT_CANDIDATES = 300;
const DEFAULT_COSINE_CANDIDATES = 100;
/** Meaning similarity below this is no evidence: unrelated sentences often reach 0.3–0.4. */
export const MIN_MEANING = 0.45;
const embedder = new HashEmbedder();

export function fuse(corpus: Corpus, query: string, plan: QueryPlan, options: FusionOptions = {}): Fused[] {
  const weights = options.weights ?? DEFAULT_CHANNEL_WEIGHTS;
  const raw = new Map<Channel, Map<number, number>>();
  const why = new Map<number, string[]>();
  const note = (doc: number, labels: readonly string[]) => {
    const list = why.get(doc) ?? [];
    for (const label of labels) if (!list.includes(label)) list.push(label);
    why.set(doc, list);
  };
  // Relationship names and words join the user's words in one BM25 sum: a name is as good as the
  // word it stands for, and scoring them apart would make a name-only match look as strong as a full one.
  // Lexicon neighbours join too, at their (lower) weight, so "dentist" ≈ dental plus "appointment" ≈
  // checkup can outweigh one exact word.
  const folded = options.foldSemantic ?? true;
  const channelTerms = {
    lexical: [...plan.lexical, ...plan.relations, ...(folded ? plan.semantic : [])],
    semantic: folded ? [] : plan.semantic,
  };
  for (const channel of ["lexical", "semantic"] as const) {
    if (weights[channel] === 0) continue;
    const scores = new Map<number, number>();
    for (const hit of corpus.text.score(channelTerms[channel], options.accept, options.candidates ?? DEFAULT_CANDIDATES)) {
      scores.set(hit.doc, hit.score);
      note(hit.doc, hit.labels);
    }
    raw.set(channel, scores);
  }
  if (options.meaning && weights.meaning > 0) {
    const scores = new Map<number, number>();
    for (const [doc, score] of options.meaning) {
      if (score <= MIN_MEANING || (options.accept && !options.accept(doc))) continue;
      scores.set(doc, score);
    }
    raw.set("meaning", scores);
  }
  const candidates = new Set<number>();
  for (const scores of raw.values()) for (const doc of scores.keys()) candidates.add(doc);
  // A sentence model finds paraphrases no word matches; its best documents join the candidates.
  for (const [doc, score] of options.vectorCandidates ?? []) {
    if (score > 0 && (!options.accept || options.accept(doc))) candidates.add(doc);
  }
  if (weights.cosine > 0 && candidates.size > 0) raw.set("cosine", cosineScores(corpus, query, candidates, raw, options.cosineCandidates ?? DEFAULT_COSINE_CANDIDATES, options.cosine));
  const combined = options.method === "rrf" ? rrf(raw, weights) : minMax(raw, weights);
  applyMentions(corpus, plan, combined);
  return [...combined].map(([doc, score]) => {
    const channels: Partial<Record<Channel, number>> = {};
    for (const [channel, scores] of raw) {
      const value = scores.get(doc);
      if (value !== undefined) channels[channel] = value;
    }
    const reasons = why.get(doc) ?? [];
    if (reasons.length === 0 && channels.meaning !== undefined) reasons.push("similar meaning");
    return { doc, score, why: reasons, channels };
  });
}

/** What a hit naming none of the people a relationship phrase stands for keeps of its score. */
const MENTION_PENALTY = 0.6;
/** What the `person:` entry behind an expansion keeps: it explains the answer, it is rarely the answer. */
const PERSON_ENTRY_FACTOR = 0.35;

/**
 * "my sister" resolved to Anna makes the query about Anna: a hit naming none of the resolved
 * people loses part of its score, and so does the `person:` entry that only explains the expansion.
 */
function applyMentions(corpus: Corpus, plan: QueryPlan, combined: Map<number, number>): void {
  if (plan.mentions.length === 0) return;
  const personEntries: number[] = [];
  let bestNamed = 0;
  for (const [doc, score] of combined) {
    const found = corpus.doc(doc)!;
    const docTerms = new Set(analyse(found).terms);
    const isPerson = found.source === "mind_vault" && found.ref.toLowerCase().startsWith("person:");
    let factor = 1;
    for (const mention of plan.mentions) {
      const named = mention.terms.some((term) => docTerms.has(term)) && !someoneElses(found.text, mention.words);
      if (!named) factor *= MENTION_PENALTY;
      else if (isPerson) factor *= PERSON_ENTRY_FACTOR;
    }
    combined.set(doc, score * factor);
    if (isPerson) personEntries.push(doc);
    else if (factor === 1) bestNamed = Math.max(bestNamed, score);
  }
  // The entry that explains the expansion follows the first memory about the person.
  for (const doc of personEntries) combined.set(doc, Math.min(combined.get(doc)!, bestNamed * 0.9 || combined.get(doc)!));
}

/**
 * BM25 channels are unbounded, so each is divided by its best score (min-max with min 0); the
 * cosine channels are already on [0, 1] and keep their absolute value above MIN_MEANING, so a
 * query that only vaguely resembles everything does not make its vaguest hit look certain. The sum
 * is divided by the weights of the channels that fired, the user's words always counted.
 */
/** "Helen's sister", "Dad's sister Julie": the relation word is about someone else's relative, not the user's. */
function someoneElses(text: string, relationWords: readonly string[]): boolean {
  const key = relationWords.join("|");
  let patterns = possessivePatterns.get(key);
  if (!patterns) {
    const alternatives = relationWords.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
    patterns = [new RegExp(`[\\p{L}]+['’]s\\s+(?:${alternatives})\\b`, "iu"), new RegExp(`\\b(?:my|our)\\s+(?:${alternatives})\\b`, "iu")];
    if (possessivePatterns.size > 100) possessivePatterns.clear();
    possessivePatterns.set(key, patterns);
  }
  return patterns[0].test(text) && !patterns[1].test(text);
}

const possessivePatterns = new Map<string, [RegExp, RegExp]>();

function minMax(raw: ReadonlyMap<Channel, ReadonlyMap<number, number>>, weights: ChannelWeights): Map<number, number> {
  const out = new Map<number, number>();
  let total = weights.lexical;
  for (const [channel, scores] of raw) {
    const bounded = channel === "meaning" || channel === "cosine";
    let max = 0;
    for (const score of scores.values()) if (score > max) max = score;
    if (max <= 0) continue;
    const weight = weights[channel];
    if (channel !== "lexical") total += weight;
    for (const [doc, score] of scores) {
      const normalised = bounded ? (channel === "meaning" ? (score - MIN_MEANING) / (1 - MIN_MEANING) : score) : score / max;
      if (normalised > 0) out.set(doc, (out.get(doc) ?? 0) + weight * normalised);
    }
  }
  if (total > 0) for (const [doc, score] of out) out.set(doc, Math.min(1, score / total));
  return out;
}

function rrf(raw: ReadonlyMap<Channel, ReadonlyMap<number, number>>, weights: ChannelWeights): Map<number, number> {
  const out = new Map<number, number>();
  let total = 0;
  for (const [channel, scores] of raw) {
    if (scores.size === 0) continue;
    const weight = weights[channel];
    total += weight / (RRF_K + 1);
    const ranked = [...scores].filter(([, score]) => score > 0).sort((a, b) => b[1] - a[1]);
    ranked.forEach(([doc], rank) => out.set(doc, (out.get(doc) ?? 0) + weight / (RRF_K + rank + 1)));
  }
  if (total > 0) for (const [doc, score] of out) out.set(doc, Math.min(1, score / total));
  return out;
}

/** The seed's hash-embedding cosine for the best candidates so far (it only re-orders them). */
function cosineScores(
  corpus: Corpus,
  query: string,
  candidates: ReadonlySet<number>,
  raw: ReadonlyMap<Channel, ReadonlyMap<number, number>>,
  limit: number,
  model?: (doc: number) => number | undefined,
): Map<number, number> {
  // Each candidate's prior once, not once per comparison of the sort.
  const priors = new Map<number, number>();
  for (const doc of candidates) {
    let sum = 0;
    for (const scores of raw.values()) sum += scores.get(doc) ?? 0;
    priors.set(doc, sum);
  }
  const best = [...candidates].sort((a, b) => priors.get(b)! - priors.get(a)! || a - b).slice(0, limit);
  const q = embedder.encode(query);
  const out = new Map<number, number>();
  for (const doc of best) {
    const fromModel = model?.(doc);
    if (fromModel !== undefined) {
      if (fromModel > 0) out.set(doc, Math.min(1, fromModel));
      continue;
    }
    const v = embedder.encode(corpus.doc(doc)!.text);
    let dot = 0;
    for (let i = 0; i < q.length; i += 1) dot += q[i]! * v[i]!;
    if (dot > 0) out.set(doc, dot);
  }
  return out;
}

/** Cosine of the query against every document with the seed's hash embedder: the cosine-only baseline. */
export function cosineAll(corpus: Corpus, query: string, docs: Iterable<number>): Map<number, number> {
  const q = embedder.encode(query);
  const out = new Map<number, number>();
  for (const doc of docs) {
    const found = corpus.doc(doc);
    if (!found) continue;
    const v = embedder.encode(found.text);
    let dot = 0;
    for (let i = 0; i < q.length; i += 1) dot += q[i]! * v[i]!;
    out.set(doc, dot);
  }
  return out;
}

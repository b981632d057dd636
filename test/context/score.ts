/**
 * Scores ranking methods on the labelled set: nDCG@10, recall@5 and MRR@10 per query kind and
 * overall, for cosine only (the seed's hash embedder over every memory), BM25 only (the user's
 * words), the hybrid (workers/context/rank.ts, min-max fusion) and reciprocal-rank fusion of the same
 * channels. `npm run eval:context` prints the table; the unit test holds the hybrid's floor.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Corpus } from "../../workers/context/corpus.js";
import { DEFAULT_CHANNEL_WEIGHTS, cosineAll, type ChannelWeights } from "../../workers/context/fusion.js";
import { Lexicon, LEXICON_VECTORS_URL, LEXICON_WORDS_URL } from "../../workers/context/lexicon.js";
import { MeaningIndex } from "../../workers/context/meaning.js";
import { rankCorpus } from "../../workers/context/rank.js";
import { terms } from "../../src/shared/text.js";
import { MEMORIES } from "./memories.js";
import { QUERIES, type QueryKind } from "./queries.js";

export type Method = "cosine" | "bm25" | "hybrid" | "rrf" | "hybrid-no-lexicon";
export const METHODS: readonly Method[] = ["cosine", "bm25", "hybrid", "rrf", "hybrid-no-lexicon"];
export const KINDS: readonly (QueryKind | "all")[] = ["keyword", "question", "paraphrase", "typo", "multi", "all"];

export interface Metrics {
  ndcg10: number;
  recall5: number;
  mrr10: number;
}

export function loadLexicon(): Lexicon {
  const publicDir = new URL("../../public/", import.meta.url);
  const words = readFileSync(fileURLToPath(new URL(LEXICON_WORDS_URL, publicDir)), "utf8");
  const vectors = readFileSync(fileURLToPath(new URL(LEXICON_VECTORS_URL, publicDir)));
  return Lexicon.parse(words, vectors.buffer.slice(vectors.byteOffset, vectors.byteOffset + vectors.byteLength));
}

export interface Setup {
  corpus: Corpus;
  plain: Corpus;
  lexicon: Lexicon;
  idOf: Map<number, string>;
}

export function setUp(lexicon = loadLexicon()): Setup {
  const corpus = new Corpus();
  const plain = new Corpus();
  const idOf = new Map<number, string>();
  MEMORIES.forEach((memory, i) => {
    const doc = { source: memory.source, ref: memory.source === "vector_kb" ? memory.id : memory.key, text: memory.text };
    corpus.put(doc);
    plain.put(doc);
    idOf.set(i, memory.id);
  });
  corpus.attachMeaning(new MeaningIndex(lexicon, { simd: false }));
  return { corpus, plain, lexicon, idOf };
}

/** The ids `method` ranks first for `query`, at most 10. */
export function rank(setup: Setup, method: Method, query: string, weights: ChannelWeights = DEFAULT_CHANNEL_WEIGHTS): string[] {
  const { corpus, lexicon, idOf } = setup;
  let ranked: Array<{ doc: number; score: number }>;
  if (method === "cosine") {
    const scores = cosineAll(corpus, query, idOf.keys());
    ranked = [...scores].filter(([, score]) => score > 0).map(([doc, score]) => ({ doc, score }));
  } else if (method === "bm25") {
    ranked = corpus.text.score(terms(query).map((term) => ({ term, weight: 1, label: term })));
  } else if (method === "hybrid-no-lexicon") {
    ranked = rankCorpus(setup.plain, undefined, query, { topK: 10, weights }).hits;
  } else {
    ranked = rankCorpus(corpus, lexicon, query, { topK: 10, weights, method: method === "rrf" ? "rrf" : "minmax" }).hits;
  }
  ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return ranked.slice(0, 10).map(({ doc }) => idOf.get(doc)!);
}

export function metrics(ranked: readonly string[], relevant: readonly string[]): Metrics {
  const wanted = new Set(relevant);
  let dcg = 0;
  let ideal = 0;
  let mrr = 0;
  ranked.slice(0, 10).forEach((id, i) => {
    if (!wanted.has(id)) return;
    dcg += 1 / Math.log2(i + 2);
    if (mrr === 0) mrr = 1 / (i + 1);
  });
  for (let i = 0; i < Math.min(10, wanted.size); i += 1) ideal += 1 / Math.log2(i + 2);
  const found5 = ranked.slice(0, 5).filter((id) => wanted.has(id)).length;
  return { ndcg10: dcg / ideal, recall5: found5 / Math.min(5, wanted.size), mrr10: mrr };
}

/** Mean metrics per kind (and "all") for each method. */
export function evaluate(setup: Setup, methods: readonly Method[] = METHODS, weights?: ChannelWeights): Map<Method, Map<string, Metrics>> {
  const out = new Map<Method, Map<string, Metrics>>();
  for (const method of methods) {
    const sums = new Map<string, Metrics & { n: number }>();
    for (const { query, kind, relevant } of QUERIES) {
      const m = metrics(rank(setup, method, query, weights), relevant);
      for (const key of [kind, "all"]) {
        const sum = sums.get(key) ?? { ndcg10: 0, recall5: 0, mrr10: 0, n: 0 };
        sum.ndcg10 += m.ndcg10;
        sum.recall5 += m.recall5;
        sum.mrr10 += m.mrr10;
        sum.n += 1;
        sums.set(key, sum);
      }
    }
    out.set(
      method,
      new Map([...sums].map(([key, s]) => [key, { ndcg10: s.ndcg10 / s.n, recall5: s.recall5 / s.n, mrr10: s.mrr10 / s.n }])),
    );
  }
  return out;
}

/** The table the README shows: one row per method and kind. */
export function table(results: Map<Method, Map<string, Metrics>>): string {
  const lines = ["| method | kind | nDCG@10 | recall@5 | MRR@10 |", "| --- | --- | ---: | ---: | ---: |"];
  for (const [method, kinds] of results) {
    for (const kind of KINDS) {
      const m = kinds.get(kind);
      if (m) lines.push(`| ${method} | ${kind} | ${m.ndcg10.toFixed(3)} | ${m.recall5.toFixed(3)} | ${m.mrr10.toFixed(3)} |`);
    }
  }
  return lines.join("\n");
}

/**
 * Reading a query: the user's own words, typo corrections for words no memory holds, names and
 * other words for relationship phrases ("my sister" → Anna), and lexicon neighbours of the content
 * words ("dentist" ≈ dental). Each becomes weighted terms for the full-text index, grouped by
 * channel so the fusion can weigh them apart, each with the label `why` shows.
 */
import type { WeightedTerm } from "./bm25.js";
import type { Corpus } from "./corpus.js";
import type { Lexicon } from "./lexicon.js";
import { findRelations, namesFor, synonyms } from "./relations.js";
import { STOP_WORDS, stem, terms, words } from "../../src/shared/text.js";
import { allowedDistance, nearestWords } from "./typo.js";

export interface QueryTuning {
  /** Weight of a corrected word, per edit (1 edit: 1 − typoPenalty). */
  typoPenalty: number;
  /** Weight of another word for a relationship ("old man" → dad), and of the relationship word itself once it names someone. */
  synonymWeight: number;
  /** Weight of a name a relationship phrase stands for. */
  nameWeight: number;
  /** Neighbours kept per content word, and the least similarity they need. */
  neighbours: number;
  minSimilarity: number;
  /** Neighbour weight per unit of similarity. */
  neighbourWeight: number;
  /** Neighbours among the this-many most frequent English words are left out ("because", "well", "time"). */
  commonWords: number;
}

export const DEFAULT_QUERY_TUNING: QueryTuning = {
  typoPenalty: 0.15,
  synonymWeight: 0.5,
  nameWeight: 1,
  neighbours: 5,
  minSimilarity: 0.6,
  neighbourWeight: 0.6,
  commonWords: 150,
};

export interface QueryPlan {
  /** The user's words, with typo corrections in place of unknown words. */
  lexical: WeightedTerm[];
  /** Names and other words for relationship phrases. */
  relations: WeightedTerm[];
  /** Lexicon neighbours of the content words. */
  semantic: WeightedTerm[];
  /** The words the semantic vector of the query is made from. */
  meaningWords: string[];
  /** Notes for every hit (corrections made). */
  notes: string[];
  /**
   * Per relationship phrase that named someone: the terms of those names and of the words for the
   * relation, and those words as written (a hit naming none of them is less likely).
   */
  mentions: Array<{ terms: string[]; words: string[] }>;
}

/** Reads `query` against what the corpus holds; `lexicon` may be missing (not loaded yet). */
export function planQuery(query: string, corpus: Corpus, lexicon: Lexicon | undefined, tuning = DEFAULT_QUERY_TUNING): QueryPlan {
  const plan: QueryPlan = { lexical: [], relations: [], semantic: [], meaningWords: [], notes: [], mentions: [] };
  const seen = new Set<string>();
  const relationWords = new Set<string>();
  /** Relationship words that name someone: the name matters, the word less ("Helen's sister Ruth" is not my sister). */
  const resolvedWords = new Set<string>();
  const queryTerms = new Set(terms(query));
  const added = new Set<string>();
  const addRelation = (term: string, weight: number, label: string) => {
    if (queryTerms.has(term) || added.has(term)) return;
    added.add(term);
    plan.relations.push({ term, weight, label });
  };
  for (const mention of findRelations(query)) {
    for (const word of mention.phrase.split(" ")) relationWords.add(word);
    const names = namesFor(mention, corpus.people);
    for (const name of names) {
      for (const term of terms(name)) addRelation(term, tuning.nameWeight, `"${mention.phrase}" → ${name}`);
    }
    if (names.length > 0) {
      for (const word of mention.phrase.split(" ")) resolvedWords.add(word);
      const relationWordsOf = [mention.phrase.replace(/^(my|our) /, ""), ...synonyms(mention.specific)];
      plan.mentions.push({ terms: [...names.flatMap((name) => terms(name)), ...relationWordsOf.flatMap((word) => terms(word))], words: relationWordsOf });
    }
    for (const synonym of synonyms(mention.specific)) {
      for (const term of terms(synonym)) {
        if (corpus.text.docFrequency(term) > 0) addRelation(term, tuning.synonymWeight, `"${mention.phrase}" → ${synonym}`);
      }
    }
  }
  const names = new Set([...corpus.people.keys()].flatMap((name) => words(name)));
  for (const word of words(query)) {
    if (STOP_WORDS.has(word) || word.length === 0) continue;
    const term = stem(word);
    if (seen.has(term)) continue;
    seen.add(term);
    if (corpus.text.docFrequency(term) > 0 || relationWords.has(word) || names.has(word)) {
      plan.lexical.push({ term, weight: resolvedWords.has(word) ? tuning.synonymWeight : 1, label: `word: ${word}` });
      plan.meaningWords.push(word);
      continue;
    }
    const corrected = correct(word, corpus, lexicon, tuning);
    if (corrected.length === 0) {
      plan.lexical.push({ term, weight: 1, label: `word: ${word}` });
      plan.meaningWords.push(word);
      continue;
    }
    for (const { to, weight } of corrected) {
      plan.notes.push(`typo: ${word} → ${to}`);
      plan.lexical.push({ term: stem(to), weight, label: `typo: ${word} → ${to}` });
      plan.meaningWords.push(to);
    }
  }
  if (lexicon) addNeighbours(plan, corpus, lexicon, tuning, relationWords);
  return plan;
}

/**
 * Corrections of a word no memory holds: the nearest words of the index, unless the English list
 * has a nearer one (then that word, so its neighbours can still find memories). A word of the
 * English list is a word, not a typo.
 */
function correct(word: string, corpus: Corpus, lexicon: Lexicon | undefined, tuning: QueryTuning): Array<{ to: string; weight: number }> {
  const max = allowedDistance(word);
  if (max === 0 || !/^[a-z]+$/.test(word) || lexicon?.isWord(word)) return [];
  const inIndex = nearestWords(word, corpus.surfaces(), max, 3);
  const inEnglish = lexicon ? nearestWords(word, lexicon.words, max, 1) : [];
  const bestIndex = inIndex[0]?.distance ?? Infinity;
  const bestEnglish = inEnglish[0]?.distance ?? Infinity;
  if (bestEnglish < bestIndex) return [{ to: inEnglish[0]!.word, weight: 1 - tuning.typoPenalty * bestEnglish }];
  return inIndex.map((near) => ({ to: near.word, weight: 1 - tuning.typoPenalty * near.distance }));
}

function addNeighbours(plan: QueryPlan, corpus: Corpus, lexicon: Lexicon, tuning: QueryTuning, skip: ReadonlySet<string>): void {
  const have = new Set([...plan.lexical, ...plan.relations].map((term) => term.term));
  const candidates = corpus.lexiconRows(lexicon);
  for (const word of plan.meaningWords) {
    if (skip.has(word)) continue;
    const found = lexicon.neighbours(word, candidates, tuning.neighbours * 3, tuning.minSimilarity);
    let kept = 0;
    for (const { word: neighbour, similarity } of found) {
      const term = stem(neighbour);
      if (kept === tuning.neighbours) break;
      if (have.has(term) || STOP_WORDS.has(neighbour) || (lexicon.rankOf(neighbour) ?? 0) < tuning.commonWords) continue;
      have.add(term);
      kept += 1;
      plan.semantic.push({ term, weight: similarity * tuning.neighbourWeight, label: `"${word}" ≈ ${neighbour}` });
    }
  }
}

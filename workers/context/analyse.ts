/**
 * How a document becomes terms: its text (a Mind value with the words of its key) cut into words,
 * stop words dropped, each stemmed. Its own module because both the corpus (full-text index) and the
 * meaning index read documents this way, and neither should need the other to do it.
 */
import { STOP_WORDS, stem, words } from "../../src/shared/text.js";
import type { ContextSource } from "../../src/context/types.js";

/** What analysing a document reads of it. */
export interface AnalysedDoc {
  source: ContextSource;
  /** The id (vector_kb) or key (other stores). */
  ref: string;
  text: string;
}

/** Numbered documents to walk (the corpus's living documents). */
export interface DocSource {
  forEachDoc(visit: (number: number, doc: AnalysedDoc) => void): void;
}

/** The words a Mind key adds to its value: "fact:capital_france" → "capital france". */
export function keyWords(key: string): string {
  const colon = key.indexOf(":");
  return (colon >= 0 ? key.slice(colon + 1) : key).replace(/[_:./-]+/g, " ");
}

/** Terms of a document and the surface word of each. */
export function analyse(doc: AnalysedDoc): { terms: string[]; surfaces: string[] } {
  const text = doc.source === "vector_kb" || doc.source === "eternal_memory" ? doc.text : `${keyWords(doc.ref)} ${doc.text}`;
  const terms: string[] = [];
  const surfaces: string[] = [];
  for (const word of words(text)) {
    if (STOP_WORDS.has(word)) continue;
    terms.push(stem(word));
    surfaces.push(word);
  }
  return { terms, surfaces };
}

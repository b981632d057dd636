/**
 * The meaning channel: each document as the rarity-weighted mean of its words' lexicon vectors
 * (100 values), searched by cosine with the shared int8 index. It finds a memory that shares no
 * word with the query ("Where does my sister live?" ↔ "Anna moved to Lisbon"), which no word
 * index can. Built from the corpus once the lexicon has loaded, then kept in step with it.
 */
import { VectorIndex } from "../shared/vector-index.js";
import { analyse, type Corpus } from "./corpus.js";
import { LEXICON_DIM, type Lexicon } from "./lexicon.js";
import { STOP_WORDS, words } from "./text.js";

export class MeaningIndex {
  readonly lexicon: Lexicon;
  private readonly index: VectorIndex;
  private rowToDoc: number[] = [];
  private readonly docToRow = new Map<number, number>();

  constructor(lexicon: Lexicon, options: { simd?: boolean } = {}) {
    this.lexicon = lexicon;
    this.index = new VectorIndex(LEXICON_DIM, options);
  }

  get size(): number {
    return this.index.size;
  }

  get byteLength(): number {
    return this.index.byteLength;
  }

  /** The mean vector of a text's content words, or undefined when none has a vector. */
  vectorOf(text: string): Float32Array | undefined {
    return this.lexicon.meanVector(words(text).filter((word) => !STOP_WORDS.has(word)));
  }

  add(doc: number, surfaces: readonly string[]): void {
    const vector = this.lexicon.meanVector(surfaces);
    if (!vector) return;
    const row = this.index.add(vector, doc);
    this.rowToDoc[row] = doc;
    this.docToRow.set(doc, row);
  }

  remove(doc: number): void {
    const row = this.docToRow.get(doc);
    if (row === undefined) return;
    this.docToRow.delete(doc);
    const moved = this.index.remove(row);
    if (moved >= 0) {
      const movedDoc = this.rowToDoc[moved]!;
      this.rowToDoc[row] = movedDoc;
      this.docToRow.set(movedDoc, row);
    }
    this.rowToDoc.length = this.index.size;
  }

  /** Every document of the corpus not yet held. */
  fill(corpus: Corpus): void {
    corpus.forEachDoc((number, doc) => {
      if (!this.docToRow.has(number)) this.add(number, analyse(doc).surfaces);
    });
  }

  /** The `k` documents nearest in meaning to the query words, with their cosine. */
  search(queryWords: readonly string[], k: number, accept?: (doc: number) => boolean): Map<number, number> {
    const vector = this.lexicon.meanVector(queryWords.filter((word) => !STOP_WORDS.has(word)));
    const out = new Map<number, number>();
    if (!vector || this.index.size === 0) return out;
    const options = accept ? { accept: (row: number) => accept(this.rowToDoc[row]!) } : {};
    for (const { item, score } of this.index.search(vector, k, options)) out.set(this.rowToDoc[item]!, score);
    return out;
  }
}

/**
 * The meaning channel: each document as the rarity-weighted mean of its words' lexicon vectors
 * (100 values), searched by cosine. It finds a memory that shares no word with the query ("Where
 * does my sister live?" ↔ "Anna moved to Lisbon"), which no word index can. Built from the corpus
 * once the lexicon has loaded, then kept in step with it.
 *
 * Vectors are held as int8 codes (unit vector × 127) in the shared Int8Matrix, whose WebAssembly
 * SIMD kernel scores a block of rows at once: exactly the bytes that are persisted, so a restarted
 * worker takes them over with one copy per row and ranks as the worker that wrote them.
 */
import { BLOCK_ROWS, Int8Matrix } from "../../src/shared/int8-matrix.js";
import { TopK } from "../../src/shared/topk.js";
import { analyse, type DocSource } from "./analyse.js";
import { LEXICON_DIM, type Lexicon } from "./lexicon.js";
import { STOP_WORDS, words } from "../../src/shared/text.js";

/**
 * Meaning vectors as stored: row i (`stride` int8 codes, the first LEXICON_DIM of them the unit vector
 * × 127, the rest zero) is document `docs[i]`, its code norm `norms[i]`. The matrix's own layout, so
 * loading it is one copy.
 */
export interface PackedMeaning {
  stride: number;
  docs: Int32Array<ArrayBuffer>;
  vectors: Int8Array<ArrayBuffer>;
  norms: Float32Array<ArrayBuffer>;
}

const CODE_SCALE = 127;
/** The query is widened to int16: a finer grid than the rows', and 100 × 127 × 16384 fits an int32. */
const QUERY_SCALE = 16_384;

export class MeaningIndex {
  readonly lexicon: Lexicon;
  private readonly matrix: Int8Matrix;
  private count = 0;
  private norms = new Float32Array(0);
  private rowToDoc = new Int32Array(0);
  /** Row of each document number; -1 for none. */
  private docToRow = new Int32Array(0).fill(-1);

  constructor(lexicon: Lexicon, options: { simd?: boolean } = {}) {
    this.lexicon = lexicon;
    this.matrix = new Int8Matrix(LEXICON_DIM, options);
  }

  get size(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.count * (this.matrix.stride + 8) + this.docToRow.byteLength;
  }

  /** The mean vector of a text's content words, or undefined when none has a vector. */
  vectorOf(text: string): Float32Array | undefined {
    return this.lexicon.meanVector(words(text).filter((word) => !STOP_WORDS.has(word)));
  }

  add(doc: number, surfaces: readonly string[]): void {
    const vector = this.lexicon.meanVector(surfaces);
    if (!vector) return;
    const row = this.newRow(doc);
    const codes = this.matrix.row(row);
    let norm = 0;
    for (let j = 0; j < LEXICON_DIM; j += 1) {
      const code = Math.round(vector[j]! * CODE_SCALE);
      codes[j] = code;
      norm += code * code;
    }
    this.norms[row] = Math.sqrt(norm) || 1;
  }

  remove(doc: number): void {
    const row = doc < this.docToRow.length ? this.docToRow[doc]! : -1;
    if (row < 0) return;
    this.docToRow[doc] = -1;
    const last = this.count - 1;
    if (row !== last) {
      // The last row fills the hole, so rows stay contiguous for the kernel.
      this.matrix.copyRow(last, row);
      this.norms[row] = this.norms[last]!;
      const moved = this.rowToDoc[last]!;
      this.rowToDoc[row] = moved;
      this.docToRow[moved] = row;
    }
    this.count = last;
  }

  /** The vectors of living documents, numbered by `renumber` (old number → new). */
  pack(renumber: Int32Array): PackedMeaning {
    const docs = new Int32Array(this.count);
    for (let row = 0; row < this.count; row += 1) docs[row] = renumber[this.rowToDoc[row]!]!;
    const { stride } = this.matrix;
    const vectors = this.matrix.codes.slice(0, this.count * stride);
    return { stride, docs, vectors, norms: this.norms.slice(0, this.count) };
  }

  /** Loads packed vectors into this (empty) index; false when they are of another layout. */
  unpack(packed: PackedMeaning): boolean {
    const n = packed.docs.length;
    if (packed.stride !== this.matrix.stride || packed.vectors.length !== n * packed.stride || packed.norms.length !== n) return false;
    this.reserve(n);
    this.matrix.codes.set(packed.vectors);
    this.norms.set(packed.norms);
    for (let i = 0; i < n; i += 1) this.newRow(packed.docs[i]!);
    return true;
  }

  /** Every document of the corpus not yet held; `onAnalyse` counts the documents tokenised for it. */
  fill(corpus: DocSource, onAnalyse?: () => void): void {
    corpus.forEachDoc((number, doc) => {
      if (number < this.docToRow.length && this.docToRow[number]! >= 0) return;
      onAnalyse?.();
      this.add(number, analyse(doc).surfaces);
    });
  }

  /** The `k` documents nearest in meaning to the query words, with their cosine. */
  search(queryWords: readonly string[], k: number, accept?: (doc: number) => boolean): Map<number, number> {
    const vector = this.lexicon.meanVector(queryWords.filter((word) => !STOP_WORDS.has(word)));
    const out = new Map<number, number>();
    if (!vector || this.count === 0) return out;
    const query = this.matrix.query;
    query.fill(0);
    let queryNorm = 0;
    for (let j = 0; j < LEXICON_DIM; j += 1) {
      const code = Math.round(vector[j]! * QUERY_SCALE);
      query[j] = code;
      queryNorm += code * code;
    }
    queryNorm = Math.sqrt(queryNorm) || 1;
    const top = new TopK(k);
    for (let start = 0; start < this.count; start += BLOCK_ROWS) {
      const count = Math.min(BLOCK_ROWS, this.count - start);
      this.matrix.dots(start, count);
      const scores = this.matrix.scores;
      for (let i = 0; i < count; i += 1) {
        const row = start + i;
        const doc = this.rowToDoc[row]!;
        const score = scores[i]! / (queryNorm * this.norms[row]!);
        if (top.accepts(score, doc) && (!accept || accept(doc))) top.push(doc, score, doc);
      }
    }
    for (const { item, score } of top.drain()) out.set(item, score);
    return out;
  }

  private reserve(rows: number): void {
    this.matrix.ensureCapacity(rows);
    if (this.norms.length < rows) {
      const norms = new Float32Array(rows);
      norms.set(this.norms.subarray(0, this.count));
      this.norms = norms;
      const docs = new Int32Array(rows);
      docs.set(this.rowToDoc.subarray(0, this.count));
      this.rowToDoc = docs;
    }
  }

  private newRow(doc: number): number {
    if (this.count + 1 > this.norms.length) this.reserve(Math.max(16, this.count * 2));
    if (doc >= this.docToRow.length) {
      const grown = new Int32Array(Math.max(doc + 1, Math.ceil(this.docToRow.length * 1.5), 16)).fill(-1);
      grown.set(this.docToRow);
      this.docToRow = grown;
    }
    const row = this.count;
    this.count += 1;
    this.rowToDoc[row] = doc;
    this.docToRow[doc] = row;
    return row;
  }
}

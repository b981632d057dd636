/**
 * The full-text index: BM25 (Robertson–Spärck Jones, k1 = 1.2, b = 0.75) over numbered documents,
 * updated in place as documents come and go. Postings are typed arrays (doc ids ascending in
 * Int32Array, term frequencies in Uint8Array: 5 bytes a posting), per-document state one length
 * column, so 100k documents cost no objects and a search no allocation proportional to the corpus.
 * Which query terms a hit holds is found by binary search in their postings, and a removal is told
 * the document's terms by the caller (which holds its text), so no per-document term list is kept.
 * A removed document is only marked dead and its postings skipped; the postings are compacted once
 * the dead outnumber the living, so a removal costs O(its terms).
 */

import { bestTouched, grownInt32, grownUint8 } from "./postings.js";

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** A query term with its weight (1 for the user's own words, less for expansions) and what `why` shows. */
export interface WeightedTerm {
  term: string;
  weight: number;
  label: string;
}

export interface TextScore {
  doc: number;
  score: number;
  /** Labels of the query terms the document contains. */
  labels: string[];
}

/** BM25 saturates long before: a word 255 times in one memory scores as one 255 times. */
const MAX_TF = 0xff;

/**
 * The index of living documents only, renumbered 0…n−1 in their order, for persisting
 * (snapshot.ts). Postings of term i are `postDocs`/`postTfs` from `postStarts[i]` to
 * `postStarts[i + 1]`, doc numbers ascending. Per-document term runs are not kept: they follow from the postings.
 */
export interface PackedText {
  terms: string[];
  surfaces: string[];
  postStarts: Uint32Array<ArrayBuffer>;
  postDocs: Int32Array<ArrayBuffer>;
  postTfs: Uint8Array<ArrayBuffer>;
  docLen: Int32Array<ArrayBuffer>;
}

export class TextIndex {
  private readonly termIds = new Map<string, number>();
  /** Per term: the first word seen that gave it, shown in `why` instead of the stem. */
  private readonly surfaces: string[] = [];
  private df = new Int32Array(0);
  private postDocs: Array<Int32Array<ArrayBuffer>> = [];
  private postTfs: Array<Uint8Array<ArrayBuffer>> = [];
  private postLen = new Int32Array(0);
  /** Per document: its length in terms; -1 once removed or never added. */
  private docLen = new Int32Array(0);
  private docSlots = 0;
  private living = 0;
  private totalLength = 0;
  private deadPostings = 0;
  private livePostings = 0;
  /** Scratch reused by every search and add: sums and touched docs, per-term counts. */
  private sums = new Float64Array(0);
  private touched = new Int32Array(0);
  private termCounts = new Int32Array(0);
  private distinct = new Int32Array(0);
  /** Per document: k1·(1 − b + b·len/avgdl), valid while `normFor` equals avgdl. */
  private norms = new Float64Array(0);
  private normFor = Number.NaN;
  /** Bumped when a term is first seen, so vocabulary-derived tables know to refresh. */
  vocabularyVersion = 0;

  get size(): number {
    return this.living;
  }

  /** Postings held for living documents (one per distinct term per document). */
  get postingCount(): number {
    return this.livePostings;
  }

  /** Bytes of the typed arrays that hold the postings and per-document columns (capacity, not just use). */
  get byteLength(): number {
    let bytes = this.df.byteLength + this.postLen.byteLength + this.docLen.byteLength;
    for (let id = 0; id < this.postDocs.length; id += 1) bytes += this.postDocs[id]!.byteLength + this.postTfs[id]!.byteLength;
    return bytes;
  }

  get vocabularySize(): number {
    return this.termIds.size;
  }

  /** The term's document frequency; 0 for a term no living document holds. */
  docFrequency(term: string): number {
    const id = this.termIds.get(term);
    return id === undefined ? 0 : this.df[id]!;
  }

  /** The word the index shows for a term. */
  surface(term: string): string {
    const id = this.termIds.get(term);
    return id === undefined ? term : this.surfaces[id]!;
  }

  /** Every term some living document holds, with its surface word. */
  *vocabulary(): IterableIterator<[term: string, surface: string, df: number]> {
    for (const [term, id] of this.termIds) if (this.df[id]! > 0) yield [term, this.surfaces[id]!, this.df[id]!];
  }

  /** Adds document `doc` (a number never used before) with its terms; `surfaces[i]` is the word of `terms[i]`. */
  add(doc: number, terms: readonly string[], surfaces?: readonly string[]): void {
    let distinctCount = 0;
    if (this.distinct.length < terms.length) this.distinct = new Int32Array(terms.length * 2);
    for (let i = 0; i < terms.length; i += 1) {
      const term = terms[i]!;
      let id = this.termIds.get(term);
      if (id === undefined) id = this.newTerm(term, surfaces?.[i] ?? term);
      if (this.termCounts[id] === 0) this.distinct[distinctCount++] = id;
      this.termCounts[id]! += 1;
    }
    this.ensureDoc(doc);
    for (let j = 0; j < distinctCount; j += 1) {
      const id = this.distinct[j]!;
      const tf = this.termCounts[id]!;
      this.termCounts[id] = 0;
      if (this.df[id] === 0) this.vocabularyVersion += 1;
      this.df[id]! += 1;
      const at = this.postLen[id]!;
      this.postDocs[id] = grownInt32(this.postDocs[id]!, at + 1);
      this.postTfs[id] = grownUint8(this.postTfs[id]!, at + 1);
      this.postDocs[id]![at] = doc;
      this.postTfs[id]![at] = Math.min(tf, MAX_TF);
      this.postLen[id] = at + 1;
    }
    this.docLen[doc] = terms.length;
    this.living += 1;
    this.totalLength += terms.length;
    this.livePostings += distinctCount;
  }

  /** Removes document `doc`, whose terms (as given to `add`) the caller still knows. */
  remove(doc: number, terms: readonly string[]): void {
    if (!this.has(doc)) return;
    const seen = new Set<number>();
    for (const term of terms) {
      const id = this.termIds.get(term);
      if (id === undefined || seen.has(id)) continue;
      seen.add(id);
      this.df[id]! -= 1;
    }
    const count = seen.size;
    this.living -= 1;
    this.totalLength -= this.docLen[doc]!;
    this.docLen[doc] = -1;
    this.livePostings -= count;
    this.deadPostings += count;
    if (this.deadPostings > this.livePostings) this.compact();
  }

  has(doc: number): boolean {
    return doc >= 0 && doc < this.docSlots && this.docLen[doc]! >= 0;
  }

  /** Inverse document frequency, with `extra` documents counted in (soul memories searched beside the index). */
  idf(df: number, extraDocs = 0): number {
    const n = this.living + extraDocs;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  averageLength(extraDocs = 0, extraLength = 0): number {
    const n = this.living + extraDocs;
    return n === 0 ? 1 : (this.totalLength + extraLength) / n;
  }

  /**
   * BM25 of the documents holding a query term: the best `limit` (all when undefined), best first,
   * each with the labels of the query terms it holds. `accept` may drop documents. Sums go into one
   * reused array; labels are found for the kept documents only, so a common word costs one pass.
   */
  score(query: readonly WeightedTerm[], accept?: (doc: number) => boolean, limit?: number): TextScore[] {
    if (this.sums.length < this.docSlots) {
      this.sums = new Float64Array(this.docSlots * 2 + 16);
      this.touched = new Int32Array(this.docSlots * 2 + 16);
    }
    const sums = this.sums;
    const touched = this.touched;
    let touchedCount = 0;
    const norms = this.refreshNorms();
    const docLen = this.docLen;
    const used: Array<{ id: number; label: string }> = [];
    for (const { term, weight, label } of query) {
      const id = this.termIds.get(term);
      if (id === undefined || this.df[id] === 0) continue;
      used.push({ id, label });
      const idf = this.idf(this.df[id]!) * weight;
      const docs = this.postDocs[id]!;
      const tfs = this.postTfs[id]!;
      const n = this.postLen[id]!;
      for (let i = 0; i < n; i += 1) {
        const doc = docs[i]!;
        if (docLen[doc]! < 0) continue;
        const tf = tfs[i]!;
        const norm = tf + norms[doc]!;
        if (sums[doc] === 0) touched[touchedCount++] = doc;
        sums[doc]! += (idf * tf * (BM25_K1 + 1)) / norm;
      }
    }
    const kept = bestTouched(touched, touchedCount, sums, accept, limit);
    for (let i = 0; i < touchedCount; i += 1) sums[touched[i]!] = 0;
    return kept.map(({ doc, score }) => {
      const labels: string[] = [];
      for (const { id, label } of used) if (!labels.includes(label) && this.holds(id, doc)) labels.push(label);
      return { doc, score, labels };
    });
  }

  /** Whether term `id`'s postings hold `doc`: doc numbers ascend, so a binary search. */
  private holds(id: number, doc: number): boolean {
    const docs = this.postDocs[id]!;
    let low = 0;
    let high = this.postLen[id]! - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const at = docs[mid]!;
      if (at === doc) return true;
      if (at < doc) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  /** The living documents' postings, numbered by `renumber` (old number → new; must keep their order). */
  pack(renumber: Int32Array): PackedText {
    const terms: string[] = [];
    const surfaces: string[] = [];
    const starts: number[] = [0];
    const postDocs = new Int32Array(this.livePostings);
    const postTfs = new Uint8Array(this.livePostings);
    let at = 0;
    for (const [term, id] of this.termIds) {
      if (this.df[id] === 0) continue;
      const docs = this.postDocs[id]!;
      const tfs = this.postTfs[id]!;
      for (let i = 0; i < this.postLen[id]!; i += 1) {
        if (this.docLen[docs[i]!]! < 0) continue;
        postDocs[at] = renumber[docs[i]!]!;
        postTfs[at] = tfs[i]!;
        at += 1;
      }
      terms.push(term);
      surfaces.push(this.surfaces[id]!);
      starts.push(at);
    }
    const docLen = new Int32Array(this.living);
    for (let doc = 0; doc < this.docSlots; doc += 1) if (this.docLen[doc]! >= 0) docLen[renumber[doc]!] = this.docLen[doc]!;
    return { terms, surfaces, postStarts: Uint32Array.from(starts), postDocs, postTfs, docLen };
  }

  /** The index `pack` gave; its postings are views on the packed arrays until a document grows them. */
  static unpack(packed: PackedText): TextIndex {
    const index = new TextIndex();
    const termCount = packed.terms.length;
    const docCount = packed.docLen.length;
    index.df = new Int32Array(termCount);
    index.postLen = new Int32Array(termCount);
    index.termCounts = new Int32Array(termCount);
    let postings = 0;
    for (let id = 0; id < termCount; id += 1) {
      index.termIds.set(packed.terms[id]!, id);
      index.surfaces.push(packed.surfaces[id]!);
      const start = packed.postStarts[id]!;
      const end = packed.postStarts[id + 1]!;
      index.postDocs.push(packed.postDocs.subarray(start, end));
      index.postTfs.push(packed.postTfs.subarray(start, end));
      index.df[id] = end - start;
      index.postLen[id] = end - start;
      postings += end - start;
    }
    index.docLen = packed.docLen.slice();
    for (let doc = 0; doc < docCount; doc += 1) index.totalLength += index.docLen[doc]!;
    index.docSlots = docCount;
    index.living = docCount;
    index.livePostings = postings;
    index.vocabularyVersion = 1;
    return index;
  }

  /** The per-document half of BM25's denominator, recomputed only when the average length moved. */
  private refreshNorms(): Float64Array {
    const avgdl = this.averageLength();
    if (this.norms.length < this.docSlots) {
      this.norms = new Float64Array(this.docLen.length);
      this.normFor = Number.NaN;
    }
    if (this.normFor !== avgdl) {
      for (let doc = 0; doc < this.docSlots; doc += 1) {
        const len = this.docLen[doc]!;
        this.norms[doc] = len < 0 ? 0 : BM25_K1 * (1 - BM25_B + (BM25_B * len) / avgdl);
      }
      this.normFor = avgdl;
    }
    return this.norms;
  }

  private newTerm(term: string, surface: string): number {
    const id = this.termIds.size;
    this.termIds.set(term, id);
    this.surfaces.push(surface);
    this.df = grownInt32(this.df, id + 1);
    this.postLen = grownInt32(this.postLen, id + 1);
    this.termCounts = grownInt32(this.termCounts, id + 1);
    this.postDocs.push(new Int32Array(0));
    this.postTfs.push(new Uint8Array(0));
    this.vocabularyVersion += 1;
    return id;
  }

  /** Makes room for document `doc`; numbers never added read as removed. */
  private ensureDoc(doc: number): void {
    if (doc >= this.docLen.length) {
      const size = Math.max(doc + 1, this.docLen.length * 2, 16);
      const len = new Int32Array(size).fill(-1);
      len.set(this.docLen);
      this.docLen = len;
    }
    if (doc >= this.docSlots) {
      this.docLen.fill(-1, this.docSlots, doc + 1);
      this.docSlots = doc + 1;
    }
    this.normFor = Number.NaN;
  }

  /** Drops the postings of dead documents. */
  private compact(): void {
    for (let id = 0; id < this.postDocs.length; id += 1) {
      const docs = this.postDocs[id]!;
      const tfs = this.postTfs[id]!;
      let kept = 0;
      for (let i = 0; i < this.postLen[id]!; i += 1) {
        if (this.docLen[docs[i]!]! < 0) continue;
        docs[kept] = docs[i]!;
        tfs[kept] = tfs[i]!;
        kept += 1;
      }
      this.postLen[id] = kept;
    }
    this.deadPostings = 0;
  }
}

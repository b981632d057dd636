/**
 * The full-text index: BM25 (Robertson–Spärck Jones, k1 = 1.2, b = 0.75) over numbered documents,
 * updated in place as documents come and go. A removed document is only marked dead and its
 * postings skipped; the postings are compacted once the dead outnumber the living, so a removal
 * costs O(its terms) and searches never see it.
 */

import { TopK } from "../shared/topk.js";

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

export class TextIndex {
  private readonly termIds = new Map<string, number>();
  /** Per term: the first word seen that gave it, shown in `why` instead of the stem. */
  private readonly surfaces: string[] = [];
  private df: number[] = [];
  private postDocs: number[][] = [];
  private postTfs: number[][] = [];
  /** Per document: its term ids and length; undefined once removed. */
  private docTerms: Array<Uint32Array | undefined> = [];
  private docLen: number[] = [];
  private living = 0;
  private totalLength = 0;
  private deadPostings = 0;
  private livePostings = 0;
  private scratch = new Float64Array(0);
  /** Bumped when a term is first seen, so vocabulary-derived tables know to refresh. */
  vocabularyVersion = 0;

  get size(): number {
    return this.living;
  }

  /** Postings held for living documents (one per distinct term per document). */
  get postingCount(): number {
    return this.livePostings;
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
    const counts = new Map<number, number>();
    terms.forEach((term, i) => {
      let id = this.termIds.get(term);
      if (id === undefined) {
        id = this.termIds.size;
        this.termIds.set(term, id);
        this.surfaces.push(surfaces?.[i] ?? term);
        this.df.push(0);
        this.postDocs.push([]);
        this.postTfs.push([]);
        this.vocabularyVersion += 1;
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    });
    const ids = new Uint32Array(counts.size);
    let at = 0;
    for (const [id, tf] of counts) {
      ids[at++] = id;
      if (this.df[id] === 0) this.vocabularyVersion += 1;
      this.df[id]! += 1;
      this.postDocs[id]!.push(doc);
      this.postTfs[id]!.push(tf);
    }
    this.docTerms[doc] = ids;
    this.docLen[doc] = terms.length;
    this.living += 1;
    this.totalLength += terms.length;
    this.livePostings += ids.length;
  }

  remove(doc: number): void {
    const ids = this.docTerms[doc];
    if (!ids) return;
    for (const id of ids) this.df[id]! -= 1;
    this.docTerms[doc] = undefined;
    this.living -= 1;
    this.totalLength -= this.docLen[doc]!;
    this.livePostings -= ids.length;
    this.deadPostings += ids.length;
    if (this.deadPostings > this.livePostings) this.compact();
  }

  has(doc: number): boolean {
    return this.docTerms[doc] !== undefined;
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
    if (this.scratch.length < this.docTerms.length) this.scratch = new Float64Array(this.docTerms.length * 2 + 16);
    const sums = this.scratch;
    const touched: number[] = [];
    const avgdl = this.averageLength();
    const used: Array<{ id: number; label: string }> = [];
    for (const { term, weight, label } of query) {
      const id = this.termIds.get(term);
      if (id === undefined || this.df[id] === 0) continue;
      used.push({ id, label });
      const idf = this.idf(this.df[id]!) * weight;
      const docs = this.postDocs[id]!;
      const tfs = this.postTfs[id]!;
      for (let i = 0; i < docs.length; i += 1) {
        const doc = docs[i]!;
        if (this.docTerms[doc] === undefined) continue;
        const tf = tfs[i]!;
        const norm = tf + BM25_K1 * (1 - BM25_B + (BM25_B * this.docLen[doc]!) / avgdl);
        if (sums[doc] === 0) touched.push(doc);
        sums[doc]! += (idf * tf * (BM25_K1 + 1)) / norm;
      }
    }
    let kept: Array<{ doc: number; score: number }>;
    if (limit === undefined || touched.length <= limit) {
      kept = [];
      for (const doc of touched) if (!accept || accept(doc)) kept.push({ doc, score: sums[doc]! });
      kept.sort((a, b) => b.score - a.score || a.doc - b.doc);
    } else {
      const top = new TopK(limit);
      for (const doc of touched) if (top.accepts(sums[doc]!, doc) && (!accept || accept(doc))) top.push(doc, sums[doc]!, doc);
      kept = top.drain().map(({ item, score }) => ({ doc: item, score }));
    }
    for (const doc of touched) sums[doc] = 0;
    return kept.map(({ doc, score }) => {
      const ids = this.docTerms[doc]!;
      const labels: string[] = [];
      for (const { id, label } of used) if (ids.includes(id) && !labels.includes(label)) labels.push(label);
      return { doc, score, labels };
    });
  }

  /** Drops the postings of dead documents. */
  private compact(): void {
    for (let id = 0; id < this.postDocs.length; id += 1) {
      const docs = this.postDocs[id]!;
      const tfs = this.postTfs[id]!;
      const keptDocs: number[] = [];
      const keptTfs: number[] = [];
      for (let i = 0; i < docs.length; i += 1) {
        if (this.docTerms[docs[i]!] === undefined) continue;
        keptDocs.push(docs[i]!);
        keptTfs.push(tfs[i]!);
      }
      this.postDocs[id] = keptDocs;
      this.postTfs[id] = keptTfs;
    }
    this.deadPostings = 0;
  }
}

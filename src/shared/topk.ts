/**
 * Bounded top-k: keeps the k best (score descending, then tie key ascending) of a stream in a
 * min-heap of size k, so a search over n items costs O(n log k) instead of sorting all n.
 * Arrays are typed and preallocated because this runs once per stored vector on every search.
 */
export interface Ranked {
  item: number;
  score: number;
  tie: number;
}

export class TopK {
  readonly capacity: number;
  private count = 0;
  private readonly scores: Float64Array;
  private readonly ties: Float64Array;
  private readonly items: Int32Array;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError("capacity must be a non-negative integer");
    this.capacity = capacity;
    this.scores = new Float64Array(capacity);
    this.ties = new Float64Array(capacity);
    this.items = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The worst kept score once full; -Infinity before, so anything is accepted. */
  get threshold(): number {
    return this.count < this.capacity ? -Infinity : this.count === 0 ? Infinity : this.scores[0]!;
  }

  /** True when (score, tie) would enter: cheap enough to test before computing anything else. */
  accepts(score: number, tie: number): boolean {
    if (this.count < this.capacity) return true;
    if (this.capacity === 0) return false;
    const worst = this.scores[0]!;
    return score > worst || (score === worst && tie < this.ties[0]!);
  }

  /** Offers an item; NaN scores are never kept. Returns whether it was kept. */
  push(item: number, score: number, tie: number): boolean {
    if (score !== score || !this.accepts(score, tie)) return false;
    if (this.count < this.capacity) {
      let i = this.count++;
      // Sift up: a parent must be worse than or equal to its children.
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.isWorse(score, tie, this.scores[parent]!, this.ties[parent]!)) break;
        this.move(parent, i);
        i = parent;
      }
      this.place(i, item, score, tie);
      return true;
    }
    this.siftDown(item, score, tie);
    return true;
  }

  /** Removes and returns everything, best first. */
  drain(): Ranked[] {
    const out: Ranked[] = new Array<Ranked>(this.count);
    for (let i = 0; i < this.count; i += 1) {
      out[i] = { item: this.items[i]!, score: this.scores[i]!, tie: this.ties[i]! };
    }
    this.count = 0;
    return out.sort(compareRanked);
  }

  clear(): void {
    this.count = 0;
  }

  /** Replaces the root with (item, score, tie) and restores the heap. */
  private siftDown(item: number, score: number, tie: number): void {
    const n = this.count;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      let child = left;
      const right = left + 1;
      if (right < n && this.isWorse(this.scores[right]!, this.ties[right]!, this.scores[left]!, this.ties[left]!)) {
        child = right;
      }
      if (!this.isWorse(this.scores[child]!, this.ties[child]!, score, tie)) break;
      this.move(child, i);
      i = child;
    }
    this.place(i, item, score, tie);
  }

  private isWorse(scoreA: number, tieA: number, scoreB: number, tieB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && tieA > tieB);
  }

  private move(from: number, to: number): void {
    this.scores[to] = this.scores[from]!;
    this.ties[to] = this.ties[from]!;
    this.items[to] = this.items[from]!;
  }

  private place(at: number, item: number, score: number, tie: number): void {
    this.scores[at] = score;
    this.ties[at] = tie;
    this.items[at] = item;
  }
}

/** Best first: higher score, then lower tie key. */
export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.tie - b.tie;
}

/**
 * Typo correction: the words within a small edit distance of a query word (optimal string alignment:
 * insert, delete, substitute, swap two neighbours), searched in a word list with a length filter and
 * a bound that stops a comparison as soon as it cannot succeed. Before any alignment, a letter-count
 * filter drops most of the 80,000 words: an edit changes the letter counts by at most 2 (a swap by
 * none), so words whose counts differ by more than twice the distance allowed cannot be near.
 */

/** The distance a word of this length may be corrected by: none for short words, where nearly everything is near. */
export function allowedDistance(word: string): number {
  if (word.length <= 3) return 0;
  if (word.length <= 5) return 1;
  return 2;
}

/** Edit distance of `a` and `b` if at most `max`, else `max + 1`. */
export function boundedDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  // Three rows reused by every call: this runs for thousands of candidates per query.
  if (rows[0]!.length < lb + 1) for (let r = 0; r < 3; r += 1) rows[r] = new Int32Array(lb + 16);
  let previous2 = rows[0]!;
  let previous = rows[1]!;
  let current = rows[2]!;
  for (let j = 0; j <= lb; j += 1) previous[j] = j;
  for (let i = 1; i <= la; i += 1) {
    current[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j += 1) {
      const cb = b.charCodeAt(j - 1);
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) value = Math.min(value, previous2[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const spare = previous2;
    previous2 = previous;
    previous = current;
    current = spare;
  }
  return previous[lb]!;
}

const rows: Int32Array[] = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/** Which of a–z (bit 0–25) and anything else (bit 26) a word holds. */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i += 1) {
    const c = word.charCodeAt(i) - 97;
    mask |= 1 << (c >= 0 && c < 26 ? c : 26);
  }
  return mask;
}

function popCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Letter masks of a word list, computed once per list (the lexicon's, the index vocabulary's). */
const maskCache = new WeakMap<readonly string[], Int32Array>();

function masksOf(list: readonly string[]): Int32Array {
  let masks = maskCache.get(list);
  if (!masks) {
    masks = Int32Array.from(list, letterMask);
    maskCache.set(list, masks);
  }
  return masks;
}

/** Letter counts of a word (a–z; any other character counted apart in slot 26). */
function letterCounts(word: string, out: Int32Array): void {
  out.fill(0);
  for (let i = 0; i < word.length; i += 1) {
    const c = word.charCodeAt(i) - 97;
    out[c >= 0 && c < 26 ? c : 26]! += 1;
  }
}

export interface Near {
  word: string;
  distance: number;
  /** Position in the list (lower = more frequent for a frequency-ordered list). */
  rank: number;
}

/**
 * Words of `list` nearest to `word` within `max`, closest first, then by list order; at most `limit`.
 * Only the closest distance found is kept: a word one edit away beats every word two away.
 */
export function nearestWords(word: string, list: readonly string[], max: number, limit = 3): Near[] {
  let best = max;
  let found: Near[] = [];
  const counts = new Int32Array(27);
  letterCounts(word, counts);
  const left = new Int32Array(27);
  const masks = masksOf(list);
  const mask = letterMask(word);
  for (let rank = 0; rank < list.length; rank += 1) {
    const candidate = list[rank]!;
    if (Math.abs(candidate.length - word.length) > best || candidate === word) continue;
    // A letter held by one word only costs at least one edit per two such letters.
    if (popCount(masks[rank]! ^ mask) > 2 * best) continue;
    // Letters of the candidate the word lacks, plus letters of the word the candidate lacks.
    left.set(counts);
    let extra = 0;
    for (let i = 0; i < candidate.length; i += 1) {
      const c = candidate.charCodeAt(i) - 97;
      const slot = c >= 0 && c < 26 ? c : 26;
      if (left[slot]! > 0) left[slot]! -= 1;
      else extra += 1;
    }
    const missing = word.length - (candidate.length - extra);
    if (extra + missing > 2 * best) continue;
    const distance = boundedDistance(word, candidate, best);
    if (distance > best) continue;
    if (distance < best) {
      best = distance;
      found = [];
    }
    if (found.length < limit) found.push({ word: candidate, distance, rank });
  }
  return found;
}

/**
 * Typo correction: the words within a small edit distance of a query word (optimal string alignment:
 * insert, delete, substitute, swap two neighbours), searched in a word list with a length filter and
 * a bound that stops a comparison as soon as it cannot succeed.
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
  let previous2: number[] = [];
  let previous: number[] = Array.from({ length: lb + 1 }, (_, j) => j);
  for (let i = 1; i <= la; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= lb; j += 1) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2]! + 1);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[lb]!;
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
  for (let rank = 0; rank < list.length; rank += 1) {
    const candidate = list[rank]!;
    if (Math.abs(candidate.length - word.length) > best || candidate === word) continue;
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

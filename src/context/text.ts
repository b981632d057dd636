/**
 * Words for the full-text index: Unicode-aware tokens (letters and digits of any script), folded
 * to lower case without accents, possessive "'s" dropped, English stop words left out, and a light
 * English stemmer (plural, -ing, -ed, -ly, -ies) so "allergies", "allergic" and "allergy" meet.
 * Pure code, shared by the page (soul memories) and the search worker (everything else).
 */

/** Words that carry no topic; questions are full of them ("what", "does", "my"). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an and are as at be been being but by can could did do does doing done for from had has have having he her hers " +
    "herself him himself his how i if in into is it its itself just me mine my myself no nor not of off on once only or " +
    "our ours ourselves out over own same she should so some such than that the their theirs them themselves then there " +
    "these they this those through to too under until up very was we were what when where which while who whom why will " +
    "with would you your yours yourself yourselves about again all any both each few more most other s t don now also " +
    "ever much many get got any anything something tell told know remember recall please there's what's who's whats am " +
    "would've should've could've let lets us"
  ).split(" "),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;
const MARKS = /\p{M}+/gu;

/** Lower case, accents removed ("Café" → "cafe"), so a query typed without them still matches. */
export function fold(text: string): string {
  return text.normalize("NFKD").replace(MARKS, "").toLowerCase();
}

/** Every word of `text`, folded, in order (stop words included): the raw material of queries. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const match of fold(text).matchAll(WORD)) {
    let word = match[0].replace(/['’]s$/u, "").replace(/['’]/gu, "");
    if (word.length > 0) out.push(word);
  }
  return out;
}

/** Index terms of `text`: words without stop words, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (STOP_WORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

/**
 * A light English stemmer (a subset of Porter's step 1 plus -ly/-ic/-al endings): enough to join
 * inflections without the over-stemming of the full algorithm ("university" and "universe" stay apart).
 * Words of other scripts and numbers pass through.
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (w.endsWith("eed")) {
    // "agreed" → "agree"; "need" stays.
  } else if (w.endsWith("ing") && w.length > 5 && /[aeiouy]/.test(w.slice(0, -3))) {
    w = undouble(w.slice(0, -3));
  } else if (w.endsWith("ed") && w.length > 4 && /[aeiouy]/.test(w.slice(0, -2))) {
    w = undouble(w.slice(0, -2));
  }
  if (w.endsWith("ly") && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith("ic") && w.length > 5) w = w.slice(0, -2) + "y";
  if (w.endsWith("y") && w.length > 3) w = w.slice(0, -1) + "i";
  if (w.endsWith("e") && w.length > 3) w = w.slice(0, -1);
  return w;
}

/** "stopp" → "stop", "hopp" → "hop", but "fall", "miss", "buzz" keep their double letter. */
function undouble(w: string): string {
  const last = w[w.length - 1];
  if (w.length > 2 && last === w[w.length - 2] && !"lsz".includes(last!)) return w.slice(0, -1);
  return w;
}

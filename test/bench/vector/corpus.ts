/**
 * Deterministic synthetic memories for the Vector KB benchmark: sentences over a 4,000-word
 * vocabulary with a Zipf-like word frequency, like ordinary text. The page and the bench worker
 * build the same texts from the same seed, so they index the same vectors.
 */
import { seededRandom } from "../../helpers/random.js";

export { seededRandom };

const SYLLABLES = "ka lo mi ne ru sa ti vo pe da ri mo la ne so fi gu ha be zu ko ma".split(" ");
const VOCABULARY_SIZE = 4000;

const vocabulary: string[] = (() => {
  const random = seededRandom(4242);
  const words = new Set<string>();
  while (words.size < VOCABULARY_SIZE) {
    const length = 1 + Math.floor(random() * 3);
    let word = "";
    for (let i = 0; i < length; i += 1) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
})();

/** Word rank r is drawn with probability ∝ 1/(r+1): a few words are common, most are rare. */
function word(random: () => number): string {
  const rank = Math.floor(Math.exp(random() * Math.log(VOCABULARY_SIZE + 1))) - 1;
  return vocabulary[Math.min(VOCABULARY_SIZE - 1, Math.max(0, rank))]!;
}

export function memoryTexts(count: number, seed = 1): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const length = 6 + Math.floor(random() * 11);
    const words = Array.from({ length }, () => word(random));
    return `${words.join(" ")} ${i % 97}`;
  });
}

export function queryTexts(count: number, seed = 2): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: 3 + Math.floor(random() * 4) }, () => word(random)).join(" "));
}

/**
 * Embedding with the checks a custom embedder needs: it runs the caller's code, which may return the wrong
 * count, the wrong size or NaN; a bad vector would poison every later search, so it is refused here.
 */
import { PhoenixError } from "../../src/errors.js";
import type { Embedder } from "../../src/shared/embedder.js";
import { isFiniteVector } from "../../src/shared/cosine.js";

export async function embedChecked(embedder: Embedder, texts: readonly string[]): Promise<Float32Array[]> {
  const dim = embedder.dim;
  const vectors = await embedder.encodeMany(texts);
  if (!Array.isArray(vectors) || vectors.length !== texts.length) {
    throw new PhoenixError("INVALID_VALUE", "The embedder returned a different number of vectors than texts.");
  }
  return vectors.map((vector: unknown) => {
    const array = vector instanceof Float32Array ? vector : Array.isArray(vector) ? Float32Array.from(vector as number[]) : undefined;
    if (!array) throw new PhoenixError("INVALID_VALUE", "The embedder returned something other than a vector.");
    if (array.length !== dim) {
      throw new PhoenixError("DIM_MISMATCH", `The embedder returned ${array.length} values; its dim is ${dim}.`);
    }
    if (!isFiniteVector(array)) throw new PhoenixError("INVALID_VALUE", "The embedder returned NaN or infinite values.");
    return array;
  });
}

export async function embedOneChecked(embedder: Embedder, text: string): Promise<Float32Array> {
  return (await embedChecked(embedder, [text]))[0]!;
}

/**
 * New entries, encoded slice by slice while the add transaction writes the slices before (see commitAdd).
 * The built-in embedder runs here, inside the transaction, writing every vector into one buffer that then
 * goes to the page as is (transferred, not copied); any other embedder may be asynchronous, so its
 * vectors come ready-made.
 */
import type { JsonObject } from "../../src/db/schema.js";
import type { HashEmbedder } from "../../src/shared/embedder.js";
import type { EntrySource } from "./vector-commit.js";
import { encodeEntry } from "./vector-records.js";

export type EntryVectors = readonly Float32Array[] | { embedder: HashEmbedder };

export function entrySource(
  items: ReadonlyArray<{ text: string; metadata: JsonObject }>,
  jsons: readonly string[],
  vectors: EntryVectors,
  createdAt: number,
): EntrySource {
  const texts = items.map((item) => item.text);
  const take = sliceVectors(texts, vectors);
  return {
    count: items.length,
    take: (from, to) =>
      take(from, to).map((vector, j) =>
        encodeEntry({ text: texts[from + j]!, metadata: items[from + j]!.metadata, metadataJson: jsons[from + j]!, vector, createdAt }),
      ),
  };
}

function sliceVectors(texts: readonly string[], vectors: EntryVectors): (from: number, to: number) => Float32Array[] {
  if (Array.isArray(vectors)) return (from, to) => vectors.slice(from, to);
  const { embedder } = vectors as { embedder: HashEmbedder };
  const dim = embedder.dim;
  const packed = new Float32Array(texts.length * dim);
  return (from, to) =>
    texts.slice(from, to).map((text, j) => {
      const at = (from + j) * dim;
      embedder.encodeInto(text, packed, at);
      return packed.subarray(at, at + dim);
    });
}

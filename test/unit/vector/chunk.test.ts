import { describe, expect, test } from "vitest";
import { buildChunk, chunkId, chunkMetadataJson, chunkText, isVectorChunk, utf8Length, withoutEntries } from "../../../workers/vector/vector-chunk.js";
import { HashEmbedder } from "../../../src/shared/embedder.js";
import { seededRandom } from "./reference.js";

const TRICKY = ["", "plain ascii", "Straße", "東京タワー", "emoji 🔥🐦", "mixed é😀x", "lone \ud800 high", "lone \udc00 low", "end high \ud83d"];

describe("chunk records", () => {
  test("utf8Length agrees with TextEncoder, lone surrogates included", () => {
    for (const text of TRICKY) expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    const random = seededRandom(5);
    for (let trial = 0; trial < 200; trial += 1) {
      const text = String.fromCharCode(...Array.from({ length: 20 }, () => Math.floor(random() * 0x10000)));
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  test("ids, texts and metadata read back exactly after building, appending and dropping", () => {
    const embedder = new HashEmbedder();
    const additions = TRICKY.map((text, i) => ({
      id: `id-${i}-${text.slice(0, 3)}`,
      seq: i,
      entry: { text, metadata: { i, text }, metadataJson: JSON.stringify({ i, text }), vector: embedder.encode(text), createdAt: 0 },
    }));
    const first = buildChunk(undefined, 0, 1, 384, additions.slice(0, 4));
    const both = buildChunk(first, 0, 2, 384, additions.slice(4));
    expect(isVectorChunk(both, 384)).toBe(true);
    additions.forEach((addition, i) => {
      expect(chunkId(both, i)).toBe(addition.id);
      expect(chunkText(both, i)).toBe(new TextDecoder().decode(new TextEncoder().encode(addition.entry.text)));
      expect(JSON.parse(chunkMetadataJson(both, i))).toEqual(JSON.parse(addition.entry.metadataJson));
    });
    const trimmed = withoutEntries(both, new Set([0, 5]), 3)!;
    expect(isVectorChunk(trimmed, 384)).toBe(true);
    const kept = additions.filter((_, i) => i !== 0 && i !== 5);
    kept.forEach((addition, i) => expect(chunkId(trimmed, i)).toBe(addition.id));
    expect(withoutEntries(trimmed, new Set(kept.map((_, i) => i)), 4)).toBeUndefined();
  });

  test("a chunk whose arrays disagree is refused", () => {
    const embedder = new HashEmbedder();
    const chunk = buildChunk(undefined, 0, 1, 384, [
      { id: "a", seq: 0, entry: { text: "x", metadata: {}, metadataJson: "{}", vector: embedder.encode("x"), createdAt: 0 } },
    ]);
    expect(isVectorChunk({ ...chunk, textEnds: new Uint32Array([99]) }, 384)).toBe(false);
    expect(isVectorChunk({ ...chunk, values: new Float32Array(0) }, 384)).toBe(false);
    expect(isVectorChunk(chunk, 16)).toBe(false);
    expect(isVectorChunk({ ...chunk, version: 1 }, 384)).toBe(false);
  });
});

import { describe, expect, test } from "vitest";
import { DEFAULT_EMBEDDING_DIM, HashEmbedder, StubEmbedder, createHashEmbedder, type Embedder } from "../../../src/shared/embedder.js";
import { isPhoenixError } from "../../../src/errors.js";
import { referenceEmbed, referenceFxhash32, referenceTokens } from "./reference.js";

const embedder = new HashEmbedder();

const FIXED_TEXTS = [
  "The capital of France is Paris",
  "Paris is a beautiful city",
  "France is in Europe",
  "What is the capital of France?",
  "Dad told me about his day at work",
  "  many   spaces\tand\nnewlines  ",
  "UPPER lower MiXeD 123 4five",
  "punctuation!!! everywhere??? (yes) [really] {truly}",
  "Straße, Ünïcödé, 東京, Ελληνικά, русский, ٣٤٥, ½",
  "emoji 🔥 between 🐦 words",
  "hyphen-ated e-mail user@example.com 3.14",
  "a".repeat(300),
];

describe("the seed's hash embedder", () => {
  test("has the seed's dimension by default", () => {
    expect(embedder.dim).toBe(384);
    expect(DEFAULT_EMBEDDING_DIM).toBe(384);
    expect(embedder.encode("x")).toHaveLength(384);
  });

  test.each(FIXED_TEXTS)("matches the independent implementation bit for bit: %s", (text) => {
    expect(Array.from(embedder.encode(text))).toEqual(Array.from(referenceEmbed(text)));
  });

  test("a single token puts 1 at its golden slot", () => {
    const vector = embedder.encode("Paris");
    expect(vector[113]).toBe(1);
    expect(vector.reduce((sum, x) => sum + (x !== 0 ? 1 : 0), 0)).toBe(1);
  });

  test("two distinct tokens get 1/sqrt(2) each at their slots", () => {
    const vector = embedder.encode("France, Paris!");
    const half = Math.fround(1 / Math.fround(Math.SQRT2));
    expect(vector[2796368353 % 384]).toBe(half);
    expect(vector[113]).toBe(half);
  });

  test("a repeated token counts twice", () => {
    const vector = embedder.encode("paris paris france");
    const norm = Math.fround(Math.sqrt(5));
    expect(vector[113]).toBe(Math.fround(2 / norm));
    expect(vector[2796368353 % 384]).toBe(Math.fround(1 / norm));
  });

  test("lower-cases ASCII only, as Rust's to_ascii_lowercase", () => {
    expect(embedder.encode("PARIS")).toEqual(embedder.encode("paris"));
    expect(embedder.encode("ÜBER")).not.toEqual(embedder.encode("über"));
    expect(referenceTokens("ÜBER Straße")).toEqual(["Über", "straße"]);
  });

  test("Unicode letters and digits are token characters; everything else splits", () => {
    const tokens = ["東京", "ελληνικά", "٣٤٥", "½"];
    const expected = new Float32Array(384);
    for (const token of tokens) expected[referenceFxhash32(new TextEncoder().encode(token)) % 384]! += 1;
    const vector = embedder.encode("東京 · ελληνικά—٣٤٥/½");
    const nonZero = Array.from(vector.keys()).filter((i) => vector[i] !== 0);
    expect(nonZero).toEqual(Array.from(expected.keys()).filter((i) => expected[i] !== 0));
  });

  test("empty and symbol-only text give the zero vector, never NaN", () => {
    for (const text of ["", "   ", "?!.,;:-—()[]{}", "🔥🐦"]) {
      const vector = embedder.encode(text);
      expect(vector.every((x) => x === 0)).toBe(true);
    }
  });

  test("is deterministic and returns fresh arrays", () => {
    const a = embedder.encode("The capital of France is Paris");
    const b = new HashEmbedder().encode("The capital of France is Paris");
    expect(a).toEqual(b);
    a[0] = 42;
    expect(embedder.encode("The capital of France is Paris")[0]).not.toBe(42);
  });

  test("vectors of text with tokens have unit length", () => {
    for (const text of FIXED_TEXTS) {
      const vector = embedder.encode(text);
      const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
      expect(norm).toBeCloseTo(1, 6);
    }
  });

  test("encodeMany equals encode on each text, in order", () => {
    const many = embedder.encodeMany(FIXED_TEXTS);
    expect(many).toHaveLength(FIXED_TEXTS.length);
    many.forEach((vector, i) => expect(vector).toEqual(embedder.encode(FIXED_TEXTS[i]!)));
  });

  test("other dimensions hash modulo dim", () => {
    const small = createHashEmbedder(16);
    expect(small.dim).toBe(16);
    expect(Array.from(small.encode("paris france"))).toEqual(Array.from(referenceEmbed("paris france", 16)));
  });

  test("the seed's name refers to the same embedder", () => {
    const stub: Embedder = new StubEmbedder(384);
    expect(stub.encode("Paris")).toEqual(embedder.encode("Paris"));
  });

  test("bad dimensions and non-string text are typed errors", () => {
    for (const dim of [0, -1, 1.5, Number.NaN, 100_000]) {
      expect(() => new HashEmbedder(dim)).toThrow(expect.objectContaining({ code: "INVALID_ARGUMENT" }));
    }
    for (const text of [42, null, undefined, { text: "x" }]) {
      let caught: unknown;
      try {
        embedder.encode(text as unknown as string);
      } catch (error) {
        caught = error;
      }
      expect(isPhoenixError(caught, "INVALID_VALUE")).toBe(true);
    }
  });

  test("long tokens are hashed whole", () => {
    const long = "x".repeat(1000);
    const vector = embedder.encode(long);
    expect(vector[referenceFxhash32(new TextEncoder().encode(long)) % 384]).toBe(1);
  });
});

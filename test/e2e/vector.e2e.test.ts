/**
 * The Vector KB in real Chromium against the built app: the seed's use case 3, a second tab, a
 * reload, the worker's typed errors crossing comlink, and the stored form of entries.
 */
import { describe, expect, test } from "vitest";
import { callPhoenix, openAppInNewTab, pageErrors, reloadApp, useFreshApp } from "./helpers/browser.js";

const QUESTION = "What is the capital of France?";

describe("phoenix.vectorKb in the built app", () => {
  const { page, context } = useFreshApp({ failOnPageErrors: false });

  test("use case 3: the geography entry comes first for the capital of France", async () => {
    const outcome = await callPhoenix(
      page(),
      async (phoenix, question) => {
        const kb = phoenix.vectorKb;
        const added = [
          await kb.addMemory("The capital of France is Paris", { category: "geography" }),
          await kb.addMemory("Paris is a beautiful city", { category: "travel" }),
          await kb.addMemory("France is in Europe", { category: "geography" }),
        ];
        return {
          dim: kb.embeddingDim,
          added: added.map((entry) => ({ id: entry.id, text: entry.text, embedding: entry.embedding.length, kind: entry.embedding.constructor.name })),
          results: await kb.semanticSearch(question, 3),
          geography: (await kb.semanticSearch(question, 5, { filter: { category: "geography" } })).map((r) => r.text),
          info: await kb.info(),
        };
      },
      QUESTION,
    );
    expect(outcome.dim).toBe(384);
    expect(outcome.added.every((entry) => entry.embedding === 384 && entry.kind === "Float32Array")).toBe(true);
    expect(outcome.results).toHaveLength(3);
    expect(outcome.results[0]).toMatchObject({ text: "The capital of France is Paris", metadata: { category: "geography" } });
    const scores = outcome.results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.every((score) => Number.isFinite(score))).toBe(true);
    expect(outcome.geography).toEqual(["The capital of France is Paris", "France is in Europe"]);
    expect(outcome.info).toMatchObject({ count: 3, dim: 384, simd: true });
  });

  test("a second tab sees the memories the first added, and the first sees the second's", async () => {
    const second = await openAppInNewTab(context());
    try {
      const seen = await callPhoenix(second, async (phoenix, question) => (await phoenix.vectorKb.semanticSearch(question, 1))[0]?.text, QUESTION);
      expect(seen).toBe("The capital of France is Paris");
      await callPhoenix(second, (phoenix) => phoenix.vectorKb.addMemory("Rome is the capital of Italy", { category: "geography" }), undefined);
      const fromFirst = await callPhoenix(page(), async (phoenix) => (await phoenix.vectorKb.semanticSearch("capital of Italy", 1))[0]?.text, undefined);
      expect(fromFirst).toBe("Rome is the capital of Italy");
      expect(pageErrors(second)).toEqual([]);
    } finally {
      await second.close();
    }
  });

  test("after a reload the same search gives the same answer", async () => {
    const before = await callPhoenix(page(), (phoenix, question) => phoenix.vectorKb.semanticSearch(question, 4), QUESTION);
    await reloadApp(page());
    const after = await callPhoenix(page(), (phoenix, question) => phoenix.vectorKb.semanticSearch(question, 4), QUESTION);
    expect(after).toEqual(before);
    expect(await callPhoenix(page(), (phoenix) => phoenix.vectorKb.count(), undefined)).toBe(4);
  });

  test("entries are stored one per record with a binary embedding; counts() counts memories", async () => {
    const stored = await callPhoenix(
      page(),
      async (phoenix) => {
        const [first] = await phoenix.vectorKb.all();
        const record = await phoenix.db.get("vector_kb", first!.id);
        return {
          binary: record?.embedding instanceof Uint8Array,
          bytes: record?.embedding.byteLength,
          text: record?.text,
          count: (await phoenix.counts()).vector_kb,
        };
      },
      undefined,
    );
    expect(stored).toEqual({ binary: true, bytes: 384 * 4, text: "The capital of France is Paris", count: 4 });
  });

  test("bad input fails with typed errors; an error raised in the worker keeps its code", async () => {
    const errors = await callPhoenix(
      page(),
      async (phoenix) => {
        const codeOf = async (action: () => Promise<unknown>) => {
          try {
            await action();
            return "no error";
          } catch (error) {
            return `${(error as Error).name}:${(error as { code?: string }).code}`;
          }
        };
        const open = (window as unknown as { openPhoenix: typeof import("../../src/index.js").openPhoenix }).openPhoenix;
        // An embedder that claims 8 dimensions but returns 5: the worker refuses its vectors.
        const wrong = await open({
          name: `wrong-dim-${Date.now()}`,
          vectorKb: {
            embedder: {
              dim: 8,
              id: "wrong",
              encode: () => new Float32Array(5),
              encodeMany: (texts: readonly string[]) => texts.map(() => new Float32Array(5)),
            },
          },
        });
        const result = {
          notText: await codeOf(() => phoenix.vectorKb.addMemory(42 as unknown as string)),
          topKZero: await codeOf(() => phoenix.vectorKb.semanticSearch("x", 0)),
          topKHuge: await codeOf(() => phoenix.vectorKb.semanticSearch("x", 1e9)),
          badFilter: await codeOf(() => phoenix.vectorKb.semanticSearch("x", 3, { filter: "geo" as never })),
          dimMismatch: await codeOf(() => wrong.vectorKb.addMemory("hello")),
          count: await phoenix.vectorKb.count(),
        };
        wrong.close();
        return result;
      },
      undefined,
    );
    expect(errors).toEqual({
      notText: "PhoenixError:INVALID_VALUE",
      topKZero: "PhoenixError:INVALID_ARGUMENT",
      topKHuge: "PhoenixError:INVALID_ARGUMENT",
      badFilter: "PhoenixError:INVALID_ARGUMENT",
      dimMismatch: "PhoenixError:DIM_MISMATCH",
      count: 4,
    });
  });

  test("an empty or symbol-only query gives defined scores", async () => {
    const scores = await callPhoenix(page(), async (phoenix) => (await phoenix.vectorKb.semanticSearch("?!", 5)).map((r) => r.score), undefined);
    expect(scores).toEqual([0, 0, 0, 0]);
    expect(pageErrors(page())).toEqual([]);
  });
});

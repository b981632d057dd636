/**
 * The optional sentence model (phoenix.models) in real Chromium against the built app, with the tiny
 * BERT-shaped model of scripts/make-tiny-model.mjs served by a stand-in for the model hub on another
 * origin: download with progress and pinned digests, tokenisation, mean pooling and normalisation
 * (checked against the model's own tables, computed here), the switch with its background re-embed,
 * resumed after a reload, offline use from the origin's storage, fallback on a damaged file, removal.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { callPhoenix, launchBrowser, openApp, pageErrors, reloadApp, setOffline } from "./helpers/browser.js";
// @ts-expect-error: a plain .mjs script without type declarations
import { TINY_DIM, tinyEmbeddingTable, tinyVocab } from "../../scripts/tiny-model.mjs";

const MODEL = "phoenix/tiny-bert-384";
const SPOUSE = "What does my spouse do for a living?";
const HELEN = "Helen works night shifts as a nurse";
const OTHERS = ["The capital of France is Paris", "My dog likes the park in the morning", "We bought a cake for the birthday party"];

/** What the model must give: the mean of the token rows ([CLS] and [SEP] included), unit length. */
function expectedVector(tokens: readonly string[]): number[] {
  const vocab = tinyVocab() as Record<string, number>;
  const table = tinyEmbeddingTable() as Float32Array;
  const sum = new Float64Array(TINY_DIM as number);
  for (const token of tokens) {
    const row = vocab[token]!;
    for (let d = 0; d < sum.length; d += 1) sum[d]! += table[row * sum.length + d]!;
  }
  const mean = Array.from(sum, (value) => value / tokens.length);
  const norm = Math.hypot(...mean);
  return mean.map((value) => value / norm);
}

async function download(page: Page, baseUrl: string) {
  return callPhoenix(
    page,
    async (phoenix, args) => {
      const progress: Array<{ phase: string; done: number; total: number }> = [];
      try {
        const model = await phoenix.models.download({ model: args.model, baseUrl: args.baseUrl, onProgress: (p) => progress.push(p) });
        return { model, progress };
      } catch (error) {
        const e = error as { code?: string; subject?: string; message?: string };
        return { error: { code: e.code, subject: e.subject, message: e.message }, progress };
      }
    },
    { model: MODEL, baseUrl },
  );
}

describe("phoenix.models with the tiny test model", () => {
  let context: BrowserContext;
  let page: Page;
  const hub = inject("hubUrl");

  beforeAll(async () => {
    context = await launchBrowser();
    page = await openApp(context);
  });

  afterAll(async () => {
    await context?.close();
  });

  test("a download whose file does not match the pinned SHA-256 is refused and stores nothing", async () => {
    const outcome = await download(page, `${hub}corrupt/{model}/`);
    expect(outcome.error).toMatchObject({ code: "MODEL_UNAVAILABLE", subject: "digest-mismatch" });
    expect(outcome.error?.message).toContain("onnx/model_quantized.onnx");
    const after = await callPhoenix(page, async (phoenix) => ({ list: await phoenix.models.list(), status: await phoenix.models.status() }), undefined);
    expect(after.list).toEqual([]);
    expect(after.status.active).toBe("hash");
  });

  test("downloads from the configured base URL with progress, pinned digests and its size", async () => {
    await callPhoenix(page, (phoenix, url) => phoenix.models.setBaseUrl(url), `${hub}{model}/`);
    const outcome = await callPhoenix(
      page,
      async (phoenix, model) => {
        const progress: Array<{ phase: string; done: number; total: number }> = [];
        const stored = await phoenix.models.download({ model, onProgress: (p) => progress.push(p) });
        return { stored, progress, list: await phoenix.models.list(), status: await phoenix.models.status() };
      },
      MODEL,
    );
    expect(outcome.status.baseUrl).toBe(`${hub}{model}/`);
    expect(outcome.stored).toMatchObject({ id: MODEL, embedderId: `model:${MODEL}`, source: "download", dim: 384 });
    expect(outcome.stored.files.map((file) => file.name).sort()).toEqual(["config.json", "onnx/model_quantized.onnx", "tokenizer.json", "tokenizer_config.json"]);
    expect(outcome.stored.files.every((file) => file.pinned && /^[0-9a-f]{64}$/.test(file.sha256))).toBe(true);
    expect(outcome.stored.size).toBe(outcome.stored.files.reduce((sum, file) => sum + file.bytes, 0));
    expect(outcome.stored.size).toBeGreaterThan(400_000);
    expect(outcome.list).toEqual([outcome.stored]);
    expect(outcome.progress.length).toBeGreaterThan(1);
    const last = outcome.progress.at(-1)!;
    expect(last).toMatchObject({ phase: "download", done: outcome.stored.size, total: outcome.stored.size });
    expect(outcome.progress.every((p, i) => i === 0 || p.done >= outcome.progress[i - 1]!.done)).toBe(true);
    expect(outcome.status.active).toBe("hash");
  });

  test("tokenises the WordPiece way and pools the token vectors into one unit vector", async () => {
    const outcome = await callPhoenix(
      page,
      async (phoenix, args) => ({
        tokens: await phoenix.models.tokenize(args.text, { model: args.model }),
        vectors: (await phoenix.models.embed([args.text, "Walking"], { model: args.model })).map((v) => Array.from(v)),
      }),
      { model: MODEL, text: "What does my Spouse do for a living? Zyxwv" },
    );
    const vocab = tinyVocab() as Record<string, number>;
    expect(outcome.tokens.tokens).toEqual(["[CLS]", "what", "does", "my", "spouse", "do", "for", "a", "living", "?", "[UNK]", "[SEP]"]);
    expect(outcome.tokens.ids).toEqual(outcome.tokens.tokens.map((token) => vocab[token]));
    const [sentence, walking] = outcome.vectors;
    expect(sentence).toHaveLength(384);
    expect(Math.hypot(...sentence!)).toBeCloseTo(1, 5);
    const expected = expectedVector(outcome.tokens.tokens);
    sentence!.forEach((value, d) => expect(value).toBeCloseTo(expected[d]!, 5));
    // An unknown word splits into known pieces: walk + ##ing.
    const pieces = expectedVector(["[CLS]", "walk", "##ing", "[SEP]"]);
    walking!.forEach((value, d) => expect(value).toBeCloseTo(pieces[d]!, 5));
  });

  test("switching re-embeds every entry with progress; then searches use the model, and switching back is instant", async () => {
    const outcome = await callPhoenix(
      page,
      async (phoenix, args) => {
        await phoenix.vectorKb.addMemories([args.helen, ...args.others].map((text) => ({ text })));
        const before = await phoenix.vectorKb.semanticSearch(args.spouse, 4);
        const progress: Array<{ phase: string; done: number; total: number }> = [];
        const status = await phoenix.models.use(args.model, { onProgress: (p) => progress.push(p) });
        const withModel = await phoenix.vectorKb.semanticSearch(args.spouse, 4);
        const context = await phoenix.context.search(args.spouse, { topK: 3, sources: ["vector_kb"] });
        const back = await phoenix.models.use("hash");
        const hashAgain = await phoenix.vectorKb.semanticSearch(args.spouse, 4);
        const again = await phoenix.models.use(args.model);
        const added = await phoenix.vectorKb.addMemory("My wife Anna is a doctor at the hospital");
        const afterAdd = await phoenix.vectorKb.semanticSearch("husband job", 2);
        return { before, progress, status, withModel, context: context.map((hit) => hit.text), added: added.id, afterAdd, back, hashAgain, again };
      },
      { model: MODEL, spouse: SPOUSE, helen: HELEN, others: OTHERS },
    );
    // The hash embedder shares only "a" between the question and Helen's entry.
    expect(outcome.before.find((hit) => hit.text === HELEN)?.score ?? 0).toBeLessThan(0.2);
    expect(outcome.status).toMatchObject({ active: MODEL });
    expect(outcome.status.target).toBeUndefined();
    expect(outcome.progress.at(-1)).toEqual({ phase: "reembed", done: 4, total: 4 });
    expect(outcome.withModel[0]).toMatchObject({ text: HELEN });
    expect(outcome.withModel[0]!.score).toBeGreaterThan(0.5);
    expect(outcome.context[0]).toBe(HELEN);
    // An entry added while the model is in charge gets its vector at once.
    expect(outcome.afterAdd.map((hit) => hit.id)).toContain(outcome.added);
    expect(outcome.back.active).toBe("hash");
    expect(outcome.hashAgain).toEqual(outcome.before);
    expect(outcome.again.active).toBe(MODEL);
  });

  test("after a reload offline, the stored model and the runtime load from this origin", async () => {
    await setOffline(context, true);
    try {
      await reloadApp(page);
      const outcome = await callPhoenix(
        page,
        async (phoenix, spouse) => ({ status: await phoenix.models.status(), hits: await phoenix.vectorKb.semanticSearch(spouse, 1) }),
        SPOUSE,
      );
      expect(outcome.status.error).toBeUndefined();
      expect(outcome.status.active).toBe(MODEL);
      expect(outcome.hits[0]?.text).toBe(HELEN);
    } finally {
      await setOffline(context, false);
    }
  });

  test("a stored file damaged on disk leaves the hash embedder in charge with MODEL_UNAVAILABLE; nothing else changes", async () => {
    const before = await callPhoenix(page, async (phoenix) => (await phoenix.vectorKb.all()).map((entry) => [entry.id, entry.text]), undefined);
    await page.evaluate(async () => {
      const cache = await caches.open("phoenix-models");
      for (const request of await cache.keys()) {
        if (!request.url.endsWith("model_quantized.onnx")) continue;
        const bytes = new Uint8Array(await (await cache.match(request))!.arrayBuffer());
        bytes[100] = bytes[100]! ^ 0xff;
        await cache.put(request, new Response(bytes));
      }
    });
    await reloadApp(page);
    const outcome = await callPhoenix(
      page,
      async (phoenix, spouse) => ({
        hits: await phoenix.vectorKb.semanticSearch(spouse, 4),
        status: await phoenix.models.status(),
        entries: (await phoenix.vectorKb.all()).map((entry) => [entry.id, entry.text]),
        use: await phoenix.models.use("phoenix/tiny-bert-384").then(
          () => "switched",
          (error: { code?: string; subject?: string }) => `${error.code}:${error.subject}`,
        ),
      }),
      SPOUSE,
    );
    expect(outcome.status.active).toBe("hash");
    expect(outcome.status.error).toMatchObject({ code: "MODEL_UNAVAILABLE", reason: "digest-mismatch" });
    expect(outcome.hits.find((hit) => hit.text === HELEN)?.score ?? 0).toBeLessThan(0.2);
    expect(outcome.entries).toEqual(before);
    expect(outcome.use).toBe("MODEL_UNAVAILABLE:digest-mismatch");
  });

  test("removing the model frees its storage and the hash embedder answers", async () => {
    const outcome = await callPhoenix(
      page,
      async (phoenix, model) => ({
        removed: await phoenix.models.remove(model),
        list: await phoenix.models.list(),
        status: await phoenix.models.status(),
        keys: (await (await caches.open("phoenix-models")).keys()).length,
        again: await phoenix.models.remove(model),
      }),
      MODEL,
    );
    expect(outcome).toMatchObject({ removed: true, list: [], keys: 0, again: false });
    expect(outcome.status.active).toBe("hash");
  });

  test("a switch resumes after a reload; until it is complete, searches answer on the hash vectors", async () => {
    const stored = await download(page, `${hub}{model}/`);
    expect(stored.error).toBeUndefined();
    await callPhoenix(
      page,
      async (phoenix, args) => {
        const texts = Array.from({ length: 3000 }, (_, i) => `note ${i}: ${args.words[i % args.words.length]} and the ${args.words[(i * 7) % args.words.length]}`);
        await phoenix.vectorKb.addMemories(texts.map((text) => ({ text })));
        const seen: Array<{ done: number; total: number }> = [];
        (window as unknown as { seen: typeof seen }).seen = seen;
        void phoenix.models.use(args.model, { onProgress: (p) => seen.push(p) }).catch(() => undefined);
      },
      { model: MODEL, words: ["dog", "city", "cake", "music", "garden", "train", "coffee", "school"] },
    );
    const doneBefore = await page.evaluate(async () => {
      const seen = () => (window as unknown as { seen: Array<{ done: number; total: number }> }).seen;
      while (!seen().some((p) => p.done > 0 && p.done < p.total)) await new Promise((resolve) => setTimeout(resolve, 5));
      return Math.max(...seen().map((p) => p.done));
    });
    await reloadApp(page);
    const outcome = await callPhoenix(
      page,
      async (phoenix, args) => {
        const during = await phoenix.models.status();
        const hits = await phoenix.vectorKb.semanticSearch(args.spouse, 1);
        const progress: Array<{ done: number; total: number }> = [];
        const done = await phoenix.models.use(args.model, { onProgress: (p) => progress.push(p) });
        return { during, hits, done, progress, count: await phoenix.vectorKb.count() };
      },
      { model: MODEL, spouse: SPOUSE },
    );
    expect(outcome.during).toMatchObject({ active: "hash", target: MODEL });
    expect(outcome.during.reembed!.done).toBeGreaterThanOrEqual(doneBefore);
    expect(outcome.during.reembed!.total).toBe(outcome.count);
    expect(outcome.hits[0]?.text).not.toBe(HELEN);
    // Resumed, not restarted: the first report after the reload starts where the last batch written ended.
    expect(outcome.progress[0]!.done).toBeGreaterThanOrEqual(doneBefore);
    expect(outcome.progress.at(-1)).toMatchObject({ done: outcome.count, total: outcome.count });
    expect(outcome.done).toMatchObject({ active: MODEL });
    expect(outcome.done.target).toBeUndefined();
  });

  test("cancelling a switch keeps the embedder in charge and the vectors made so far", async () => {
    const outcome = await callPhoenix(
      page,
      async (phoenix, model) => {
        await phoenix.models.use("hash");
        await phoenix.models.remove(model);
        return { status: await phoenix.models.status(), list: await phoenix.models.list() };
      },
      MODEL,
    );
    expect(outcome.status.active).toBe("hash");
    expect(outcome.list).toEqual([]);
    const stored = await download(page, `${hub}{model}/`);
    expect(stored.error).toBeUndefined();
    const cancelled = await callPhoenix(
      page,
      async (phoenix, model) => {
        const controller = new AbortController();
        let doneAtAbort = 0;
        const error = await phoenix.models
          .use(model, {
            signal: controller.signal,
            onProgress: (p) => {
              if (p.done > 0 && !controller.signal.aborted) {
                doneAtAbort = p.done;
                controller.abort();
              }
            },
          })
          .then(
            () => undefined,
            (e: { code?: string }) => e.code,
          );
        const status = await phoenix.models.status();
        const progress: Array<{ done: number }> = [];
        await phoenix.models.use(model, { onProgress: (p) => progress.push(p) });
        return { error, status, doneAtAbort, firstAfter: progress[0]?.done ?? -1 };
      },
      MODEL,
    );
    expect(cancelled.error).toBe("ABORTED");
    expect(cancelled.status.active).toBe("hash");
    expect(cancelled.status.target).toBeUndefined();
    expect(cancelled.doneAtAbort).toBeGreaterThan(0);
    expect(cancelled.firstAfter).toBeGreaterThanOrEqual(cancelled.doneAtAbort);
    expect(pageErrors(page)).toEqual([]);
  });

  test("bad arguments are typed errors that change nothing", async () => {
    const outcome = await callPhoenix(
      page,
      async (phoenix) => {
        const code = (promise: Promise<unknown>) => promise.then(() => "resolved", (e: { code?: string }) => e.code);
        const before = await phoenix.models.status();
        return {
          badUrl: await code(phoenix.models.setBaseUrl("ftp://example.org/")),
          notUrl: await code(phoenix.models.setBaseUrl("not a url")),
          badId: await code(phoenix.models.download({ model: "../etc" })),
          unknown: await code(phoenix.models.use("nobody/none")),
          emptyImport: await code(phoenix.models.import([])),
          tokenizeNoModel: await code(phoenix.models.tokenize("x", { model: "nobody/none" })),
          same: JSON.stringify(await phoenix.models.status()) === JSON.stringify(before),
        };
      },
      undefined,
    );
    expect(outcome).toEqual({
      badUrl: "INVALID_ARGUMENT",
      notUrl: "INVALID_ARGUMENT",
      badId: "INVALID_ARGUMENT",
      unknown: "MODEL_NOT_FOUND",
      emptyImport: "INVALID_ARGUMENT",
      tokenizeNoModel: "MODEL_NOT_FOUND",
      same: true,
    });
  });
});

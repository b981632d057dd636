/**
 * The sentence-model embedder: onnxruntime-web runs the ONNX graph, @huggingface/tokenizers reads
 * tokenizer.json, and the token vectors (last_hidden_state) are mean pooled over the attention mask
 * and L2 normalised, as the sentence-transformers model cards say. This module is imported
 * dynamically by the worker only when a model is turned on, so the runtime (a few MB of wasm) is
 * never part of the app shell or the default path; its files are cached apart from the precache.
 */
import * as ort from "onnxruntime-web/wasm";
import wasmUrl from "onnxruntime-web/ort-wasm-simd-threaded.wasm?url";
import { Tokenizer } from "@huggingface/tokenizers";
import type { Embedder } from "../../src/shared/embedder.js";
import type { ModelFailure, StoredModel, Tokenized } from "../../src/models/types.js";
import { ONNX_FILE } from "../../src/models/known.js";
import { unavailable } from "./store.js";
import { meanPoolNormalised } from "./pooling.js";

/** workers/sw.ts serves these files from here, so a model turned on once keeps working offline. */
const MODEL_RUNTIME_CACHE = "phoenix-model-runtime";

/**
 * Keeps this module and the runtime's wasm in the runtime cache. The service worker does the same
 * for the requests it sees, but not for those made before it controlled the page (a first visit).
 */
async function keepRuntimeOffline(): Promise<void> {
  if (typeof caches === "undefined") return;
  const cache = await caches.open(MODEL_RUNTIME_CACHE);
  for (const url of [import.meta.url, new URL(wasmUrl, self.location.href).href]) {
    if (!/^https?:/.test(url) || (await cache.match(url))) continue;
    const response = await fetch(url);
    if (response.ok) await cache.put(url, response);
  }
}

/** Texts run through the model this many at a time (one padded batch). */
const BATCH = 16;
/** Longest input in tokens when the tokenizer config gives none (MiniLM was trained on 256). */
const DEFAULT_MAX_TOKENS = 256;

function failure(error: unknown): ModelFailure {
  const message = error instanceof Error ? error.message : String(error);
  return /out of memory|memory access out of bounds|allocation|RangeError/i.test(message) ? "out-of-memory" : "run-failed";
}

export class TransformerEmbedder implements Embedder {
  readonly id: string;
  readonly dim: number;
  private readonly session: ort.InferenceSession;
  private readonly tokenizer: Tokenizer;
  private readonly maxTokens: number;
  private readonly wantsTypeIds: boolean;

  private constructor(model: StoredModel, session: ort.InferenceSession, tokenizer: Tokenizer, maxTokens: number) {
    this.id = model.embedderId;
    this.dim = model.dim;
    this.session = session;
    this.tokenizer = tokenizer;
    this.maxTokens = maxTokens;
    this.wantsTypeIds = session.inputNames.includes("token_type_ids");
  }

  /** Builds the tokenizer and the ONNX session from the stored files. */
  static async load(model: StoredModel, files: ReadonlyMap<string, Uint8Array<ArrayBuffer>>): Promise<TransformerEmbedder> {
    const json = (name: string): Record<string, unknown> => {
      const bytes = files.get(name);
      if (!bytes) return {};
      try {
        return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
      } catch (error) {
        throw unavailable("bad-file", `${name} is not JSON.`, error);
      }
    };
    const onnx = files.get(ONNX_FILE);
    if (!onnx) throw unavailable("missing-file", `${model.id} has no ${ONNX_FILE}.`);
    let tokenizer: Tokenizer;
    const tokenizerConfig = json("tokenizer_config.json");
    try {
      tokenizer = new Tokenizer(json("tokenizer.json"), tokenizerConfig);
    } catch (error) {
      throw unavailable("bad-file", "tokenizer.json could not be read.", error);
    }
    // One thread: several need cross-origin isolation, which the app does not ask for.
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, self.location.href).href };
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(onnx, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
    } catch (error) {
      const reason = failure(error);
      throw unavailable(reason === "out-of-memory" ? reason : "load-failed", `The ONNX model could not be loaded: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    if (!session.outputNames.includes("last_hidden_state") || !session.inputNames.includes("input_ids")) {
      throw unavailable("load-failed", "The ONNX model has no input_ids input or last_hidden_state output.");
    }
    void keepRuntimeOffline().catch(() => undefined);
    const configured = tokenizerConfig.model_max_length;
    const maxTokens = typeof configured === "number" && configured > 2 && configured <= 512 ? configured : DEFAULT_MAX_TOKENS;
    return new TransformerEmbedder(model, session, tokenizer, maxTokens);
  }

  tokenize(text: string): Tokenized {
    const encoded = this.tokenizer.encode(text);
    let { ids, tokens } = encoded;
    if (ids.length > this.maxTokens) {
      // Keep [CLS] … and the closing [SEP]: the model saw every input end that way.
      ids = [...ids.slice(0, this.maxTokens - 1), ids[ids.length - 1]!];
      tokens = [...tokens.slice(0, this.maxTokens - 1), tokens[tokens.length - 1]!];
    }
    return { ids, tokens };
  }

  async encode(text: string): Promise<Float32Array> {
    return (await this.encodeMany([text]))[0]!;
  }

  async encodeMany(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let from = 0; from < texts.length; from += BATCH) out.push(...(await this.runBatch(texts.slice(from, from + BATCH))));
    return out;
  }

  private async runBatch(texts: readonly string[]): Promise<Float32Array[]> {
    const encoded = texts.map((text) => this.tokenize(text).ids);
    const length = Math.max(...encoded.map((ids) => ids.length));
    const count = encoded.length;
    const ids = new BigInt64Array(count * length);
    const mask = new BigInt64Array(count * length);
    encoded.forEach((row, r) =>
      row.forEach((id, c) => {
        ids[r * length + c] = BigInt(id);
        mask[r * length + c] = 1n;
      }),
    );
    const feeds: Record<string, ort.Tensor> = {
      input_ids: new ort.Tensor("int64", ids, [count, length]),
      attention_mask: new ort.Tensor("int64", mask, [count, length]),
    };
    if (this.wantsTypeIds) feeds.token_type_ids = new ort.Tensor("int64", new BigInt64Array(count * length), [count, length]);
    let hidden: ort.Tensor;
    try {
      const result = await this.session.run(feeds);
      hidden = result.last_hidden_state!;
    } catch (error) {
      throw unavailable(failure(error), `The model failed to run: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    const data = hidden.data as Float32Array;
    const dim = hidden.dims[2] ?? 0;
    if (dim !== this.dim) throw unavailable("run-failed", `The model gives ${dim} values per token; config.json says ${this.dim}.`);
    return encoded.map((row, r) => meanPoolNormalised(data, r * length * dim, row.length, dim));
  }
}

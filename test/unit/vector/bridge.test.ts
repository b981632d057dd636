import { afterEach, describe, expect, test, vi } from "vitest";
import type { Phoenix } from "../../../src/phoenix.js";
import { createVectorKb, type VectorKbHandle } from "../../../src/vector/kb.js";
import { startVectorWorker, type WorkerLike } from "../../../src/vector/bridge.js";
import { HashEmbedder, type Embedder } from "../../../src/shared/embedder.js";
import { PhoenixError } from "../../../src/errors.js";
import { freshName, freshPhoenix } from "../../helpers/db.js";
import { failure, SEED_MEMORIES } from "./helpers.js";
import { referenceEmbed } from "./reference.js";

const toClose: Array<{ close(): void }> = [];
afterEach(() => {
  for (const item of toClose.splice(0)) item.close();
});

function kbFor(options: Partial<Parameters<typeof createVectorKb>[0]> = {}): VectorKbHandle {
  const kb = createVectorKb({ dbName: freshName("bridge"), ...options });
  toClose.push(kb);
  return kb;
}

async function phoenix(): Promise<Phoenix> {
  const opened = await freshPhoenix();
  toClose.push(opened);
  return opened;
}

describe("phoenix.vectorKb through comlink", () => {
  test("the seed's use case 3 through the facade", async () => {
    const { vectorKb } = await phoenix();
    expect(vectorKb.embeddingDim).toBe(384);
    for (const { text, metadata } of SEED_MEMORIES) await vectorKb.addMemory(text, metadata);
    const results = await vectorKb.semanticSearch("What is the capital of France?", 3);
    expect(results[0]).toMatchObject({ text: "The capital of France is Paris", metadata: { category: "geography" } });
    expect(results).toHaveLength(3);
    expect(await vectorKb.count()).toBe(3);
  });

  test("counts() of the facade counts one vector_kb record per memory", async () => {
    const opened = await phoenix();
    await opened.vectorKb.addMemories(SEED_MEMORIES);
    expect((await opened.counts()).vector_kb).toBe(3);
  });

  test("entries cross as Float32Array embeddings equal to the seed's", async () => {
    const kb = kbFor();
    const [entry] = await kb.addMemories([{ text: "Paris", metadata: { a: 1 } }]);
    expect(entry!.embedding).toBeInstanceOf(Float32Array);
    expect(Array.from(entry!.embedding)).toEqual(Array.from(referenceEmbed("Paris")));
    const all = await kb.all();
    expect(all).toEqual([entry]);
    expect(await kb.get(entry!.id)).toEqual(entry);
    expect(await kb.remove(entry!.id)).toBe(true);
    expect(await kb.get(entry!.id)).toBeUndefined();
  });

  test("bad input is refused on the page with typed errors, before the worker starts", async () => {
    const kb = kbFor();
    expect(await failure(() => kb.addMemory(5 as unknown as string))).toMatchObject({ code: "INVALID_VALUE" });
    expect(await failure(() => kb.addMemory("x", { f: () => 1 } as never))).toMatchObject({ code: "INVALID_VALUE" });
    expect(await failure(() => kb.semanticSearch("x", 0))).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(await failure(() => kb.semanticSearch("x", 1e9))).toMatchObject({ code: "INVALID_ARGUMENT" });
    expect(await failure(() => kb.get(""))).toMatchObject({ code: "INVALID_KEY" });
    expect(kb.workerStarted).toBe(false);
  });

  test("errors raised in the worker keep their PhoenixError code across comlink", async () => {
    const name = freshName("bridge");
    const first = kbFor({ dbName: name });
    await first.addMemories(SEED_MEMORIES);
    first.close();
    const other = kbFor({ dbName: name, embedder: new WrongDim(16) });
    const error = await failure(() => other.count());
    expect(error).toBeInstanceOf(PhoenixError);
    expect(error).toMatchObject({ code: "DIM_MISMATCH" });
  });

  test("a custom embedder runs on the page, proxied to the worker; wrong sizes are DIM_MISMATCH", async () => {
    const embedder = new WrongDim(8, 5);
    const kb = kbFor({ embedder });
    expect(kb.embeddingDim).toBe(8);
    expect(await failure(() => kb.addMemory("x"))).toMatchObject({ code: "DIM_MISMATCH" });
    expect(embedder.calls).toBeGreaterThan(0);
    const good = kbFor({ embedder: new WrongDim(8) });
    const entry = await good.addMemory("hello");
    expect(entry.embedding).toHaveLength(8);
    expect((await good.semanticSearch("hello", 1))[0]!.id).toBe(entry.id);
  });

  test("an embedder without a usable dim or encodeMany is refused when the knowledge base is made", () => {
    for (const embedder of [{ dim: 0 }, { dim: 1.5 }, { dim: 10_000 }, { dim: 8 }]) {
      expect(() => createVectorKb({ dbName: freshName("bridge"), embedder: embedder as unknown as Embedder })).toThrow(
        expect.objectContaining({ code: "INVALID_ARGUMENT" }),
      );
    }
  });

  test("an already aborted signal fails at once and sends nothing", async () => {
    const kb = kbFor();
    const controller = new AbortController();
    controller.abort();
    expect(await failure(() => kb.semanticSearch("x", 5, { signal: controller.signal }))).toMatchObject({ code: "ABORTED" });
    expect(await failure(() => kb.addMemory("x", {}, { signal: controller.signal }))).toMatchObject({ code: "ABORTED" });
    expect(kb.workerStarted).toBe(false);
  });

  test("aborting a search rejects it with ABORTED at once", async () => {
    const gate = new GatedEmbedder();
    const kb = kbFor({ embedder: gate });
    await kb.count();
    gate.hold();
    const controller = new AbortController();
    const search = kb.semanticSearch("x", 5, { signal: controller.signal });
    await vi.waitFor(() => expect(gate.waiting).toBe(1));
    controller.abort();
    expect(await failure(() => search)).toMatchObject({ code: "ABORTED" });
    gate.release();
  });

  test("aborting a write before it commits stores nothing", async () => {
    const gate = new GatedEmbedder();
    const kb = kbFor({ embedder: gate });
    await kb.count();
    gate.hold();
    const controller = new AbortController();
    const adding = kb.addMemories(SEED_MEMORIES, { signal: controller.signal });
    await vi.waitFor(() => expect(gate.waiting).toBe(1));
    controller.abort();
    gate.release();
    expect(await failure(() => adding)).toMatchObject({ code: "ABORTED" });
    expect(await kb.count()).toBe(0);
  });

  test("the worker stops when idle and starts again on the next call, data intact", async () => {
    const kb = kbFor({ idleMs: 20 });
    await kb.addMemories(SEED_MEMORIES);
    expect(kb.workerStarted).toBe(true);
    await vi.waitFor(() => expect(kb.workerStarted).toBe(false), { timeout: 5000 });
    expect((await kb.semanticSearch("What is the capital of France?", 1))[0]!.text).toBe("The capital of France is Paris");
    expect(kb.workerStarted).toBe(true);
  });

  test("a worker that dies fails its calls with WORKER_FAILED instead of leaving them hanging", async () => {
    let started = 0;
    const kb = kbFor({
      createWorker: () => {
        started += 1;
        return started === 1 ? new DyingWorker() : startVectorWorker();
      },
    });
    expect(await failure(() => kb.count())).toMatchObject({ code: "WORKER_FAILED" });
    expect(await kb.count()).toBe(0);
    expect(started).toBe(2);
  });

  test("after close, every call fails with DB_CLOSED", async () => {
    const opened = await freshPhoenix();
    await opened.vectorKb.addMemory("x");
    opened.close();
    expect(await failure(() => opened.vectorKb.count())).toMatchObject({ code: "DB_CLOSED" });
  });

  test("two instances on one database (two tabs) see each other's writes", async () => {
    const name = freshName("bridge");
    const tabA = kbFor({ dbName: name });
    const tabB = kbFor({ dbName: name });
    expect(await tabB.count()).toBe(0);
    const [paris] = await tabA.addMemories(SEED_MEMORIES);
    expect((await tabB.semanticSearch("What is the capital of France?", 1))[0]!.id).toBe(paris!.id);
  });

  test("reload picks up entries written behind the worker's back", async () => {
    const name = freshName("bridge");
    const kb = kbFor({ dbName: name });
    await kb.addMemory("first");
    await kb.reload({ rebuild: true });
    expect(await kb.count()).toBe(1);
    expect((await kb.info()).count).toBe(1);
  });
});

/** A hash embedder of `dim` that can be made to return vectors of the wrong size. */
class WrongDim implements Embedder {
  readonly id = "test-wrong-dim";
  calls = 0;
  private readonly inner: HashEmbedder;
  constructor(
    readonly dim: number,
    private readonly returns = dim,
  ) {
    this.inner = new HashEmbedder(dim);
  }
  encode(text: string): Float32Array {
    return this.encodeMany([text])[0]!;
  }
  encodeMany(texts: readonly string[]): Float32Array[] {
    this.calls += 1;
    return texts.map((text) => this.inner.encode(text).slice(0, this.returns));
  }
}

/** Embeds like the default, but can hold every call until released. */
class GatedEmbedder implements Embedder {
  readonly id = "test-gated";
  readonly dim = 384;
  waiting = 0;
  private held = false;
  private releases: Array<() => void> = [];
  private readonly inner = new HashEmbedder();
  hold(): void {
    this.held = true;
  }
  release(): void {
    this.held = false;
    for (const release of this.releases.splice(0)) release();
  }
  encode(text: string): Float32Array {
    return this.inner.encode(text);
  }
  async encodeMany(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.held) {
      this.waiting += 1;
      await new Promise<void>((resolve) => this.releases.push(resolve));
      this.waiting -= 1;
    }
    return this.inner.encodeMany(texts);
  }
}

/** A worker that crashes on its first message. */
class DyingWorker extends EventTarget implements WorkerLike {
  postMessage(): void {
    setTimeout(() => this.dispatchEvent(Object.assign(new Event("error"), { message: "boom" })), 0);
  }
  start(): void {}
  terminate(): void {}
}

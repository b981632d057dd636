/** Shared setup for the Vector KB engine tests: fresh databases, engines closed after each test. */
import { afterEach } from "vitest";
import { freshName } from "../../helpers/db.js";
import { HashEmbedder, type Embedder } from "../../../src/shared/embedder.js";
import { VectorEngine, type EngineOptions } from "../../../workers/vector/vector-engine.js";

const open: VectorEngine[] = [];

afterEach(() => {
  for (const engine of open.splice(0)) engine.close();
});

export async function openEngine(
  dbName = freshName("vector"),
  options: { embedder?: Embedder } & Partial<EngineOptions> = {},
): Promise<VectorEngine> {
  const { embedder = new HashEmbedder(), ...rest } = options;
  const engine = await VectorEngine.open(embedder, { dbName, ...rest });
  open.push(engine);
  return engine;
}

/** Catches the rejection of a promise (or the throw of a function) for `expect(...).toMatchObject`. */
export async function failure(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

export const SEED_MEMORIES = [
  { text: "The capital of France is Paris", metadata: { category: "geography" } },
  { text: "Paris is a beautiful city", metadata: { category: "travel" } },
  { text: "France is in Europe", metadata: { category: "geography" } },
];

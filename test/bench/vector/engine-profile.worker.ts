/**
 * Bench-only worker: opens the production Vector KB engine on a database the app's worker filled, and times
 * `semanticSearch` inside it (embed, int8 scan, exact re-rank, change check), without the page round trip.
 */
import { expose } from "comlink";
import { HashEmbedder } from "../../../src/shared/embedder.js";
import { VectorEngine } from "../../../workers/vector/vector-engine.js";

const api = {
  /** Per-query times in ms, after `warmUp` untimed searches. */
  async profile(dbName: string, queries: readonly string[], topK: number, warmUp: number): Promise<number[]> {
    const engine = await VectorEngine.open(new HashEmbedder(), { dbName });
    try {
      for (const query of queries.slice(0, warmUp)) await engine.semanticSearch(query, topK);
      const times: number[] = [];
      for (const query of queries) {
        const start = performance.now();
        await engine.semanticSearch(query, topK);
        times.push(performance.now() - start);
      }
      return times;
    } finally {
      engine.close();
    }
  },
};

expose(api);
export type EngineProfileApi = typeof api;

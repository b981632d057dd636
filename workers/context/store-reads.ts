/**
 * What the Context Engine's first search reads of the stores when it answers from the persisted
 * index before the Vector KB is loaded (searcher.ts, answerFromSnapshot): whether the index is still
 * in step (the Vector KB token and the Mind/cortex stamp in `meta`), and the metadata of its Vector
 * KB hits, read from their records instead of the engine's chunks.
 */
import { CONTEXT_STAMP_KEY, type JsonObject } from "../../src/db/schema.js";
import { TOKEN_KEY } from "../vector/vector-records.js";
import { readTx, request } from "../../src/db/write.js";
import type { WorkerContextOptions } from "./worker-types.js";

export function hasFilter(options: WorkerContextOptions): options is WorkerContextOptions & { filter: JsonObject } {
  return options.filter !== undefined && Object.keys(options.filter).length > 0;
}

/** The Vector KB's state token and the Mind/cortex stamp, as they are now, in one read. */
export async function readStamps(db: IDBDatabase): Promise<{ vectorToken: string | null; stamp: string | null }> {
  return readTx(db, ["meta"], async ({ meta }) => {
    const [token, stamp] = await Promise.all([request(meta.get(TOKEN_KEY)), request(meta.get(CONTEXT_STAMP_KEY))]);
    return { vectorToken: typeof token === "string" ? token : null, stamp: typeof stamp === "string" ? stamp : null };
  });
}

/** The metadata of Vector KB entries, read from their records ({} for one gone meanwhile). */
export async function readMetadata(db: IDBDatabase, ids: readonly string[]): Promise<JsonObject[]> {
  if (ids.length === 0) return [];
  return readTx(db, ["vector_kb"], async ({ vector_kb: store }) => {
    const records = await Promise.all(ids.map((id) => request(store.get(id))));
    return records.map((record) => (record as { metadata?: JsonObject } | undefined)?.metadata ?? {});
  });
}

/**
 * The Vector KB's state record in `meta` (VECTOR_STATE_KEY) and its guard. Written only by the search worker
 * (workers/vector/vector-records.ts); here, in shared code, so the one table of `meta` values
 * (src/db/meta.ts) can name its type and guard without the page importing worker code.
 */
export interface ChunkInfo {
  no: number;
  rev: number;
  count: number;
}

export interface VectorKbState {
  type: "vector-kb-state";
  version: 1;
  dim: number;
  /** Embedder id (HASH_EMBEDDER_ID for the default). */
  embedder: string;
  /** Bumped by every write. */
  gen: number;
  /** Changes with every write; also differs between two databases at the same gen. */
  token: string;
  nextSeq: number;
  nextChunk: number;
  /** In chunk-number order; the last one is the tail that appends fill first. */
  chunks: ChunkInfo[];
  /** Entry records the rebuild could not read (no string id or text): counted, never deleted. */
  ignored?: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

const isCount = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;

export function isVectorKbState(value: unknown): value is VectorKbState {
  if (!isObject(value) || value.type !== "vector-kb-state" || value.version !== 1) return false;
  const { dim, embedder, gen, token, nextSeq, nextChunk, chunks } = value;
  return (
    isCount(dim) && typeof embedder === "string" && isCount(gen) && typeof token === "string" && isCount(nextSeq) &&
    isCount(nextChunk) && (value.ignored === undefined || isCount(value.ignored)) && Array.isArray(chunks) &&
    chunks.every((chunk: unknown) => isObject(chunk) && isCount(chunk.no) && isCount(chunk.rev) && isCount(chunk.count))
  );
}

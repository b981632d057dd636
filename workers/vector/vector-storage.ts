/**
 * The Vector KB's IndexedDB reads (formats in vector-records.ts; writes in vector-commit.ts). Runs in the
 * search worker. Reads that must agree with each other share one read-only transaction, which sees a
 * consistent snapshot.
 */
import { PhoenixError } from "../../src/errors.js";
import { VECTOR_CHUNKS_STORE, type VectorRecord } from "../../src/db/schema.js";
import { readTx, request } from "../../src/db/write.js";
import { chunkCount, isVectorChunk, type VectorChunkRecord } from "./vector-chunk.js";
import { STATE_KEY, TOKEN_KEY, isVectorKbState, type VectorKbState } from "./vector-records.js";

export const ENTRIES = "vector_kb";
export const CHUNKS = VECTOR_CHUNKS_STORE;
export const META = "meta";
export const ALL = [ENTRIES, CHUNKS, META] as const;
/** Vector KB errors name no store: the message stays the one of the code (see toStorageError). */
const UNNAMED = { nameStores: false } as const;

export interface Snapshot {
  state: VectorKbState | undefined;
  /** Whether `vector_kb` holds any entry at all (one key read, not a count). */
  hasEntries: boolean;
  /** Every chunk the state lists was there, whole, and nothing else (entries are counted later). */
  consistent: boolean;
}

/**
 * Reads the state and every chunk in one snapshot, handing each chunk to `onChunk` as it arrives:
 * all reads are requested at once, so IndexedDB fetches the next chunks while the caller indexes
 * the current one. On an inconsistency the remaining chunks are skipped.
 */
export async function readSnapshot(
  db: IDBDatabase,
  handlers: { onState(state: VectorKbState): void; onChunk(chunk: VectorChunkRecord): void },
): Promise<Snapshot> {
  return readTx(db, ALL, async ({ vector_kb: entries, vector_chunks: chunkStore, meta }) => {
    const [stateValue, tokenValue, firstEntry, chunkCountValue] = await Promise.all([
      request(meta.get(STATE_KEY)),
      request(meta.get(TOKEN_KEY)),
      request(entries.getAllKeys(null, 1)),
      request(chunkStore.count()),
    ]);
    const state = isVectorKbState(stateValue) ? stateValue : undefined;
    const hasEntries = firstEntry.length > 0;
    if (!state || tokenValue !== state.token || chunkCountValue !== state.chunks.length) {
      return { state, hasEntries, consistent: false };
    }
    handlers.onState(state);
    const reads = state.chunks.map((info) => request(chunkStore.get(info.no)));
    for (const read of reads) read.catch(() => undefined);
    for (let i = 0; i < reads.length; i += 1) {
      const value = await reads[i]!;
      const info = state.chunks[i]!;
      if (!isVectorChunk(value, state.dim) || value.no !== info.no || value.rev !== info.rev || chunkCount(value) !== info.count) {
        return { state, hasEntries, consistent: false };
      }
      handlers.onChunk(value);
    }
    return { state, hasEntries, consistent: true };
  }, UNNAMED);
}

/**
 * Whether `vector_kb` holds as many entries as the state accounts for. Counting is linear in the
 * number of entries (about a second per 100,000 on a slow phone), so it runs after the first
 * answer, and after imports, not on every start.
 */
export async function countMatches(db: IDBDatabase): Promise<boolean> {
  return readTx(db, [ENTRIES, META], async ({ vector_kb: entries, meta }) => {
    const [stateValue, entryCount] = await Promise.all([request(meta.get(STATE_KEY)), request(entries.count())]);
    return isVectorKbState(stateValue) ? sumCounts(stateValue) === entryCount : entryCount === 0;
  }, UNNAMED);
}

export interface Changes {
  state: VectorKbState | undefined;
  /** Chunks whose revision differs from what the caller holds (new or rewritten). */
  changed: VectorChunkRecord[];
  /** Chunk numbers the caller holds that no longer exist. */
  gone: number[];
  consistent: boolean;
}

/** What changed since the caller's chunk revisions, in one snapshot. */
export async function readChanges(db: IDBDatabase, _dim: number, known: ReadonlyMap<number, number>): Promise<Changes> {
  return readTx(db, [CHUNKS, META], async ({ vector_chunks: chunks, meta }) => {
    const [stateValue, tokenValue] = await Promise.all([request(meta.get(STATE_KEY)), request(meta.get(TOKEN_KEY))]);
    const state = isVectorKbState(stateValue) ? stateValue : undefined;
    // State and token are always written together; apart, something else rewrote `meta`.
    if (!state || tokenValue !== state.token) return { state, changed: [], gone: [...known.keys()], consistent: false };
    const listed = new Map(state.chunks.map((chunk) => [chunk.no, chunk]));
    const stale = state.chunks.filter((chunk) => known.get(chunk.no) !== chunk.rev);
    const values = await Promise.all(stale.map((chunk) => request(chunks.get(chunk.no))));
    const changed = values.filter((value): value is VectorChunkRecord => isVectorChunk(value, state.dim));
    const consistent =
      changed.length === stale.length &&
      changed.every((chunk, i) => chunk.no === stale[i]!.no && chunk.rev === stale[i]!.rev && chunkCount(chunk) === stale[i]!.count);
    return { state, changed, gone: [...known.keys()].filter((no) => !listed.has(no)), consistent };
  }, UNNAMED);
}

/** The stored state alone (dimension, embedder, chunk list), or undefined when there is none. */
export async function readState(db: IDBDatabase): Promise<VectorKbState | undefined> {
  return readTx(db, [META], async ({ meta }) => {
    const value = await request(meta.get(STATE_KEY));
    return isVectorKbState(value) ? value : undefined;
  }, UNNAMED);
}

/** What a deferred open checks: vectors stored by another embedder cannot answer this one's queries. */
export async function assertStoredOwner(db: IDBDatabase, owner: { dim: number; embedder: string }): Promise<void> {
  const state = await readState(db);
  if (state) assertCompatible(state, owner);
}

/** The state token, read on every search to learn cheaply whether anything changed. */
export async function readToken(db: IDBDatabase): Promise<string | undefined> {
  return readTx(db, [META], async ({ meta }) => {
    const value = await request(meta.get(TOKEN_KEY));
    return typeof value === "string" ? value : undefined;
  }, UNNAMED);
}

/** Every entry record, with the token they were read at (for rebuilding the chunks). */
export async function readAllEntries(db: IDBDatabase): Promise<{ entries: VectorRecord[]; token: string | undefined }> {
  return readTx(db, [ENTRIES, META], async ({ vector_kb, meta }) => {
    const [entries, token] = await Promise.all([request(vector_kb.getAll()), request(meta.get(TOKEN_KEY))]);
    return { entries: entries as VectorRecord[], token: typeof token === "string" ? token : undefined };
  }, UNNAMED);
}

/** Stored vectors are only comparable with queries from the same embedder. */
export function assertCompatible(state: VectorKbState, owner: { dim: number; embedder: string }): void {
  if (state.chunks.length === 0) return;
  if (state.dim !== owner.dim) {
    throw new PhoenixError("DIM_MISMATCH", `The stored vectors have ${state.dim} dimensions; this embedder makes ${owner.dim}.`);
  }
  if (state.embedder !== owner.embedder) {
    throw new PhoenixError("EMBEDDER_MISMATCH", `Stored: "${state.embedder}"; this embedder: "${owner.embedder}".`);
  }
}

/** Entry records the state accounts for: those in chunks plus those a rebuild could not read. */
function sumCounts(state: VectorKbState): number {
  return state.chunks.reduce((sum, chunk) => sum + chunk.count, state.ignored ?? 0);
}

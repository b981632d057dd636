/**
 * The Vector KB's IndexedDB writes (formats in vector-records.ts). Runs in the search worker. Every write
 * touches `vector_kb`, `vector_chunks` and `meta` in one transaction, so the chunks always match the entries.
 */
import type { VectorRecord } from "../../src/db/schema.js";
import { request, writeTx, type TxStores } from "../../src/db/write.js";
import { buildChunk, chunkCount, chunkIds, isVectorChunk, withoutEntries, type VectorChunkRecord } from "./vector-chunk.js";
import { CHUNK_SIZE, STATE_KEY, TOKEN_KEY, emptyState, entryIds, isVectorKbState, newToken, type EncodedEntry, type VectorKbState } from "./vector-records.js";
import { ALL, assertCompatible } from "./vector-storage.js";

export interface WriteOutcome {
  /** The token before this write: equal to the caller's when nothing else wrote in between. */
  previousToken: string | undefined;
  state: VectorKbState;
  /** Chunks written (full new content), and chunk numbers deleted. */
  written: VectorChunkRecord[];
  deleted: number[];
}

export interface AddOutcome extends WriteOutcome {
  added: Array<{ id: string; seq: number; entry: EncodedEntry }>;
}

/** Entries to add, produced slice by slice inside the transaction (synchronously). */
export interface EntrySource {
  count: number;
  take(from: number, to: number): EncodedEntry[];
}

/** Entries go to IndexedDB in slices of this many, so the next slice is prepared while it writes. */
const SLICE = 512;

/**
 * Stores entries and their chunks in one transaction: all of them or none. `beforeCommit` runs
 * once every request is issued, while the transaction commits; if `source.take` throws, nothing
 * is stored.
 */
export async function commitAdd(
  db: IDBDatabase,
  owner: { dim: number; embedder: string },
  source: EntrySource,
  beforeCommit?: (outcome: AddOutcome) => void,
): Promise<AddOutcome> {
  return writeAll(db, async (stores) => {
    const stateValue = await request(stores.meta.get(STATE_KEY));
    const state = currentState(stateValue, owner);
    const previousToken = isVectorKbState(stateValue) ? stateValue.token : undefined;
    const gen = state.gen + 1;
    // Requests run in order: ask for the tail chunk before the puts, or its answer waits for them.
    const tail = state.chunks[state.chunks.length - 1];
    const tailRequest = tail && tail.count < CHUNK_SIZE ? request(stores.vector_chunks.get(tail.no)) : undefined;
    tailRequest?.catch(() => undefined);
    const ids = entryIds(state.nextSeq, source.count);
    const added: AddOutcome["added"] = [];
    for (let from = 0; from < source.count; from += SLICE) {
      const slice = source.take(from, Math.min(source.count, from + SLICE));
      for (const entry of slice) {
        const at = added.length;
        const id = ids[at]!;
        added.push({ id, seq: state.nextSeq + at, entry });
        // put, not add: the sequence number in every id is new, so no key can exist already,
        // and add's existence check costs time on every record.
        const record: VectorRecord = { id, text: entry.text, metadata: entry.metadata, embedding: entry.embedding, createdAt: entry.createdAt };
        stores.vector_kb.put(record, id);
      }
    }
    // Fill the tail chunk first, then start new ones.
    const chunks = [...state.chunks];
    const written: VectorChunkRecord[] = [];
    let next = 0;
    if (tail && tailRequest) {
      const tailValue = await tailRequest;
      if (isVectorChunk(tailValue, state.dim)) {
        const take = added.slice(0, CHUNK_SIZE - tail.count);
        const chunk = buildChunk(tailValue, tail.no, gen, state.dim, take);
        written.push(chunk);
        chunks[chunks.length - 1] = { no: tail.no, rev: gen, count: chunkCount(chunk) };
        next = take.length;
      }
    }
    let nextChunk = state.nextChunk;
    while (next < added.length) {
      const take = added.slice(next, next + CHUNK_SIZE);
      const chunk = buildChunk(undefined, nextChunk, gen, state.dim, take);
      written.push(chunk);
      chunks.push({ no: nextChunk, rev: gen, count: chunkCount(chunk) });
      nextChunk += 1;
      next += take.length;
    }
    for (const chunk of written) stores.vector_chunks.put(chunk, chunk.no);
    const nextState: VectorKbState = {
      ...state,
      gen,
      token: newToken(gen),
      nextSeq: state.nextSeq + added.length,
      nextChunk,
      chunks,
    };
    putState(stores.meta, nextState);
    const outcome: AddOutcome = { previousToken, state: nextState, written, deleted: [], added };
    beforeCommit?.(outcome);
    return outcome;
  });
}

/** Removes one entry from `vector_kb` and from its chunk. `removed` is false when it was not there. */
export async function commitRemove(
  db: IDBDatabase,
  owner: { dim: number; embedder: string },
  id: string,
  chunkNo: number,
): Promise<WriteOutcome & { removed: boolean }> {
  return writeAll(db, async (stores) => {
    const [stateValue, chunkValue] = await Promise.all([request(stores.meta.get(STATE_KEY)), request(stores.vector_chunks.get(chunkNo))]);
    const state = currentState(stateValue, owner);
    const position = isVectorChunk(chunkValue, state.dim) ? chunkIds(chunkValue).indexOf(id) : -1;
    if (!isVectorChunk(chunkValue, state.dim) || position < 0) {
      return { previousToken: state.token, state, written: [], deleted: [], removed: false };
    }
    const gen = state.gen + 1;
    const remaining = withoutEntries(chunkValue, new Set([position]), gen);
    stores.vector_kb.delete(id);
    if (remaining) stores.vector_chunks.put(remaining, chunkNo);
    else stores.vector_chunks.delete(chunkNo);
    const chunks = state.chunks.flatMap((chunk) =>
      chunk.no !== chunkNo ? [chunk] : remaining ? [{ no: chunkNo, rev: gen, count: chunkCount(remaining) }] : [],
    );
    const nextState: VectorKbState = { ...state, gen, token: newToken(gen), chunks };
    putState(stores.meta, nextState);
    return {
      previousToken: state.token,
      state: nextState,
      written: remaining ? [remaining] : [],
      deleted: remaining ? [] : [chunkNo],
      removed: true,
    };
  });
}

/**
 * Replaces all chunks and the state, provided the token is still `expectedToken` (nothing wrote
 * since the entries were read); returns false otherwise so the caller reads again.
 */
export async function commitRebuild(
  db: IDBDatabase,
  expectedToken: string | undefined,
  state: Omit<VectorKbState, "gen" | "token" | "chunks">,
  chunks: Array<Omit<VectorChunkRecord, "rev">>,
  rewrittenEntries: readonly VectorRecord[],
): Promise<VectorKbState | undefined> {
  return writeAll(db, async (stores) => {
    const [tokenValue, stateValue] = await Promise.all([request(stores.meta.get(TOKEN_KEY)), request(stores.meta.get(STATE_KEY))]);
    if ((typeof tokenValue === "string" ? tokenValue : undefined) !== expectedToken) return undefined;
    const gen = (isVectorKbState(stateValue) ? stateValue.gen : 0) + 1;
    stores.vector_chunks.clear();
    for (const chunk of chunks) stores.vector_chunks.put({ ...chunk, rev: gen }, chunk.no);
    for (const record of rewrittenEntries) stores.vector_kb.put(record, record.id);
    const nextState: VectorKbState = {
      ...state,
      gen,
      token: newToken(gen),
      chunks: chunks.map((chunk) => ({ no: chunk.no, rev: gen, count: chunk.seqs.length })),
    };
    putState(stores.meta, nextState);
    return nextState;
  });
}

function currentState(value: unknown, owner: { dim: number; embedder: string }): VectorKbState {
  if (!isVectorKbState(value)) return emptyState(owner.dim, owner.embedder);
  // An empty knowledge base takes whichever embedder opens it next.
  if (value.chunks.length === 0) return { ...value, dim: owner.dim, embedder: owner.embedder };
  assertCompatible(value, owner);
  return value;
}

function putState(meta: IDBObjectStore, state: VectorKbState): void {
  meta.put(state, STATE_KEY);
  meta.put(state.token, TOKEN_KEY);
}

/** One strict readwrite transaction over the three stores; resolves after it commits. */
function writeAll<T>(db: IDBDatabase, work: (stores: TxStores<(typeof ALL)[number]>) => Promise<T>): Promise<T> {
  return writeTx(db, ALL, work, { durability: "strict", nameStores: false });
}

/**
 * The Vector KB's IndexedDB reads and writes (formats in records.ts). Runs in the search worker.
 * Writes touch `vector_kb`, `vector_chunks` and `meta` in one transaction; reads that must agree
 * with each other share one read-only transaction, which sees a consistent snapshot.
 */
import { PhoenixError, toStorageError } from "../../src/errors.js";
import { VECTOR_CHUNKS_STORE, type VectorRecord } from "../../src/db/schema.js";
import { request, transactionDone } from "../../src/db/write.js";
import { buildChunk, chunkCount, chunkIds, isVectorChunk, withoutEntries, type VectorChunkRecord } from "./vector-chunk.js";
import {
  CHUNK_SIZE,
  STATE_KEY,
  TOKEN_KEY,
  emptyState,
  entryIds,
  isVectorKbState,
  newToken,
  type EncodedEntry,
  type VectorKbState,
} from "./vector-records.js";

const ENTRIES = "vector_kb";
const CHUNKS = VECTOR_CHUNKS_STORE;
const META = "meta";
const ALL = [ENTRIES, CHUNKS, META];

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
  return guarded(async () => {
    const tx = db.transaction(ALL, "readonly");
    const chunkStore = tx.objectStore(CHUNKS);
    const [stateValue, tokenValue, firstEntry, chunkCountValue] = await Promise.all([
      request(tx.objectStore(META).get(STATE_KEY)),
      request(tx.objectStore(META).get(TOKEN_KEY)),
      request(tx.objectStore(ENTRIES).getAllKeys(null, 1)),
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
  });
}

/**
 * Whether `vector_kb` holds as many entries as the state accounts for. Counting is linear in the
 * number of entries (about a second per 100,000 on a slow phone), so it runs after the first
 * answer, and after imports, not on every start.
 */
export async function countMatches(db: IDBDatabase): Promise<boolean> {
  return guarded(async () => {
    const tx = db.transaction([ENTRIES, META], "readonly");
    const [stateValue, entryCount] = await Promise.all([request(tx.objectStore(META).get(STATE_KEY)), request(tx.objectStore(ENTRIES).count())]);
    return isVectorKbState(stateValue) ? sumCounts(stateValue) === entryCount : entryCount === 0;
  });
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
export async function readChanges(db: IDBDatabase, dim: number, known: ReadonlyMap<number, number>): Promise<Changes> {
  return guarded(async () => {
    const tx = db.transaction([CHUNKS, META], "readonly");
    const [stateValue, tokenValue] = await Promise.all([request(tx.objectStore(META).get(STATE_KEY)), request(tx.objectStore(META).get(TOKEN_KEY))]);
    const state = isVectorKbState(stateValue) ? stateValue : undefined;
    // State and token are always written together; apart, something else rewrote `meta`.
    if (!state || tokenValue !== state.token) return { state, changed: [], gone: [...known.keys()], consistent: false };
    const listed = new Map(state.chunks.map((chunk) => [chunk.no, chunk]));
    const stale = state.chunks.filter((chunk) => known.get(chunk.no) !== chunk.rev);
    const values = await Promise.all(stale.map((chunk) => request(tx.objectStore(CHUNKS).get(chunk.no))));
    const changed = values.filter((value): value is VectorChunkRecord => isVectorChunk(value, state.dim));
    const consistent =
      changed.length === stale.length &&
      changed.every((chunk, i) => chunk.no === stale[i]!.no && chunk.rev === stale[i]!.rev && chunkCount(chunk) === stale[i]!.count);
    return { state, changed, gone: [...known.keys()].filter((no) => !listed.has(no)), consistent };
  });
}

/** The state token, read on every search to learn cheaply whether anything changed. */
export async function readToken(db: IDBDatabase): Promise<string | undefined> {
  return guarded(async () => {
    const value = await request(db.transaction(META, "readonly").objectStore(META).get(TOKEN_KEY));
    return typeof value === "string" ? value : undefined;
  });
}

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
    const tailRequest = tail && tail.count < CHUNK_SIZE ? request(stores.chunks.get(tail.no)) : undefined;
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
        stores.entries.put(record, id);
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
    for (const chunk of written) stores.chunks.put(chunk, chunk.no);
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
    const [stateValue, chunkValue] = await Promise.all([request(stores.meta.get(STATE_KEY)), request(stores.chunks.get(chunkNo))]);
    const state = currentState(stateValue, owner);
    const position = isVectorChunk(chunkValue, state.dim) ? chunkIds(chunkValue).indexOf(id) : -1;
    if (!isVectorChunk(chunkValue, state.dim) || position < 0) {
      return { previousToken: state.token, state, written: [], deleted: [], removed: false };
    }
    const gen = state.gen + 1;
    const remaining = withoutEntries(chunkValue, new Set([position]), gen);
    stores.entries.delete(id);
    if (remaining) stores.chunks.put(remaining, chunkNo);
    else stores.chunks.delete(chunkNo);
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

/** Every entry record, with the token they were read at (for rebuilding the chunks). */
export async function readAllEntries(db: IDBDatabase): Promise<{ entries: VectorRecord[]; token: string | undefined }> {
  return guarded(async () => {
    const tx = db.transaction([ENTRIES, META], "readonly");
    const [entries, token] = await Promise.all([request(tx.objectStore(ENTRIES).getAll()), request(tx.objectStore(META).get(TOKEN_KEY))]);
    return { entries: entries as VectorRecord[], token: typeof token === "string" ? token : undefined };
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
    stores.chunks.clear();
    for (const chunk of chunks) stores.chunks.put({ ...chunk, rev: gen }, chunk.no);
    for (const record of rewrittenEntries) stores.entries.put(record, record.id);
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

function putState(meta: IDBObjectStore, state: VectorKbState): void {
  meta.put(state, STATE_KEY);
  meta.put(state.token, TOKEN_KEY);
}


/** Entry records the state accounts for: those in chunks plus those a rebuild could not read. */
function sumCounts(state: VectorKbState): number {
  return state.chunks.reduce((sum, chunk) => sum + chunk.count, state.ignored ?? 0);
}

interface Stores {
  entries: IDBObjectStore;
  chunks: IDBObjectStore;
  meta: IDBObjectStore;
}

/** One strict readwrite transaction over the three stores; resolves after it commits. */
async function writeAll<T>(db: IDBDatabase, work: (stores: Stores) => Promise<T>): Promise<T> {
  let tx: IDBTransaction;
  try {
    tx = db.transaction(ALL, "readwrite", { durability: "strict" });
  } catch (error) {
    throw toStorageError(error);
  }
  const done = transactionDone(tx);
  done.catch(() => undefined);
  try {
    const result = await work({ entries: tx.objectStore(ENTRIES), chunks: tx.objectStore(CHUNKS), meta: tx.objectStore(META) });
    await done;
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished: the error below is the one to report.
    }
    await done.catch(() => undefined);
    throw toStorageError(error);
  }
}

async function guarded<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw toStorageError(error);
  }
}

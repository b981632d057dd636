/**
 * Reading the Soul Vault's records into the name index, and moving every record that is not yet stored
 * under its hashed name (format v1/v2 under a plaintext name, from an older version or an old backup; or
 * v3 under another vault's name key, from a merge import) to a v3 record under its hashed id.
 *
 * Crash safety: records move in batches, each ONE transaction that writes the new record and deletes the
 * old one, and only if the old one is still the one read (sameSeal). A page killed at any point leaves
 * every record either moved or where it was, both readable; the next unlock carries on.
 *
 * Two records of one name (an old plaintext one next to a hashed one, after a merge import while the vault
 * was locked): the old one replaces the other only if its time is authenticated (v2 or v3, opened with the
 * time in its additional data) and newer, the rule a merge import applies; otherwise it is dropped.
 */
import { isPhoenixError } from "../../errors.js";
import { scanPrefix } from "../../db/prefix.js";
import type { PhoenixDB, SoulRecord } from "../../db/schema.js";
import { readTx, request, transactionDone, writeTx } from "../../db/write.js";
import { isSoulRecordShape, openSoulRecord, sameSeal, sealSoulRecord, type OpenedSoulRecord } from "./record.js";
import type { SoulNameIndex } from "./name-index.js";

const BATCH = 200;

/** The data keys that open these records (the caller picks up keys another tab added by rotating). */
export type KeysFor = (records: ReadonlyArray<readonly [string, SoulRecord]>) => Promise<ReadonlyMap<string, CryptoKey>>;

interface Move {
  id: string;
  record: SoulRecord;
  name: string;
  target: string;
  next: SoulRecord;
}

/** Indexes (and moves where needed) every record, or only those with the given ids. */
export async function indexRecords(
  db: PhoenixDB,
  keysFor: KeysFor,
  index: SoulNameIndex,
  only?: readonly string[],
): Promise<void> {
  if (only !== undefined) {
    for (let start = 0; start < only.length; start += BATCH) {
      await indexBatch(db, keysFor, index, await readIds(db, only.slice(start, start + BATCH)));
    }
    return;
  }
  let after: string | undefined;
  for (;;) {
    const batch = await scanPrefix(db, "soul_kb", "", BATCH, after === undefined ? {} : { after });
    if (batch.length === 0) return;
    after = batch[batch.length - 1]![0];
    await indexBatch(db, keysFor, index, batch);
  }
}

async function indexBatch(
  db: PhoenixDB,
  keysFor: KeysFor,
  index: SoulNameIndex,
  batch: ReadonlyArray<readonly [string, SoulRecord]>,
): Promise<void> {
  const keys = await keysFor(batch);
  const opened = await Promise.all(batch.map(([id, record]) => tryOpen(keys, id, record)));
  const moves: Move[] = [];
  for (let i = 0; i < batch.length; i += 1) {
    const [id, record] = batch[i]!;
    const content = opened[i];
    if (content === undefined) {
      // Damaged: an older record is still known by its plaintext id; a hashed one's name is lost with it.
      if (isSoulRecordShape(record) && record.v !== 3) index.set(id, id);
      else index.unnamed.add(id);
      continue;
    }
    index.set(id, content.name);
    const target = await index.hashOf(content.name);
    if (target === id && record.v === 3) continue;
    const next = await sealSoulRecord(keys.get(record.keyId)!, record.keyId, target, content, record.updatedAt);
    moves.push({ id, record, name: content.name, target, next });
  }
  if (moves.length > 0) await applyMoves(db, index, moves);
}

async function applyMoves(db: PhoenixDB, index: SoulNameIndex, moves: readonly Move[]): Promise<void> {
  let moved: Move[];
  try {
    moved = await writeTx(db, ["soul_kb"], async ({ soul_kb }) => {
      const done: Move[] = [];
      for (const move of moves) {
        const [current, there] = await Promise.all([
          request<SoulRecord | undefined>(soul_kb.get(move.id)),
          request<SoulRecord | undefined>(soul_kb.get(move.target)),
        ]);
        if (!sameSeal(current, move.record)) {
          // Rewritten meanwhile (another tab): left to whoever changed it. Gone, with its hashed id in
          // place: another tab moved it first.
          if (current === undefined && there !== undefined) done.push(move);
          continue;
        }
        const authentic = move.record.v !== 1;
        if (!there || (authentic && move.record.updatedAt > there.updatedAt)) soul_kb.put(move.next, move.target);
        soul_kb.delete(move.id);
        done.push(move);
      }
      return done;
    });
  } catch {
    // Left where they are (still readable, still indexed by their old id); the next unlock tries again.
    return;
  }
  for (const move of moved) {
    index.remove(move.id);
    index.set(move.target, move.name);
  }
}

async function tryOpen(keys: ReadonlyMap<string, CryptoKey>, id: string, record: SoulRecord): Promise<OpenedSoulRecord | undefined> {
  const dataKey = isSoulRecordShape(record) ? keys.get(record.keyId) : undefined;
  if (!dataKey) return undefined;
  try {
    return await openSoulRecord(dataKey, id, record);
  } catch (error) {
    if (isPhoenixError(error, "INTEGRITY")) return undefined;
    throw error;
  }
}

/**
 * The records stored under these ids (absent ones left out), in one readonly transaction. Plain IndexedDB
 * requests rather than one promise each: a thousand gets cost about what one getAll of them would.
 */
export async function readIds(db: PhoenixDB, ids: readonly string[]): Promise<Array<[string, SoulRecord]>> {
  if (ids.length === 0) return [];
  const results: Array<SoulRecord | undefined> = new Array(ids.length);
  await readTx(db, ["soul_kb"], async ({ soul_kb: store }, tx) => {
    ids.forEach((id, i) => {
      const get = store.get(id);
      get.onsuccess = () => void (results[i] = get.result);
    });
    await transactionDone(tx);
  });
  return ids.flatMap((id, i): Array<[string, SoulRecord]> => (results[i] === undefined ? [] : [[id, results[i]!]]));
}

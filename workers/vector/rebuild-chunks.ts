/**
 * Rebuilds `vector_chunks` from `vector_kb`, the source of truth: after the v1 → v2 upgrade, when
 * the chunks were lost, or when a backup import rewrote the entries. Slow (it reads every entry
 * record) and rare. Vectors come from each entry's stored embedding; an entry without one of the
 * right size is embedded again from its text and rewritten.
 */
import { PhoenixError } from "../../src/errors.js";
import type { VectorRecord } from "../../src/db/schema.js";
import type { Embedder } from "../../src/shared/embedder.js";
import { isFiniteVector } from "../../src/shared/cosine.js";
import { buildChunk } from "./vector-chunk.js";
import { CHUNK_SIZE, embeddingBytes, embeddingOf, seqOfId, type PreparedEntry } from "./vector-records.js";
import { readAllEntries } from "./vector-storage.js";
import { commitRebuild } from "./vector-commit.js";
import { checkMetadata } from "../../src/shared/vector-input.js";

const ATTEMPTS = 5;

export async function rebuildChunks(db: IDBDatabase, embedder: Embedder, owner: { dim: number; embedder: string }): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const { entries, token } = await readAllEntries(db);
    const usable = entries.filter((record) => typeof record?.id === "string" && typeof record.text === "string");
    const vectors = usable.map((record) => embeddingOf(record, owner.dim));
    const missing = usable.flatMap((_record, i) => (vectors[i] ? [] : [i]));
    const rewritten: VectorRecord[] = [];
    if (missing.length > 0) {
      const fresh = await embedder.encodeMany(missing.map((i) => usable[i]!.text));
      missing.forEach((i, j) => {
        const vector = fresh[j];
        if (!(vector instanceof Float32Array) || vector.length !== owner.dim || !isFiniteVector(vector)) {
          throw new PhoenixError("DIM_MISMATCH", `The embedder did not return ${owner.dim} finite values.`);
        }
        vectors[i] = vector;
        rewritten.push({ ...usable[i]!, embedding: embeddingBytes(vector) });
      });
    }
    // Insertion order: our ids carry it; others (written elsewhere) follow, by time then id.
    const order = usable.map((_, i) => i);
    const seqOf = usable.map((record) => seqOfId(record.id) ?? Number.POSITIVE_INFINITY);
    order.sort((a, b) => seqOf[a]! - seqOf[b]! || usable[a]!.createdAt - usable[b]!.createdAt || compare(usable[a]!.id, usable[b]!.id));
    let previous = -1;
    const additions = order.map((i) => {
      const record = usable[i]!;
      const parsed = seqOf[i]!;
      const seq = Number.isFinite(parsed) && parsed > previous ? parsed : previous + 1;
      previous = seq;
      const metadata = safeMetadata(record.metadata);
      const entry: PreparedEntry = {
        text: record.text,
        metadata,
        metadataJson: JSON.stringify(metadata),
        vector: vectors[i]!,
        createdAt: record.createdAt,
      };
      return { id: record.id, seq, entry };
    });
    const chunks = [];
    for (let start = 0, no = 0; start < additions.length; start += CHUNK_SIZE, no += 1) {
      chunks.push(buildChunk(undefined, no, 0, owner.dim, additions.slice(start, start + CHUNK_SIZE)));
    }
    const state = {
      type: "vector-kb-state" as const,
      version: 1 as const,
      dim: owner.dim,
      embedder: owner.embedder,
      nextSeq: previous + 1,
      nextChunk: chunks.length,
      ignored: entries.length - usable.length,
    };
    if (await commitRebuild(db, token, state, chunks, rewritten)) return;
  }
  throw new PhoenixError("STORAGE_ERROR", "The Vector KB kept changing while its index was rebuilt; try again.");
}

function safeMetadata(value: unknown) {
  try {
    return checkMetadata(value);
  } catch {
    return {};
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Runs `work` holding the Web Lock `<db>:vector-rebuild`, so two tabs that find the same damage do not
 * both rebuild: the second waits, then finds the work already done.
 */
export async function withRebuildLock(dbName: string, work: () => Promise<void>): Promise<void> {
  const locks = (globalThis.navigator as { locks?: { request(name: string, callback: () => Promise<void>): Promise<void> } } | undefined)?.locks;
  if (!locks) return work();
  await locks.request(`${dbName}:vector-rebuild`, work);
}

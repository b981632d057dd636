/**
 * The vectors a sentence model made, and which embedder is in charge. A database of its own
 * (`<profile>:model-vectors`), beside the profile's: these vectors are derived (any of them can be
 * made again from the entries' texts), so they stay out of backups and out of the profile's schema
 * and migrations. Each record names the embedder that made it: key [embedderId, entryId].
 * The hash embedder's vectors stay where they are, in `vector_kb`, whatever model is in use, which
 * is what makes switching back to the hash embedder instant.
 */
import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import { toStorageError } from "../../src/errors.js";
import { HASH_EMBEDDER } from "../../src/models/types.js";
import { checkBaseUrl } from "./store.js";
import { DEFAULT_BASE_URL } from "../../src/models/known.js";
import { modelVectorsDbName } from "../../src/models/storage-names.js";

export interface ModelState {
  type: "model-state";
  version: 1;
  /** "hash" or a stored model's id: the embedder that answers searches. */
  active: string;
  /** The model being switched to (its vectors are being made). */
  target?: string;
  baseUrl: string;
}

interface ModelVectorRecord {
  embedder: string;
  id: string;
  /** float32 values. */
  vector: Float32Array;
}

interface ModelVectorsSchema extends DBSchema {
  vectors: { key: [string, string]; value: ModelVectorRecord };
  state: { key: string; value: ModelState };
}

const STATE_KEY = "state";

export function defaultState(): ModelState {
  return { type: "model-state", version: 1, active: HASH_EMBEDDER, baseUrl: DEFAULT_BASE_URL };
}

/** A stored state of a version this build knows, with defaults filled; otherwise the default. */
function restoreState(value: unknown): ModelState {
  if (typeof value !== "object" || value === null) return defaultState();
  const state = value as Partial<ModelState>;
  if (state.type !== "model-state" || state.version !== 1 || typeof state.active !== "string") return defaultState();
  let baseUrl = DEFAULT_BASE_URL;
  try {
    baseUrl = checkBaseUrl(state.baseUrl);
  } catch {
    // An unreadable base URL falls back to the default.
  }
  return { type: "model-state", version: 1, active: state.active, ...(typeof state.target === "string" ? { target: state.target } : {}), baseUrl };
}

export class ModelVectors {
  private readonly db: Promise<IDBPDatabase<ModelVectorsSchema>>;

  constructor(dbName: string) {
    this.db = openDB<ModelVectorsSchema>(modelVectorsDbName(dbName), 1, {
      upgrade(db) {
        db.createObjectStore("vectors");
        db.createObjectStore("state");
      },
    });
    this.db.catch(() => undefined);
  }

  async readState(): Promise<ModelState> {
    return restoreState(await this.guard(async (db) => db.get("state", STATE_KEY)));
  }

  async writeState(state: ModelState): Promise<void> {
    await this.guard((db) => db.put("state", state, STATE_KEY));
  }

  /** Every vector `embedder` made, by entry id. */
  async load(embedder: string): Promise<Map<string, Float32Array>> {
    return this.guard(async (db) => {
      const range = IDBKeyRange.bound([embedder, ""], [embedder, "\uffff"]);
      const records = await db.getAll("vectors", range);
      return new Map(records.map((record) => [record.id, record.vector]));
    });
  }

  async put(embedder: string, vectors: ReadonlyArray<readonly [string, Float32Array]>): Promise<void> {
    await this.guard(async (db) => {
      const tx = db.transaction("vectors", "readwrite");
      for (const [id, vector] of vectors) void tx.store.put({ embedder, id, vector }, [embedder, id]);
      await tx.done;
    });
  }

  async removeEmbedder(embedder: string): Promise<void> {
    await this.guard((db) => db.delete("vectors", IDBKeyRange.bound([embedder, ""], [embedder, "\uffff"])));
  }

  async close(): Promise<void> {
    (await this.db.catch(() => undefined))?.close();
  }

  private async guard<T>(work: (db: IDBPDatabase<ModelVectorsSchema>) => Promise<T>): Promise<T> {
    try {
      return await work(await this.db);
    } catch (error) {
      throw toStorageError(error, { stores: ["model-vectors"] });
    }
  }
}

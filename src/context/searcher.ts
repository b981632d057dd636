/**
 * The Context Engine's worker half: one corpus over the Vector KB entries (read from the vector
 * engine's rows), Mind values and cortex memories (read from IndexedDB), kept in step with writes:
 * the Vector KB by the engine's version, Mind and cortex by the keys the page reports after each
 * write, by hints from other tabs (BroadcastChannel), and by a count check on every search that
 * catches any other writer (an import, an expiry sweep) and reloads that store.
 * Soul memories arrive decrypted with a search, are ranked in a corpus of their own for that one
 * search and dropped: nothing of them stays here.
 */
import { PhoenixError } from "../errors.js";
import type { JsonObject } from "../db/schema.js";
import type { EntryView, VectorEngine } from "../../workers/vector/vector-engine.js";
import { Corpus, type CorpusDoc } from "./corpus.js";
import type { Lexicon } from "./lexicon.js";
import { MeaningIndex } from "./meaning.js";
import { rankCorpus } from "./rank.js";
import type { ContextSource } from "./types.js";

export type PlainSource = "mind_vault" | "eternal_memory";

export interface StoreChange {
  store: PlainSource;
  key: string;
}

export interface WorkerContextOptions {
  topK: number;
  sources: readonly ContextSource[];
  filter?: JsonObject;
  /** Keys written on the page since the last call. */
  changes?: readonly StoreChange[];
  /** Decrypted soul memories, for this search only. */
  soul?: ReadonlyArray<readonly [string, string]>;
}

export interface WorkerHit {
  source: ContextSource;
  ref: string;
  text: string;
  metadata?: JsonObject;
  score: number;
  why: string[];
}

export type LexiconLoader = () => Promise<Lexicon | undefined>;

export class ContextSearcher {
  private readonly corpus = new Corpus();
  private vectorVersion = -1;
  private plainLoaded = false;
  private readonly counts = new Map<PlainSource, number>();
  private readonly pending = new Map<PlainSource, Set<string>>();
  private lexicon: Promise<Lexicon | undefined> | undefined;
  private readonly channel: BroadcastChannel | undefined;

  constructor(
    private readonly engine: VectorEngine,
    private readonly loadLexicon: LexiconLoader,
    dbName: string,
  ) {
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(contextChannelName(dbName)) : undefined;
    if (this.channel) this.channel.onmessage = (event: MessageEvent<unknown>) => this.note(event.data);
  }

  /** Everything is read again on the next search (after a backup import). */
  invalidate(): void {
    this.plainLoaded = false;
    this.vectorVersion = -1;
    this.corpus.clear();
  }

  note(changes: unknown): void {
    if (!Array.isArray(changes)) return;
    for (const change of changes as unknown[]) {
      const { store, key } = (change ?? {}) as Partial<StoreChange>;
      if ((store !== "mind_vault" && store !== "eternal_memory") || typeof key !== "string") continue;
      const set = this.pending.get(store) ?? new Set<string>();
      set.add(key);
      this.pending.set(store, set);
    }
  }

  async search(query: string, options: WorkerContextOptions, aborted: () => boolean): Promise<WorkerHit[]> {
    this.note(options.changes ?? []);
    const lexicon = await this.lexiconOnce();
    return this.engine.withEntries(async (view) => {
      // Attached before the documents arrive, so each is read once for both indexes.
      if (lexicon && !this.corpus.meaning) this.corpus.attachMeaning(new MeaningIndex(lexicon));
      await this.syncVector(view);
      await this.syncPlain(view.db);
      if (aborted()) throw new PhoenixError("ABORTED", "The search was cancelled.");
      const sources = new Set(options.sources);
      const rows = view.rows();
      const filter = options.filter && Object.keys(options.filter).length > 0 ? options.filter : undefined;
      const accept = (number: number): boolean => {
        const doc = this.corpus.doc(number);
        if (!doc || !sources.has(doc.source)) return false;
        if (doc.source !== "vector_kb" || !filter) return true;
        const row = rows.get(doc.ref);
        return row !== undefined && view.matches(row, filter);
      };
      const hits = rankCorpus(this.corpus, lexicon, query, { topK: options.topK, accept }).hits.map((hit): WorkerHit => {
        const doc = this.corpus.doc(hit.doc)!;
        const out: WorkerHit = { source: doc.source, ref: doc.ref, text: doc.text, score: hit.score, why: hit.why };
        if (doc.source === "vector_kb") {
          const row = rows.get(doc.ref);
          out.metadata = row === undefined ? {} : view.metadata(row);
        }
        return out;
      });
      if (options.soul && options.soul.length > 0 && sources.has("soul_kb")) hits.push(...this.searchSoul(query, options.soul, lexicon, options.topK));
      hits.sort((a, b) => b.score - a.score);
      return hits.slice(0, options.topK);
    });
  }

  /** Times `search` of each query inside the worker (for the benchmark), in ms, and the index's size. */
  async profile(queries: readonly string[], options: WorkerContextOptions): Promise<{ times: number[]; docs: number; postings: number; textBytes: number }> {
    const times: number[] = [];
    for (const query of queries) {
      const start = performance.now();
      await this.search(query, options, () => false);
      times.push(performance.now() - start);
    }
    let textBytes = 0;
    this.corpus.forEachDoc((_, doc) => {
      textBytes += doc.text.length;
    });
    return { times, docs: this.corpus.size, postings: this.corpus.text.postingCount, textBytes };
  }

  close(): void {
    this.channel?.close();
  }

  private lexiconOnce(): Promise<Lexicon | undefined> {
    this.lexicon ??= this.loadLexicon().catch(() => undefined);
    return this.lexicon;
  }

  /** Soul memories in a corpus of their own, for this search only. */
  private searchSoul(query: string, soul: ReadonlyArray<readonly [string, string]>, lexicon: Lexicon | undefined, topK: number): WorkerHit[] {
    const corpus = new Corpus();
    for (const [key, text] of soul) corpus.put({ source: "soul_kb", ref: key, text });
    if (lexicon) corpus.attachMeaning(new MeaningIndex(lexicon));
    return rankCorpus(corpus, lexicon, query, { topK }).hits.map((hit) => {
      const doc = corpus.doc(hit.doc)!;
      return { source: "soul_kb", ref: doc.ref, text: doc.text, score: hit.score, why: hit.why };
    });
  }

  /** Adds new Vector KB entries and drops removed ones when the engine's version moved. */
  private async syncVector(view: EntryView): Promise<void> {
    if (view.version === this.vectorVersion) return;
    const rows = view.rows();
    for (const id of this.corpus.refs("vector_kb")) if (!rows.has(id)) this.corpus.remove("vector_kb", id);
    for (const [id, row] of rows) {
      if (!this.corpus.has("vector_kb", id)) this.corpus.put({ source: "vector_kb", ref: id, text: view.text(row) });
    }
    this.vectorVersion = view.version;
  }

  /** Loads Mind and cortex on first use, then applies the keys reported and reloads a store whose count moved. */
  private async syncPlain(db: IDBDatabase): Promise<void> {
    const stores: PlainSource[] = ["mind_vault", "eternal_memory"];
    const tx = db.transaction(stores, "readonly");
    if (!this.plainLoaded) {
      this.pending.clear();
      await Promise.all(stores.map((store) => this.loadStore(tx.objectStore(store), store)));
      this.plainLoaded = true;
      return;
    }
    await Promise.all(
      stores.map(async (store) => {
        const objectStore = tx.objectStore(store);
        const count = await request(objectStore.count());
        const keys = this.pending.get(store);
        this.pending.delete(store);
        if (keys) {
          const values = await Promise.all([...keys].map((key) => request(objectStore.get(key)) as Promise<unknown>));
          [...keys].forEach((key, i) => this.apply(store, key, values[i]));
        }
        if (count !== this.counts.get(store)) await this.loadStore(objectStore, store);
      }),
    );
  }

  private async loadStore(objectStore: IDBObjectStore, store: PlainSource): Promise<void> {
    const [keys, values] = await Promise.all([request(objectStore.getAllKeys()), request(objectStore.getAll())]);
    const present = new Set<string>();
    keys.forEach((key, i) => {
      if (typeof key !== "string") return;
      present.add(key);
      this.apply(store, key, values[i]);
    });
    for (const ref of this.corpus.refs(store)) if (!present.has(ref)) this.corpus.remove(store, ref);
    this.counts.set(store, keys.length);
  }

  /** Puts or removes one Mind or cortex record; unchanged texts are left alone. */
  private apply(store: PlainSource, key: string, value: unknown): void {
    const doc = toDoc(store, key, value);
    if (!doc) {
      if (this.corpus.remove(store, key)) this.counts.set(store, (this.counts.get(store) ?? 1) - 1);
      return;
    }
    const number = this.corpus.numberOf(store, key);
    const held = number === undefined ? undefined : this.corpus.doc(number);
    if (held && held.text === doc.text) return;
    if (!held) this.counts.set(store, (this.counts.get(store) ?? 0) + 1);
    this.corpus.put(doc);
  }
}

export function contextChannelName(dbName: string): string {
  return `phoenix-context:${dbName}`;
}

function toDoc(store: PlainSource, key: string, value: unknown): CorpusDoc | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (store === "mind_vault") {
    const text = (value as { value?: unknown }).value;
    return typeof text === "string" ? { source: store, ref: key, text } : undefined;
  }
  const { text, layer, createdAt } = value as { text?: unknown; layer?: unknown; createdAt?: unknown };
  if (typeof text !== "string") return undefined;
  return { source: store, ref: key, text, ...(typeof layer === "string" ? { layer: layer as CorpusDoc["layer"] & string } : {}), ...(typeof createdAt === "number" ? { createdAt } : {}) };
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * The Context Engine's worker half: one corpus over the Vector KB entries (read from the vector
 * engine's rows), Mind values and cortex memories (plain-stores.ts keeps those in step).
 * The corpus is persisted packed (snapshot.ts, persist.ts) after every search that changed it, and
 * taken over on the first search after the worker starts: only what changed while no worker held it
 * (the Vector KB's token, the Mind and cortex stamp tell) is read and tokenised again.
 * Soul memories arrive decrypted with a search, are ranked in a corpus of their own for that one
 * search and dropped: nothing of them stays here, nor is written anywhere.
 */

import { PhoenixError } from "../../src/errors.js";
import type { EntryView, VectorEngine } from "../vector/vector-engine.js";
import { Corpus } from "./corpus.js";
import type { Lexicon } from "./lexicon.js";
import { MeaningIndex } from "./meaning.js";
import { indexStorage, type IndexStorage, type IndexStorageKind } from "./persist.js";
import { PlainStores } from "./plain-stores.js";
import { modelCandidates, rankCorpus, rankSoul } from "./rank.js";
import { decodeSnapshot, encodeSnapshot, type DecodedSnapshot, type SnapshotStamp } from "./snapshot.js";
import { contextChannelName } from "../../src/context/shared.js";
import { hasFilter, readMetadata, readStamps } from "./store-reads.js";
import type { WorkerContextOptions, WorkerHit } from "./worker-types.js";
import type { ContextIndexInfo } from "../../src/context/types.js";

export type { PlainSource, StoreChange } from "./plain-stores.js";
export type { WorkerContextOptions, WorkerHit } from "./worker-types.js";

/** Up to this size the search waits for the index's write (a few ms); beyond, it answers first. */
const WAIT_FOR_WRITE_BYTES = 2 * 1024 * 1024;

export type LexiconLoader = () => Promise<Lexicon | undefined>;

/** `vectorVersion` after an answer from the persisted index: the engine's version is taken when its token matches. */
const ADOPT_BY_TOKEN = -2;

/** How many of the sentence model's best Vector KB entries join a context search's candidates. */
const MODEL_CANDIDATES = 50;

export class ContextSearcher {
  private readonly corpus = new Corpus();
  private readonly plain = new PlainStores(this.corpus);
  private vectorVersion = -1;
  private vectorToken: string | null = null;
  private lexicon: Promise<Lexicon | undefined> | undefined;
  private readonly channel: BroadcastChannel | undefined;
  private readonly storage: IndexStorage;
  /** Whether the persisted index was looked for since the worker started (or the last invalidate). */
  private restored = false;
  private origin: ContextIndexInfo["origin"] = "none";
  /** What the persisted copy was written from: the corpus's change count and stamps. */
  private saved = { changes: -1, stamp: "", vectorToken: "" };
  private saving: Promise<void> = Promise.resolve();
  /** The persisted index, read and decoded once (see snapshot()). */
  private decoded: Promise<DecodedSnapshot | undefined> | undefined;
  /** The first search while it is answered from the persisted index; later searches wait for it. */
  private firstAnswer: Promise<WorkerHit[] | undefined> | undefined;
  private savedBytes = 0;
  private loadMs = 0;

  constructor(
    private readonly engine: VectorEngine,
    private readonly loadLexicon: LexiconLoader,
    dbName: string,
    storage?: IndexStorageKind,
    /** The persisted copy, already being read and decoded (see readOpfsEarly). */
    private early?: Promise<DecodedSnapshot | undefined>,
    /** The sentence model's cosine for a query, when one is in charge (src/models). */
    private readonly modelCosine?: (query: string) => Promise<((ref: string) => number | undefined) | undefined>,
  ) {
    this.storage = indexStorage(dbName, engine.database, storage);
    this.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(contextChannelName(dbName)) : undefined;
    if (this.channel) this.channel.onmessage = (event: MessageEvent<unknown>) => this.note(event.data);
  }

  /** Everything is read again on the next search, and the persisted copy dropped (after a backup import). */
  invalidate(): void {
    this.early = undefined;
    this.decoded = undefined;
    this.plain.reset();
    this.vectorVersion = -1;
    this.corpus.clear();
    this.restored = true;
    this.saved = { changes: -1, stamp: "", vectorToken: "" };
    this.saving = this.saving.then(() => this.storage.remove()).catch(() => undefined);
  }

  note(changes: unknown): void {
    this.plain.note(changes);
  }

  async search(query: string, options: WorkerContextOptions, aborted: () => boolean): Promise<WorkerHit[]> {
    this.note(options.changes ?? []);
    // Both are being read since the worker started; neither waits for the other.
    const [lexicon, scorer] = await Promise.all([this.lexiconOnce(), this.modelCosine?.(query).catch(() => undefined)]);
    // The first search may be answered before the Vector KB is loaded (see answerFromSnapshot).
    if (this.firstAnswer) await this.firstAnswer.catch(() => undefined);
    if (!this.restored && !scorer && !hasFilter(options)) {
      const first = (this.firstAnswer = this.answerFromSnapshot(query, options, lexicon, aborted));
      const hits = await first;
      if (hits) return hits;
    }
    return this.engine.withEntries(async (view) => {
      if (!this.restored) await this.restore(view, lexicon);
      // Attached before the documents arrive, so each is read once for both indexes.
      if (lexicon && !this.corpus.meaning) this.corpus.attachMeaning(new MeaningIndex(lexicon));
      await this.syncVector(view);
      await this.plain.sync(view.db);
      if (aborted()) throw new PhoenixError("ABORTED", "The search was cancelled.");
      const sources = new Set(options.sources);
      const rows = view.rows();
      const filter = hasFilter(options) ? options.filter : undefined;
      const accept = (number: number): boolean => {
        const doc = this.corpus.doc(number);
        if (!doc || !sources.has(doc.source)) return false;
        if (doc.source !== "vector_kb" || !filter) return true;
        const row = rows.get(doc.ref);
        return row !== undefined && view.matches(row, filter);
      };
      const cosine = scorer
        ? (number: number) => {
            const doc = this.corpus.doc(number);
            return doc?.source === "vector_kb" ? scorer(doc.ref) : undefined;
          }
        : undefined;
      const model = cosine ? { cosine, vectorCandidates: modelCandidates(this.corpus, cosine, MODEL_CANDIDATES) } : {};
      const hits = rankCorpus(this.corpus, lexicon, query, { topK: options.topK, accept, ...model }).hits.map((hit): WorkerHit => {
        const doc = this.corpus.doc(hit.doc)!;
        const out: WorkerHit = { source: doc.source, ref: doc.ref, text: doc.text, score: hit.score, why: hit.why };
        if (doc.source === "vector_kb") {
          const row = rows.get(doc.ref);
          out.metadata = row === undefined ? {} : view.metadata(row);
        }
        return out;
      });
      return this.finish(hits, query, options, lexicon);
    });
  }

  /** Adds the soul hits, keeps the best `topK`, and writes the index if this search changed it. */
  private async finish(hits: WorkerHit[], query: string, options: WorkerContextOptions, lexicon: Lexicon | undefined): Promise<WorkerHit[]> {
    if (options.soul && options.soul.length > 0 && options.sources.includes("soul_kb")) hits.push(...rankSoul(query, options.soul, lexicon, options.topK));
    hits.sort((a, b) => b.score - a.score);
    await this.persistIfChanged(lexicon);
    return hits.slice(0, options.topK);
  }

  /**
   * The first search after the worker starts, answered from the persisted index alone when it is in
   * step with the stores (the Vector KB's token and the Mind/cortex stamp both unchanged): it needs no
   * Vector KB vectors (the fusion's cosine embeds the candidates' texts), and the metadata of the
   * Vector KB hits is read from their records. The Vector KB's index then loads for later calls.
   * Undefined when the persisted index is missing or stale: the search then takes the usual path.
   */
  private async answerFromSnapshot(query: string, options: WorkerContextOptions, lexicon: Lexicon | undefined, aborted: () => boolean): Promise<WorkerHit[] | undefined> {
    const started = performance.now();
    const db = this.engine.database;
    const [decoded, now] = await Promise.all([this.snapshot(), readStamps(db)]);
    if (!decoded || this.restored) return undefined;
    const { stamp, corpus } = decoded;
    const sameLexicon = lexicon !== undefined && stamp.lexicon?.words === lexicon.words.length && stamp.lexicon.vectors === lexicon.vectorCount;
    // A lexicon the vectors were not made with means tokenising every text again: the usual path does that.
    if (lexicon !== undefined && !sameLexicon) return undefined;
    if (now.vectorToken !== stamp.vectorToken || now.stamp !== stamp.stamp || this.restored) return undefined;
    this.restored = true;
    this.corpus.restore(corpus, sameLexicon ? new MeaningIndex(lexicon) : undefined);
    this.vectorToken = stamp.vectorToken;
    this.vectorVersion = ADOPT_BY_TOKEN;
    this.plain.adopt(stamp.stamp, stamp.counts);
    this.origin = "loaded";
    this.saved = { changes: this.corpus.changes, stamp: stamp.stamp ?? "", vectorToken: stamp.vectorToken ?? "" };
    this.loadMs = performance.now() - started;
    await this.plain.sync(db);
    if (aborted()) throw new PhoenixError("ABORTED", "The search was cancelled.");
    const sources = new Set(options.sources);
    const accept = (number: number): boolean => {
      const doc = this.corpus.doc(number);
      return doc !== undefined && sources.has(doc.source);
    };
    const ranked = rankCorpus(this.corpus, lexicon, query, { topK: options.topK, accept }).hits.map((hit): WorkerHit => {
      const doc = this.corpus.doc(hit.doc)!;
      return { source: doc.source, ref: doc.ref, text: doc.text, score: hit.score, why: hit.why };
    });
    const vectorHits = ranked.filter((hit) => hit.source === "vector_kb");
    const metadata = await readMetadata(db, vectorHits.map((hit) => hit.ref));
    vectorHits.forEach((hit, i) => (hit.metadata = metadata[i]!));
    const hits = await this.finish(ranked, query, options, lexicon);
    this.engine.warm();
    return hits;
  }

  /** The persisted index, read once per worker start (or after invalidate). */
  private snapshot(): Promise<DecodedSnapshot | undefined> {
    const early = this.early;
    this.early = undefined;
    this.decoded ??= (early ?? this.storage.read().then((bytes) => (bytes ? decodeSnapshot(bytes) : undefined))).catch(() => undefined);
    return this.decoded;
  }


  /**
   * Indexes Vector KB entries as they are added, while their transaction commits, so the next search
   * has nothing to tokenise. Only once the index is in memory; the next search reconciles with the
   * engine's rows anyway (an add that then fails is dropped there).
   */
  indexAdded(added: ReadonlyArray<{ id: string; text: string }>): void {
    if (!this.restored) return;
    for (const { id, text } of added) if (!this.corpus.has("vector_kb", id)) this.corpus.put({ source: "vector_kb", ref: id, text });
  }

  /** Times `search` of each query inside the worker (for the benchmark), in ms, and the index's size. */
  async profile(queries: readonly string[], options: WorkerContextOptions): Promise<{ times: number[]; info: ContextIndexInfo }> {
    const times: number[] = [];
    for (const query of queries) {
      const start = performance.now();
      await this.search(query, options, () => false);
      times.push(performance.now() - start);
    }
    return { times, info: await this.info() };
  }

  /** Where the index came from, its size, and where it is persisted; waits for a write under way. */
  async info(): Promise<ContextIndexInfo> {
    await this.saving;
    let textBytes = 0;
    this.corpus.forEachDoc((_, doc) => {
      textBytes += doc.text.length;
    });
    return {
      origin: this.origin,
      loaded: this.origin === "loaded" || this.origin === "updated",
      rebuilt: this.origin === "built" || this.origin === "updated",
      tokenized: this.corpus.analysed,
      storage: this.storage.kind,
      persisted: this.saved.changes === this.corpus.changes,
      persistedBytes: this.savedBytes,
      loadMs: this.loadMs,
      docs: this.corpus.size,
      postings: this.corpus.text.postingCount,
      indexBytes: this.corpus.text.byteLength,
      meaningBytes: this.corpus.meaning?.byteLength ?? 0,
      textBytes,
    };
  }

  /** Lets a write under way finish (the database closes after). */
  async close(): Promise<void> {
    this.channel?.close();
    await this.saving;
  }

  private lexiconOnce(): Promise<Lexicon | undefined> {
    this.lexicon ??= this.loadLexicon().catch(() => undefined);
    return this.lexicon;
  }

  /**
   * Takes over the persisted index, if there is one this code wrote: the Vector KB part as it is when
   * the engine's token is the one it was written with, else checked entry by entry (ids and texts);
   * the Mind and cortex part as it is when the stamp is unchanged, else read again store by store.
   */
  private async restore(view: EntryView, lexicon: Lexicon | undefined): Promise<void> {
    this.restored = true;
    const started = performance.now();
    try {
      await this.takeOver(view, lexicon);
    } finally {
      this.loadMs = performance.now() - started;
    }
  }

  private async takeOver(view: EntryView, lexicon: Lexicon | undefined): Promise<void> {
    const decoded = await this.snapshot();
    // Taken over once: the decoded copy's arrays now belong to the corpus.
    this.decoded = Promise.resolve(undefined);
    if (!decoded) {
      this.origin = "built";
      return;
    }
    const { stamp, corpus } = decoded;
    const sameLexicon = lexicon !== undefined && stamp.lexicon?.words === lexicon.words.length && stamp.lexicon.vectors === lexicon.vectorCount;
    this.corpus.restore(corpus, sameLexicon ? new MeaningIndex(lexicon) : undefined);
    let fresh = sameLexicon || lexicon === undefined;
    if (stamp.vectorToken === (view.token ?? null)) this.vectorVersion = view.version;
    else {
      fresh = false;
      const rows = view.rows();
      for (const id of this.corpus.refs("vector_kb")) {
        const row = rows.get(id);
        const held = this.corpus.doc(this.corpus.numberOf("vector_kb", id)!)!;
        if (row === undefined || view.text(row) !== held.text) this.corpus.remove("vector_kb", id);
      }
    }
    this.vectorToken = view.token ?? null;
    if ((await PlainStores.readStamp(view.db)) === stamp.stamp) this.plain.adopt(stamp.stamp, stamp.counts);
    else fresh = false;
    this.origin = fresh ? "loaded" : "updated";
    this.saved = { changes: this.corpus.changes, stamp: stamp.stamp ?? "", vectorToken: stamp.vectorToken ?? "" };
  }

  /**
   * Writes the index when this search changed it (or learned newer stamps). The bytes are taken now,
   * in the engine's turn, so they match the stamps. A small index is written before the answer (a
   * page closed right after still finds it); a large one after, so the answer does not wait for the disk.
   */
  private async persistIfChanged(lexicon: Lexicon | undefined): Promise<void> {
    const stamp = this.plain.stamp ?? "";
    const vectorToken = this.vectorToken ?? "";
    if (this.saved.changes === this.corpus.changes && this.saved.stamp === stamp && this.saved.vectorToken === vectorToken) return;
    const header: SnapshotStamp = {
      stamp: this.plain.stamp,
      vectorToken: this.vectorToken,
      counts: { mind_vault: this.plain.counts.get("mind_vault") ?? 0, eternal_memory: this.plain.counts.get("eternal_memory") ?? 0 },
      lexicon: lexicon && this.corpus.meaning ? { words: lexicon.words.length, vectors: lexicon.vectorCount } : null,
    };
    const bytes = encodeSnapshot(this.corpus.pack(), header);
    this.saved = { changes: this.corpus.changes, stamp, vectorToken };
    this.saving = this.saving
      .then(() => this.storage.write(bytes))
      .then(
        () => {
          this.savedBytes = bytes.byteLength;
        },
        () => {
          // Not written (storage full, say): the next change tries again; nothing is lost but time.
          this.saved.changes = -1;
        },
      );
    if (bytes.byteLength <= WAIT_FOR_WRITE_BYTES) await this.saving;
  }

  /** Adds new Vector KB entries and drops removed ones when the engine's version moved. */
  private async syncVector(view: EntryView): Promise<void> {
    // Answered from the persisted index before the engine loaded: its entries are those of that token.
    if (this.vectorVersion === ADOPT_BY_TOKEN && (view.token ?? null) === this.vectorToken) this.vectorVersion = view.version;
    if (view.version === this.vectorVersion) return;
    const rows = view.rows();
    for (const id of this.corpus.refs("vector_kb")) if (!rows.has(id)) this.corpus.remove("vector_kb", id);
    for (const [id, row] of rows) {
      if (!this.corpus.has("vector_kb", id)) this.corpus.put({ source: "vector_kb", ref: id, text: view.text(row) });
    }
    this.vectorVersion = view.version;
    this.vectorToken = view.token ?? null;
  }
}

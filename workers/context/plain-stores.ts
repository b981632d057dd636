/**
 * Keeps the corpus's Mind Vault and cortex documents in step with IndexedDB (the Vector KB has its
 * own engine). Three signals, cheapest first: the keys the page reports after its own writes (and
 * other tabs' reports by BroadcastChannel), the `meta` stamp every Mind and cortex write transaction
 * rewrites (src/db/write.ts), and a count per store that catches writers who bypass both (a raw put,
 * an old version of the app). A store whose stamp or count moved with no key to explain it is read
 * again whole; only texts that differ are tokenised again.
 */
import { CONTEXT_STAMP_KEY } from "../../src/db/schema.js";
import type { Corpus, CorpusDoc } from "./corpus.js";

export type PlainSource = "mind_vault" | "eternal_memory";
export const PLAIN_SOURCES: readonly PlainSource[] = ["mind_vault", "eternal_memory"];

export interface StoreChange {
  store: PlainSource;
  key: string;
}

export class PlainStores {
  /** Whether the corpus holds both stores (loaded, or taken from a persisted index in step). */
  loaded = false;
  /** The stamp the corpus is in step with. */
  stamp: string | null = null;
  readonly counts = new Map<PlainSource, number>();
  private readonly pending = new Map<PlainSource, Set<string>>();

  constructor(private readonly corpus: Corpus) {}

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

  /** Takes over a persisted index's view of the stores: in step with `stamp`, holding `counts` records. */
  adopt(stamp: string | null, counts: Readonly<Record<PlainSource, number>>): void {
    this.loaded = true;
    this.stamp = stamp;
    for (const store of PLAIN_SOURCES) this.counts.set(store, counts[store]);
  }

  reset(): void {
    this.loaded = false;
    this.stamp = null;
    this.counts.clear();
  }

  /** The current stamp, as any tab reads it. */
  static async readStamp(db: IDBDatabase): Promise<string | null> {
    const value = await request(db.transaction("meta", "readonly").objectStore("meta").get(CONTEXT_STAMP_KEY));
    return typeof value === "string" ? value : null;
  }

  /** Loads both stores on first use; then applies the keys reported and reads again a store that moved otherwise. */
  async sync(db: IDBDatabase): Promise<void> {
    const tx = db.transaction([...PLAIN_SOURCES, "meta"], "readonly");
    const stampRead = request(tx.objectStore("meta").get(CONTEXT_STAMP_KEY));
    if (!this.loaded) {
      this.pending.clear();
      await Promise.all(PLAIN_SOURCES.map((store) => this.loadStore(tx.objectStore(store), store)));
      this.stamp = stampOf(await stampRead);
      this.loaded = true;
      return;
    }
    const stamp = stampOf(await stampRead);
    const explained = this.pending.size > 0;
    await Promise.all(
      PLAIN_SOURCES.map(async (store) => {
        const objectStore = tx.objectStore(store);
        const count = await request(objectStore.count());
        const keys = this.pending.get(store);
        this.pending.delete(store);
        if (keys) {
          const values = await Promise.all([...keys].map((key) => request(objectStore.get(key)) as Promise<unknown>));
          [...keys].forEach((key, i) => this.apply(store, key, values[i]));
        }
        // The stamp moved and no report says why: another tab, a sweep, a write whose report was lost.
        const unexplained = stamp !== this.stamp && !explained;
        if (unexplained || count !== this.counts.get(store)) await this.loadStore(objectStore, store);
      }),
    );
    this.stamp = stamp;
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
    if (held && held.text === doc.text && held.layer === doc.layer && held.createdAt === doc.createdAt) return;
    if (!held) this.counts.set(store, (this.counts.get(store) ?? 0) + 1);
    this.corpus.put(doc);
  }
}

function stampOf(value: unknown): string | null {
  return typeof value === "string" ? value : null;
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

export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

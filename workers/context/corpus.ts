/**
 * The documents the Context Engine searches, each under one number: Vector KB entries, Mind values
 * and cortex memories (in the worker), or soul memories (on the page, for one search). It keeps the
 * full-text index and the people of the Mind Vault in step with every add and remove, and the
 * vocabulary tables that typo correction and neighbour expansion read.
 */
import type { JsonObject, Layer } from "../../src/db/schema.js";
import { analyse, type AnalysedDoc } from "./analyse.js";
import { TextIndex, type PackedText } from "./bm25.js";
import type { Lexicon } from "./lexicon.js";
import type { MeaningIndex, PackedMeaning } from "./meaning.js";
import { personName, relationTags } from "./relations.js";
import type { ContextSource } from "../../src/context/types.js";

export interface CorpusDoc extends AnalysedDoc {
  metadata?: JsonObject;
  layer?: Layer;
  createdAt?: number;
}

/** A corpus of living documents only, numbered 0…n−1 (what src/context/snapshot.ts stores). */
export interface PackedCorpus {
  docs: CorpusDoc[];
  text: PackedText;
  /** Meaning vectors, when the lexicon was loaded. */
  meaning?: PackedMeaning;
}

export class Corpus {
  text = new TextIndex();
  /** Documents tokenised since this corpus was made: a reload that loads a persisted index adds none. */
  analysed = 0;
  /** Bumped by every put and remove: the persisted copy is current while it holds this count. */
  changes = 0;
  private docs: Array<CorpusDoc | undefined> = [];
  private readonly byRef = new Map<string, number>();
  private readonly peopleMap = new Map<string, Set<string>>();
  private surfaceCache: { version: number; list: string[] } | undefined;
  private lexiconRowsCache: { version: number; lexicon: Lexicon; rows: number[] } | undefined;
  private meaningIndex: MeaningIndex | undefined;

  get size(): number {
    return this.text.size;
  }

  /** Adds or replaces the document of `source`/`ref`. */
  put(doc: CorpusDoc): void {
    this.remove(doc.source, doc.ref);
    this.changes += 1;
    const number = this.docs.length;
    this.docs.push(doc);
    this.byRef.set(refKey(doc.source, doc.ref), number);
    const { terms, surfaces } = analyse(doc);
    this.analysed += 1;
    this.text.add(number, terms, surfaces);
    this.meaningIndex?.add(number, surfaces);
    if (doc.source === "mind_vault") {
      const name = personName(doc.ref);
      if (name) this.peopleMap.set(name, relationTags(doc.text));
    }
  }

  remove(source: ContextSource, ref: string): boolean {
    const key = refKey(source, ref);
    const number = this.byRef.get(key);
    if (number === undefined) return false;
    this.changes += 1;
    this.byRef.delete(key);
    this.text.remove(number, analyse(this.docs[number]!).terms);
    this.meaningIndex?.remove(number);
    this.docs[number] = undefined;
    if (source === "mind_vault") {
      const name = personName(ref);
      if (name) this.peopleMap.delete(name);
    }
    return true;
  }

  /** The meaning index, once the lexicon has loaded; it follows every later add and remove. */
  get meaning(): MeaningIndex | undefined {
    return this.meaningIndex;
  }

  attachMeaning(meaning: MeaningIndex): void {
    meaning.fill(this, () => (this.analysed += 1));
    this.meaningIndex = meaning;
  }

  /** Living documents renumbered in order, with their postings (and meaning vectors). */
  pack(): PackedCorpus {
    const renumber = new Int32Array(this.docs.length).fill(-1);
    const docs: CorpusDoc[] = [];
    this.docs.forEach((doc, number) => {
      if (doc === undefined) return;
      renumber[number] = docs.length;
      docs.push(doc);
    });
    const packed: PackedCorpus = { docs, text: this.text.pack(renumber) };
    const meaning = this.meaningIndex?.pack(renumber);
    if (meaning) packed.meaning = meaning;
    return packed;
  }

  /** Takes over a packed corpus: nothing is tokenised (the meaning vectors need `meaning` for their lexicon). */
  restore(packed: PackedCorpus, meaning?: MeaningIndex): void {
    this.text = TextIndex.unpack(packed.text);
    this.docs = packed.docs.slice();
    this.byRef.clear();
    this.peopleMap.clear();
    this.surfaceCache = undefined;
    this.lexiconRowsCache = undefined;
    this.docs.forEach((doc, number) => {
      this.byRef.set(refKey(doc!.source, doc!.ref), number);
      if (doc!.source !== "mind_vault") return;
      const name = personName(doc!.ref);
      if (name) this.peopleMap.set(name, relationTags(doc!.text));
    });
    this.meaningIndex = undefined;
    if (meaning && packed.meaning && meaning.unpack(packed.meaning)) this.meaningIndex = meaning;
  }

  forEachDoc(visit: (number: number, doc: CorpusDoc) => void): void {
    for (const number of this.byRef.values()) visit(number, this.docs[number]!);
  }

  numberOf(source: ContextSource, ref: string): number | undefined {
    return this.byRef.get(refKey(source, ref));
  }

  has(source: ContextSource, ref: string): boolean {
    return this.byRef.has(refKey(source, ref));
  }

  doc(number: number): CorpusDoc | undefined {
    return this.docs[number];
  }

  /** The refs held for a source. */
  refs(source: ContextSource): string[] {
    const prefix = `${source}\u0000`;
    const out: string[] = [];
    for (const key of this.byRef.keys()) if (key.startsWith(prefix)) out.push(key.slice(prefix.length));
    return out;
  }

  /** Drops every document of `source`, or all documents. */
  clear(source?: ContextSource): void {
    for (const key of [...this.byRef.keys()]) {
      const cut = key.indexOf("\u0000");
      const of = key.slice(0, cut) as ContextSource;
      if (!source || of === source) this.remove(of, key.slice(cut + 1));
    }
  }

  /** Name → relations held, from `person:{Name}` Mind entries. */
  get people(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.peopleMap;
  }

  /** The index's words (surface forms), for typo correction; cached until the vocabulary changes. */
  surfaces(): string[] {
    const version = this.text.vocabularyVersion;
    if (this.surfaceCache?.version !== version) {
      const list: string[] = [];
      for (const [, surface] of this.text.vocabulary()) if (/^[a-z]+$/.test(surface)) list.push(surface);
      this.surfaceCache = { version, list };
    }
    return this.surfaceCache.list;
  }

  /** Lexicon rows of the index's words: the only neighbours worth adding to a query. */
  lexiconRows(lexicon: Lexicon): number[] {
    const version = this.text.vocabularyVersion;
    if (this.lexiconRowsCache?.version !== version || this.lexiconRowsCache.lexicon !== lexicon) {
      const rows = new Set<number>();
      for (const [, surface] of this.text.vocabulary()) {
        const row = lexicon.row(surface);
        if (row !== undefined) rows.add(row);
      }
      this.lexiconRowsCache = { version, lexicon, rows: [...rows] };
    }
    return this.lexiconRowsCache.rows;
  }
}

function refKey(source: ContextSource, ref: string): string {
  return `${source}\u0000${ref}`;
}

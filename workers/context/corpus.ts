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

/** Documents numbered 0…length−1, read one at a time (a packed snapshot's, or an array's). */
export interface DocTable {
  readonly length: number;
  get(number: number): CorpusDoc;
  source(number: number): ContextSource;
  ref(number: number): string;
}

export function docTable(docs: readonly CorpusDoc[]): DocTable {
  return { length: docs.length, get: (i) => docs[i]!, source: (i) => docs[i]!.source, ref: (i) => docs[i]!.ref };
}

/** A corpus of living documents only, numbered 0…n−1 (what snapshot.ts stores). */
export interface PackedCorpus {
  docs: DocTable;
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
  /**
   * By number: the document, null once removed, or undefined while it is still only in `table` (a
   * restored snapshot's documents become objects when first read).
   */
  private docs: Array<CorpusDoc | null | undefined> = [];
  private table: DocTable | undefined;
  /** source + ref → number, and the people; made on first need (a first search after a restore needs neither). */
  private byRefMap: Map<string, number> | undefined = new Map();
  private peopleMap: Map<string, Set<string>> | undefined = new Map();
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
    this.byRef().set(refKey(doc.source, doc.ref), number);
    const { terms, surfaces } = analyse(doc);
    this.analysed += 1;
    this.text.add(number, terms, surfaces);
    this.meaningIndex?.add(number, surfaces);
    if (doc.source === "mind_vault") {
      const name = personName(doc.ref);
      if (name) this.peopleMap?.set(name, relationTags(doc.text));
    }
  }

  remove(source: ContextSource, ref: string): boolean {
    const key = refKey(source, ref);
    const byRef = this.byRef();
    const number = byRef.get(key);
    if (number === undefined) return false;
    this.changes += 1;
    byRef.delete(key);
    this.text.remove(number, analyse(this.doc(number)!).terms);
    this.meaningIndex?.remove(number);
    this.docs[number] = null;
    if (source === "mind_vault") {
      const name = personName(ref);
      if (name) this.peopleMap?.delete(name);
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
    for (let number = 0; number < this.docs.length; number += 1) {
      const doc = this.doc(number);
      if (doc === undefined) continue;
      renumber[number] = docs.length;
      docs.push(doc);
    }
    const packed: PackedCorpus = { docs: docTable(docs), text: this.text.pack(renumber) };
    const meaning = this.meaningIndex?.pack(renumber);
    if (meaning) packed.meaning = meaning;
    return packed;
  }

  /**
   * Takes over a packed corpus: nothing is tokenised, and no document is read until asked for (the
   * meaning vectors need `meaning` for their lexicon).
   */
  restore(packed: PackedCorpus, meaning?: MeaningIndex): void {
    this.text = TextIndex.unpack(packed.text);
    this.table = packed.docs;
    this.docs = new Array<CorpusDoc | null | undefined>(packed.docs.length);
    this.byRefMap = undefined;
    this.peopleMap = undefined;
    this.surfaceCache = undefined;
    this.lexiconRowsCache = undefined;
    this.meaningIndex = undefined;
    if (meaning && packed.meaning && meaning.unpack(packed.meaning)) this.meaningIndex = meaning;
  }

  /** Every living document, by rising number (the order they were put in). */
  forEachDoc(visit: (number: number, doc: CorpusDoc) => void): void {
    for (let number = 0; number < this.docs.length; number += 1) {
      const doc = this.doc(number);
      if (doc !== undefined) visit(number, doc);
    }
  }

  numberOf(source: ContextSource, ref: string): number | undefined {
    return this.byRef().get(refKey(source, ref));
  }

  has(source: ContextSource, ref: string): boolean {
    return this.byRef().has(refKey(source, ref));
  }

  doc(number: number): CorpusDoc | undefined {
    const held = this.docs[number];
    if (held !== undefined) return held ?? undefined;
    if (!this.table || number >= this.table.length) return undefined;
    const doc = this.table.get(number);
    this.docs[number] = doc;
    return doc;
  }

  /** The refs held for a source. */
  refs(source: ContextSource): string[] {
    const prefix = `${source}\u0000`;
    const out: string[] = [];
    for (const key of this.byRef().keys()) if (key.startsWith(prefix)) out.push(key.slice(prefix.length));
    return out;
  }

  /** Drops every document of `source`, or all documents. */
  clear(source?: ContextSource): void {
    for (const key of [...this.byRef().keys()]) {
      const cut = key.indexOf("\u0000");
      const of = key.slice(0, cut) as ContextSource;
      if (!source || of === source) this.remove(of, key.slice(cut + 1));
    }
  }

  private byRef(): Map<string, number> {
    if (!this.byRefMap) {
      const map = new Map<string, number>();
      for (let number = 0; number < this.docs.length; number += 1) {
        if (this.docs[number] !== null) map.set(refKey(this.sourceOf(number), this.refOf(number)), number);
      }
      this.byRefMap = map;
    }
    return this.byRefMap;
  }

  /** The source and ref of a living document, without making it an object. */
  private sourceOf(number: number): ContextSource {
    return this.docs[number]?.source ?? this.table!.source(number);
  }

  private refOf(number: number): string {
    return this.docs[number]?.ref ?? this.table!.ref(number);
  }

  /** Name → relations held, from `person:{Name}` Mind entries. */
  get people(): ReadonlyMap<string, ReadonlySet<string>> {
    if (!this.peopleMap) {
      const people = new Map<string, Set<string>>();
      for (let number = 0; number < this.docs.length; number += 1) {
        if (this.docs[number] === null || this.sourceOf(number) !== "mind_vault") continue;
        const name = personName(this.refOf(number));
        if (name) people.set(name, relationTags(this.doc(number)!.text));
      }
      this.peopleMap = people;
    }
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

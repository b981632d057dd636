/**
 * The persisted form of the Context Engine's index: one byte buffer holding the living documents
 * (source, ref, text, layer, time), the BM25 postings and the meaning vectors, so that a restarted
 * worker takes them over with a few memory copies instead of tokenising every text again.
 *
 * Layout: "PXCI", u32 header length, the header as JSON (`{ type: "context-index", version, … }`,
 * with where each section lies), then the sections, each a typed array aligned to 8 bytes. Strings of
 * many documents are one UTF-8 section plus the UTF-16 end of each. `decodeSnapshot` refuses anything
 * it cannot vouch for (wrong magic, type or version, a section out of bounds, postings that point
 * past the documents or run backwards): the caller then rebuilds, as when there is no snapshot.
 */
import { LAYERS, type Layer } from "../../src/db/schema.js";
import type { CorpusDoc, DocTable, PackedCorpus } from "./corpus.js";
import { CONTEXT_SOURCES } from "../../src/context/types.js";
import { LEXICON_DIM } from "./lexicon.js";

export const SNAPSHOT_TYPE = "context-index";
export const SNAPSHOT_VERSION = 2;
const MAGIC = [0x50, 0x58, 0x43, 0x49];

/** What the index was in step with when it was written. */
export interface SnapshotStamp {
  /** `meta` CONTEXT_STAMP_KEY as read with the Mind and cortex texts indexed (null: none yet). */
  stamp: string | null;
  /** The Vector KB state token of the entries indexed (null: none). */
  vectorToken: string | null;
  /** Records counted in each plain store, for the per-search count check. */
  counts: { mind_vault: number; eternal_memory: number };
  /** The lexicon the meaning vectors came from (its word and vector counts), or null. */
  lexicon: { words: number; vectors: number } | null;
}

type Kind = "u8" | "i8" | "u16" | "u32" | "i32" | "f32" | "f64";
const ARRAYS = { u8: Uint8Array, i8: Int8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array, f32: Float32Array, f64: Float64Array } as const;
type Section = { name: string; kind: Kind; offset: number; length: number };

interface Header extends SnapshotStamp {
  type: typeof SNAPSHOT_TYPE;
  version: typeof SNAPSHOT_VERSION;
  docs: number;
  sections: Section[];
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

function joined(strings: readonly string[]): { bytes: Uint8Array; ends: Uint32Array } {
  const ends = new Uint32Array(strings.length);
  let at = 0;
  strings.forEach((text, i) => {
    at += text.length;
    ends[i] = at;
  });
  return { bytes: utf8.encode(strings.join("")), ends };
}

export function encodeSnapshot(corpus: PackedCorpus, stamp: SnapshotStamp): Uint8Array<ArrayBuffer> {
  const { text, meaning } = corpus;
  const docs = Array.from({ length: corpus.docs.length }, (_, i) => corpus.docs.get(i));
  const refs = joined(docs.map((doc) => doc.ref));
  const texts = joined(docs.map((doc) => doc.text));
  const arrays: Array<[string, Kind, ArrayLike<number> & { buffer: ArrayBufferLike; byteLength: number }]> = [
    ["sources", "u8", Uint8Array.from(docs, (doc) => CONTEXT_SOURCES.indexOf(doc.source))],
    ["refs", "u8", refs.bytes],
    ["refEnds", "u32", refs.ends],
    ["texts", "u8", texts.bytes],
    ["textEnds", "u32", texts.ends],
    ["layers", "u8", Uint8Array.from(docs, (doc) => (doc.layer ? LAYERS.indexOf(doc.layer) + 1 : 0))],
    ["created", "f64", Float64Array.from(docs, (doc) => doc.createdAt ?? Number.NaN)],
    ["terms", "u8", utf8.encode(text.terms.join("\n"))],
    ["surfaces", "u8", utf8.encode(text.surfaces.join("\n"))],
    ["postStarts", "u32", text.postStarts],
    ["postDocs", "i32", text.postDocs],
    ["postTfs", "u8", text.postTfs],
    ["docLen", "i32", text.docLen],
  ];
  if (meaning) {
    arrays.push(["meaningStride", "u32", Uint32Array.of(meaning.stride)], ["meaningDocs", "i32", meaning.docs]);
    arrays.push(["meaningVectors", "i8", meaning.vectors], ["meaningNorms", "f32", meaning.norms]);
  }
  const sections: Section[] = [];
  let offset = 0;
  for (const [name, kind, array] of arrays) {
    sections.push({ name, kind, offset, length: array.length });
    offset += Math.ceil(array.byteLength / 8) * 8;
  }
  const header: Header = { type: SNAPSHOT_TYPE, version: SNAPSHOT_VERSION, ...stamp, docs: docs.length, sections };
  const headerBytes = utf8.encode(JSON.stringify(header));
  const start = Math.ceil((8 + headerBytes.length) / 8) * 8;
  const out = new Uint8Array(start + offset);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  arrays.forEach(([, , array], i) => out.set(new Uint8Array(array.buffer, (array as Uint8Array).byteOffset, array.byteLength), start + sections[i]!.offset));
  return out;
}

export interface DecodedSnapshot {
  stamp: SnapshotStamp;
  corpus: PackedCorpus;
}

/** The snapshot in `bytes`, or undefined when it is not one this code wrote whole. */
export function decodeSnapshot(bytes: ArrayBuffer): DecodedSnapshot | undefined {
  try {
    const view = new Uint8Array(bytes);
    if (view.length < 8 || MAGIC.some((byte, i) => view[i] !== byte)) return undefined;
    const headerLength = new DataView(bytes).getUint32(4, true);
    if (8 + headerLength > view.length) return undefined;
    const header: unknown = JSON.parse(utf8Decoder.decode(view.subarray(8, 8 + headerLength)));
    if (!isHeader(header)) return undefined;
    const start = Math.ceil((8 + headerLength) / 8) * 8;
    const get = <K extends Kind>(name: string, kind: K): InstanceType<(typeof ARRAYS)[K]> | undefined => {
      const section = header.sections.find((entry) => entry.name === name);
      if (!section || section.kind !== kind) return undefined;
      const type = ARRAYS[kind];
      const at = start + section.offset;
      if (at + section.length * type.BYTES_PER_ELEMENT > bytes.byteLength) return undefined;
      return new type(bytes, at, section.length) as InstanceType<(typeof ARRAYS)[K]>;
    };
    const corpus = readCorpus(header, get);
    return corpus ? { stamp: stampOf(header), corpus } : undefined;
  } catch {
    return undefined;
  }
}

type Getter = <K extends Kind>(name: string, kind: K) => InstanceType<(typeof ARRAYS)[K]> | undefined;

function readCorpus(header: Header, get: Getter): PackedCorpus | undefined {
  const n = header.docs;
  const sources = get("sources", "u8");
  const layers = get("layers", "u8");
  const created = get("created", "f64");
  const refs = strings(get("refs", "u8"), get("refEnds", "u32"));
  const texts = strings(get("texts", "u8"), get("textEnds", "u32"));
  const postStarts = get("postStarts", "u32");
  const postDocs = get("postDocs", "i32");
  const postTfs = get("postTfs", "u8");
  const docLen = get("docLen", "i32");
  const termBytes = get("terms", "u8");
  const surfaceBytes = get("surfaces", "u8");
  if (!sources || !layers || !created || !refs || !texts || !postStarts || !postDocs || !postTfs || !docLen || !termBytes || !surfaceBytes) return undefined;
  if (sources.length !== n || layers.length !== n || created.length !== n || refs.length !== n || texts.length !== n || docLen.length !== n) return undefined;
  const terms = splitWords(termBytes);
  const surfaces = splitWords(surfaceBytes);
  if (terms.length !== surfaces.length || postStarts.length !== terms.length + 1 || postTfs.length !== postDocs.length) return undefined;
  if (!postingsValid(postStarts, postDocs, postTfs, n)) return undefined;
  for (let i = 0; i < n; i += 1) {
    const source = CONTEXT_SOURCES[sources[i]!];
    // Soul memories are never indexed here; a snapshot holding one is not ours.
    if (!source || source === "soul_kb" || layers[i]! > LAYERS.length || docLen[i]! < 0) return undefined;
  }
  const corpus: PackedCorpus = { docs: packedDocs(n, sources, refs, texts, layers, created), text: { terms, surfaces, postStarts, postDocs, postTfs, docLen } };
  const stride = get("meaningStride", "u32")?.[0];
  const meaningDocs = get("meaningDocs", "i32");
  const meaningVectors = get("meaningVectors", "i8");
  const meaningNorms = get("meaningNorms", "f32");
  if (stride !== undefined && meaningDocs && meaningVectors && meaningNorms) {
    if (stride < LEXICON_DIM || meaningVectors.length !== meaningDocs.length * stride || meaningNorms.length !== meaningDocs.length) return undefined;
    if (meaningDocs.some((doc) => doc < 0 || doc >= n) || meaningNorms.some((norm) => !(norm > 0))) return undefined;
    corpus.meaning = { stride, docs: meaningDocs, vectors: meaningVectors, norms: meaningNorms };
  }
  return corpus;
}

/**
 * The documents read in place: a document becomes an object only when asked for (a hit, a changed
 * text), so taking over 100,000 of them costs two string decodes, not 100,000 objects.
 */
function packedDocs(n: number, sources: Uint8Array, refs: PackedStrings, texts: PackedStrings, layers: Uint8Array, created: Float64Array): DocTable {
  return {
    length: n,
    source: (i) => CONTEXT_SOURCES[sources[i]!]!,
    ref: (i) => refs.at(i),
    get(i) {
      const doc: CorpusDoc = { source: CONTEXT_SOURCES[sources[i]!]!, ref: refs.at(i), text: texts.at(i) };
      if (layers[i]! > 0) doc.layer = LAYERS[layers[i]! - 1] as Layer;
      if (!Number.isNaN(created[i]!)) doc.createdAt = created[i]!;
      return doc;
    },
  };
}

/** Each term's doc numbers rise and stay below `n`; starts rise and end at the postings' length. */
function postingsValid(starts: Uint32Array, docs: Int32Array, tfs: Uint8Array, n: number): boolean {
  if (starts[0] !== 0 || starts[starts.length - 1] !== docs.length) return false;
  for (let t = 0; t + 1 < starts.length; t += 1) {
    const from = starts[t]!;
    const to = starts[t + 1]!;
    if (to <= from) return false;
    let previous = -1;
    for (let i = from; i < to; i += 1) {
      const doc = docs[i]!;
      if (doc <= previous || doc >= n || tfs[i] === 0) return false;
      previous = doc;
    }
  }
  return true;
}

interface PackedStrings {
  readonly length: number;
  at(i: number): string;
}

/** Many strings as one decoded string and the UTF-16 end of each; each is sliced out when read. */
function strings(bytes: Uint8Array | undefined, ends: Uint32Array | undefined): PackedStrings | undefined {
  if (!bytes || !ends) return undefined;
  const all = utf8Decoder.decode(bytes);
  if ((ends.length > 0 ? ends[ends.length - 1]! : 0) !== all.length) return undefined;
  for (let i = 1; i < ends.length; i += 1) if (ends[i]! < ends[i - 1]!) return undefined;
  return { length: ends.length, at: (i) => all.slice(i > 0 ? ends[i - 1]! : 0, ends[i]!) };
}

function splitWords(bytes: Uint8Array): string[] {
  return bytes.length === 0 ? [] : utf8Decoder.decode(bytes).split("\n");
}

function stampOf(header: Header): SnapshotStamp {
  return { stamp: header.stamp, vectorToken: header.vectorToken, counts: header.counts, lexicon: header.lexicon };
}

function isHeader(value: unknown): value is Header {
  if (typeof value !== "object" || value === null) return false;
  const header = value as Partial<Header>;
  if (header.type !== SNAPSHOT_TYPE || header.version !== SNAPSHOT_VERSION) return false;
  if (!Number.isInteger(header.docs) || header.docs! < 0 || !Array.isArray(header.sections)) return false;
  if (!(header.stamp === null || typeof header.stamp === "string") || !(header.vectorToken === null || typeof header.vectorToken === "string")) return false;
  const counts = header.counts as Partial<Header["counts"]> | undefined;
  if (!counts || !Number.isInteger(counts.mind_vault) || !Number.isInteger(counts.eternal_memory)) return false;
  const lexicon = header.lexicon as Partial<NonNullable<Header["lexicon"]>> | null | undefined;
  if (lexicon !== null && (typeof lexicon !== "object" || !Number.isInteger(lexicon.words) || !Number.isInteger(lexicon.vectors))) return false;
  return header.sections.every(
    (section: Partial<Section>) =>
      typeof section === "object" && section !== null && typeof section.name === "string" && typeof section.kind === "string" &&
      section.kind in ARRAYS && Number.isInteger(section.offset) && section.offset! >= 0 && section.offset! % 8 === 0 &&
      Number.isInteger(section.length) && section.length! >= 0,
  );
}

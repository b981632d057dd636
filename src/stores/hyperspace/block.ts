/**
 * The packed form of Hyperspace items: up to BLOCK_CAPACITY items of ONE stream per IndexedDB record, so
 * one write carries many items (the seed's "high-throughput backend" for streams).
 *
 * A block is columnar: timestamps and arrival numbers in Float64Arrays, and every source and data string
 * joined into one string with their lengths in a Uint32Array. Structured clone copies typed arrays and
 * one long string as flat memory, where 1,000 little objects cost 1,000 object walks each way (the bench
 * "cache" suite measures both). A string, not UTF-8 bytes: slicing a JS string back is cheaper than
 * TextEncoder/TextDecoder round trips, and the clone of a string is already a flat copy.
 *
 * Order: items of a stream are ordered by (timestamp, seq), seq being the stream's arrival counter, so
 * same-timestamp items keep arrival order. Blocks partition that order: a block's key is
 * [stream, first timestamp, first seq], and every item of a block sorts before the first item of the next.
 */
import type { BlockKey, CosmicBlock, CosmicRecord } from "../../db/schema.js";

/** Items per block at most. */
export const BLOCK_CAPACITY = 1_000;
/**
 * Serialized bytes per block at most (estimated). Chromium moves any IndexedDB value over 64 KiB out of
 * its database into a separate blob file, which costs a file per write and per read; blocks of long
 * items are cut below that instead.
 */
export const BLOCK_BYTES = 56 * 1024;
const WIDE = /[^\u0000-\u00ff]/;

/** What an item adds to a block's serialized size: its strings (one or two bytes a character) and 32 bytes of columns. */
export function itemCost(source: string, data: string): number {
  const width = WIDE.test(source) || WIDE.test(data) ? 2 : 1;
  return (source.length + data.length) * width + 32;
}

/** Where the block starting at `start` ends: at BLOCK_CAPACITY items or BLOCK_BYTES, whichever comes first (never empty). */
export function blockEnd(run: Run, start: number, initialCost = 0): number {
  let cost = initialCost;
  let end = start;
  while (end < run.ts.length && end - start < BLOCK_CAPACITY) {
    cost += itemCost(run.source[end]!, run.data[end]!);
    if (cost > BLOCK_BYTES && end > start) break;
    end += 1;
  }
  return end;
}

/** A block no item should be appended to. */
export function isFull(block: CosmicBlock): boolean {
  if (block.n >= BLOCK_CAPACITY) return true;
  const width = WIDE.test(block.text) ? 2 : 1;
  return block.text.length * width + 32 * block.n >= BLOCK_BYTES - 1024;
}

/** The stored form of a block, and its key: in the schema (src/db/schema.ts), which owns every store's records. */
export type { BlockKey, CosmicBlock };

/** Items of one stream being merged or split, columnar like the block but in plain arrays. */
export interface Run {
  ts: number[];
  seq: number[];
  source: string[];
  data: string[];
}

export function emptyRun(): Run {
  return { ts: [], seq: [], source: [], data: [] };
}

/** UTF-16 length of the strings times two plus the number: an estimate, not the on-disk size. */
export function itemBytes(stream: string, source: string, data: string): number {
  return 2 * (stream.length + source.length + data.length) + 8;
}

export function blockKey(block: CosmicBlock): BlockKey {
  return [block.stream, block.ts[0]!, block.seq[0]!];
}

/** Packs run[start, end) into a block. */
export function encodeBlock(stream: string, run: Run, start = 0, end = run.ts.length): CosmicBlock {
  const n = end - start;
  const ts = new Float64Array(n);
  const seq = new Float64Array(n);
  const lens = new Uint32Array(2 * n);
  const parts: string[] = new Array<string>(2 * n);
  let bytes = 0;
  for (let i = 0; i < n; i += 1) {
    const source = run.source[start + i]!;
    const data = run.data[start + i]!;
    ts[i] = run.ts[start + i]!;
    seq[i] = run.seq[start + i]!;
    lens[2 * i] = source.length;
    lens[2 * i + 1] = data.length;
    parts[2 * i] = source;
    parts[2 * i + 1] = data;
    bytes += itemBytes(stream, source, data);
  }
  return { v: 1, stream, n, ts, seq, lens, text: parts.join(""), bytes };
}

export function isBlock(value: unknown): value is CosmicBlock {
  if (typeof value !== "object" || value === null) return false;
  const block = value as Partial<CosmicBlock>;
  return (
    block.v === 1 &&
    typeof block.stream === "string" &&
    typeof block.n === "number" &&
    block.ts instanceof Float64Array &&
    block.seq instanceof Float64Array &&
    block.lens instanceof Uint32Array &&
    typeof block.text === "string" &&
    block.ts.length === block.n &&
    block.seq.length === block.n &&
    block.lens.length === 2 * block.n
  );
}

/** Unpacks a whole block into a run (for merging). */
export function decodeRun(block: CosmicBlock): Run {
  const run = emptyRun();
  let offset = 0;
  for (let i = 0; i < block.n; i += 1) {
    const sourceEnd = offset + block.lens[2 * i]!;
    const dataEnd = sourceEnd + block.lens[2 * i + 1]!;
    run.ts.push(block.ts[i]!);
    run.seq.push(block.seq[i]!);
    run.source.push(block.text.slice(offset, sourceEnd));
    run.data.push(block.text.slice(sourceEnd, dataEnd));
    offset = dataEnd;
  }
  return run;
}

/**
 * The items of a block with from ≤ timestamp ≤ to, as CosmicData, appended to `out`. Only the matching
 * items become objects; the others are skipped by their lengths.
 */
export function decodeItems(block: CosmicBlock, from: number, to: number, out: CosmicRecord[]): void {
  const { ts, lens, text, stream } = block;
  let offset = 0;
  for (let i = 0; i < block.n; i += 1) {
    const sourceEnd = offset + lens[2 * i]!;
    const dataEnd = sourceEnd + lens[2 * i + 1]!;
    const timestamp = ts[i]!;
    if (timestamp > to) break;
    if (timestamp >= from) {
      out.push({ source: text.slice(offset, sourceEnd), timestamp, data: text.slice(sourceEnd, dataEnd), streamType: stream });
    }
    offset = dataEnd;
  }
}

/** Merges two runs each in (ts, seq) order. */
export function mergeRuns(a: Run, b: Run): Run {
  if (a.ts.length === 0) return b;
  if (b.ts.length === 0) return a;
  const lastA = a.ts.length - 1;
  // The common case, items arriving in time order: b goes after a.
  if (before(a, lastA, b, 0)) {
    return { ts: a.ts.concat(b.ts), seq: a.seq.concat(b.seq), source: a.source.concat(b.source), data: a.data.concat(b.data) };
  }
  const out = emptyRun();
  let i = 0;
  let j = 0;
  while (i < a.ts.length || j < b.ts.length) {
    const takeA = j >= b.ts.length || (i < a.ts.length && before(a, i, b, j));
    const [run, k] = takeA ? [a, i++] : [b, j++];
    out.ts.push(run.ts[k]!);
    out.seq.push(run.seq[k]!);
    out.source.push(run.source[k]!);
    out.data.push(run.data[k]!);
  }
  return out;
}

function before(a: Run, i: number, b: Run, j: number): boolean {
  return a.ts[i]! < b.ts[j]! || (a.ts[i] === b.ts[j] && a.seq[i]! < b.seq[j]!);
}

/** A run's slice [start, end). */
export function sliceRun(run: Run, start: number, end = run.ts.length): Run {
  return {
    ts: run.ts.slice(start, end),
    seq: run.seq.slice(start, end),
    source: run.source.slice(start, end),
    data: run.data.slice(start, end),
  };
}

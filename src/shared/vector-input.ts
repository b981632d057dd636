/**
 * Input checks for the Vector KB, run on the page (so bad input never reaches postMessage, where
 * a function or a symbol would fail as an untyped DataCloneError) and again in the worker.
 * Everything is checked before anything is written: bad input changes nothing.
 */
import { PhoenixError } from "../errors.js";
import type { JsonObject, JsonValue } from "../db/schema.js";
import { assertKey, assertText, assertWellFormed } from "./input.js";
import type { NewMemory, SearchOptions } from "./vector-types.js";

export { assertKey, assertText };

/** A memory's text: stored as UTF-8 in the chunks, so it must be well-formed UTF-16 (see assertWellFormed). */
export function assertMemoryText(text: unknown, what = "memory text"): asserts text is string {
  assertText(text, what, undefined, { nonBlank: true });
  assertWellFormed(text, what);
}

/** Generous for a list of results, far below what would freeze a tab. */
export const MAX_TOP_K = 10_000;
/** Metadata is a small label set, not a second document. */
export const MAX_METADATA_JSON_LENGTH = 64 * 1024;
const MAX_METADATA_DEPTH = 16;

export function assertTopK(topK: unknown): asserts topK is number {
  if (typeof topK !== "number" || !Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K) {
    throw new PhoenixError("INVALID_ARGUMENT", `topK must be an integer from 1 to ${MAX_TOP_K}; got ${String(topK)}.`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function assertJsonValue(value: unknown, path: string, depth: number, code: "INVALID_VALUE" | "INVALID_ARGUMENT"): asserts value is JsonValue {
  if (depth > MAX_METADATA_DEPTH) throw new PhoenixError(code, `${path} nests deeper than ${MAX_METADATA_DEPTH} levels.`);
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new PhoenixError(code, `${path} is ${value}; JSON numbers are finite.`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => assertJsonValue(item, `${path}[${i}]`, depth + 1, code));
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) assertJsonValue(item, `${path}.${key}`, depth + 1, code);
    return;
  }
  throw new PhoenixError(code, `${path} is a ${typeof value}; only JSON values are allowed.`);
}

/** Metadata is a plain JSON object (the seed's `json!({...})`); undefined means `{}`. */
export function checkMetadata(metadata: unknown): JsonObject {
  if (metadata === undefined) return {};
  if (!isPlainObject(metadata)) {
    throw new PhoenixError("INVALID_VALUE", "Metadata must be a plain JSON object such as { category: \"geography\" }.");
  }
  assertJsonValue(metadata, "metadata", 0, "INVALID_VALUE");
  return metadata as JsonObject;
}

/** Checks a batch for addMemories; returns the items with metadata defaulted. */
export function checkNewMemories(items: unknown): Array<{ text: string; metadata: JsonObject }> {
  if (!Array.isArray(items)) throw new PhoenixError("INVALID_VALUE", "addMemories takes an array of { text, metadata }.");
  return items.map((item: unknown, i) => {
    if (!isPlainObject(item)) throw new PhoenixError("INVALID_VALUE", `Item ${i} is not { text, metadata }.`);
    const { text, metadata } = item as Partial<NewMemory>;
    assertMemoryText(text, `text of item ${i}`);
    return { text, metadata: checkMetadata(metadata) };
  });
}

/** Checks search options; returns them normalised. */
export function checkSearchOptions(options: unknown): { filter: JsonObject | undefined; minScore: number | undefined } {
  if (options === undefined) return { filter: undefined, minScore: undefined };
  if (typeof options !== "object" || options === null) {
    throw new PhoenixError("INVALID_ARGUMENT", "Search options are { filter?, minScore?, signal? }.");
  }
  const { filter, minScore } = options as SearchOptions;
  if (filter !== undefined) {
    if (!isPlainObject(filter)) throw new PhoenixError("INVALID_ARGUMENT", "filter must be a plain object of metadata fields.");
    assertJsonValue(filter, "filter", 0, "INVALID_ARGUMENT");
  }
  if (minScore !== undefined && (typeof minScore !== "number" || Number.isNaN(minScore))) {
    throw new PhoenixError("INVALID_ARGUMENT", `minScore must be a number; got ${String(minScore)}.`);
  }
  return { filter, minScore };
}

/** Metadata JSON over the size limit is refused rather than silently stored. */
export function metadataJson(metadata: JsonObject): string {
  const json = JSON.stringify(metadata);
  if (json.length > MAX_METADATA_JSON_LENGTH) {
    throw new PhoenixError("VALUE_TOO_LARGE", `Metadata is ${json.length} characters of JSON; at most ${MAX_METADATA_JSON_LENGTH}.`);
  }
  return json;
}

/** True when every field of `filter` equals the entry's field (deep equality for arrays and objects). */
export function matchesFilter(metadata: JsonObject, filter: JsonObject): boolean {
  for (const key of Object.keys(filter)) {
    if (!Object.hasOwn(metadata, key) || !jsonEqual(metadata[key]!, filter[key]!)) return false;
  }
  return true;
}

export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]!));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key]!, b[key]!));
}

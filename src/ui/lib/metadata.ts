/** Reading the metadata a person types as JSON on the Search page. */
import type { JsonObject } from "../../index.js";

export type MetadataResult = { ok: true; value: JsonObject } | { ok: false; message: string };

/** Empty means no metadata; anything else must be a JSON object (not an array, string or null). */
export function parseMetadata(text: string): MetadataResult {
  if (text.trim() === "") return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `Metadata is not valid JSON: ${detail}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const kind = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
    return { ok: false, message: `Metadata must be a JSON object like {"category": "geography"}, not ${kind}.` };
  }
  return { ok: true, value: value as JsonObject };
}

/** Metadata as short "key: value" lines for a result list. */
export function metadataEntries(metadata: JsonObject | undefined): Array<[string, string]> {
  if (!metadata) return [];
  return Object.entries(metadata).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]);
}

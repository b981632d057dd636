/**
 * Input checks for `phoenix.context`, run before any work: a bad query or option is a typed
 * PhoenixError and nothing is sent to the worker or read from the stores.
 */
import { PhoenixError } from "../errors.js";
import type { JsonObject } from "../db/schema.js";
import { checkSearchOptions } from "../shared/vector-input.js";
import { CONTEXT_MAX_TOP_K, CONTEXT_SOURCES, type ContextSource } from "./types.js";

/** Longest query read; longer text is a document, not a question. */
export const MAX_QUERY_LENGTH = 10_000;

export function checkQuery(query: unknown): string {
  if (typeof query !== "string") throw new PhoenixError("INVALID_ARGUMENT", `The query must be a string; got ${query === null ? "null" : typeof query}.`);
  if (query.trim().length === 0) throw new PhoenixError("INVALID_ARGUMENT", "The query is empty.");
  if (query.length > MAX_QUERY_LENGTH) throw new PhoenixError("INVALID_ARGUMENT", `The query is longer than ${MAX_QUERY_LENGTH} characters.`);
  return query;
}

export function checkOptionsObject(options: unknown, what: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new PhoenixError("INVALID_ARGUMENT", `${what} options must be an object.`);
  }
  return options as Record<string, unknown>;
}

export function checkContextTopK(topK: unknown, fallback: number): number {
  if (topK === undefined) return fallback;
  if (typeof topK !== "number" || !Number.isInteger(topK) || topK < 1 || topK > CONTEXT_MAX_TOP_K) {
    throw new PhoenixError("INVALID_ARGUMENT", `topK must be an integer from 1 to ${CONTEXT_MAX_TOP_K}; got ${String(topK)}.`);
  }
  return topK;
}

export function checkSources(sources: unknown): ContextSource[] | undefined {
  if (sources === undefined) return undefined;
  if (!Array.isArray(sources) || sources.length === 0) {
    throw new PhoenixError("INVALID_ARGUMENT", `sources must be a non-empty array of ${CONTEXT_SOURCES.join(", ")}.`);
  }
  for (const source of sources as unknown[]) {
    if (typeof source !== "string" || !(CONTEXT_SOURCES as readonly string[]).includes(source)) {
      throw new PhoenixError("INVALID_ARGUMENT", `Unknown source ${JSON.stringify(source)}; the sources are ${CONTEXT_SOURCES.join(", ")}.`);
    }
  }
  return [...new Set(sources as ContextSource[])];
}

export function checkFilter(filter: unknown): JsonObject | undefined {
  if (filter === undefined) return undefined;
  return checkSearchOptions({ filter }).filter;
}

export function checkSignal(signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (typeof AbortSignal === "undefined" || !(signal instanceof AbortSignal)) {
    throw new PhoenixError("INVALID_ARGUMENT", "signal must be an AbortSignal.");
  }
  if (signal.aborted) throw new PhoenixError("ABORTED", "The search was cancelled before it started.");
  return signal;
}

export function checkBudget(budget: unknown): number {
  if (budget === undefined) return 4_000;
  if (typeof budget !== "number" || !Number.isInteger(budget) || budget < 1 || budget > 10_000_000) {
    throw new PhoenixError("INVALID_ARGUMENT", `budgetChars must be an integer from 1 to 10,000,000; got ${String(budget)}.`);
  }
  return budget;
}

export function checkNow(now: unknown): number | undefined {
  if (now === undefined) return undefined;
  if (typeof now !== "number" || !Number.isFinite(now)) throw new PhoenixError("INVALID_ARGUMENT", `now must be a time in ms; got ${String(now)}.`);
  return now;
}

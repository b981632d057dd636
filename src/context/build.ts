/**
 * `context.build`: the seed's Context Engine (query the Mind Vault, search, combine). It reads the
 * Mind keys a knowledge query names ("capital of France" → `fact:capital_france`, the seed's
 * `recall_mind(key)`), adds the search hits and the most recent episodic memories, ranks them by
 *
 *     relevance ^ weights.relevance × (floor + (1 − floor) × 0.5 ^ (age / halfLife)) × layer weight
 *
 * (an item without a time, a fact, is not aged), and renders plain text within the budget.
 */
import type { Layer } from "../db/schema.js";
import type { StoredMemory } from "../stores/cortex.js";
import { STOP_WORDS, words } from "../shared/text.js";
import type { BuildOptions, BuildWeights, BuiltContext, ContextSearchOptions, Hit } from "./types.js";
import { checkBudget, checkContextTopK, checkNow, checkOptionsObject, checkQuery, checkSignal } from "./validate.js";
import { PhoenixError, isPhoenixError } from "../errors.js";

export const DEFAULT_BUILD_WEIGHTS: BuildWeights = {
  relevance: 1,
  recencyHalfLifeMs: 30 * 24 * 3_600_000,
  recencyFloor: 0.5,
  layers: { STM: 0.6, WM: 0.8, LTM: 1, EPM: 0.9, RFM: 1, MIND: 1, VECTOR: 0.9, SOUL: 1 },
};

/** Relevance given to a recent episode the search did not find: it is context, not an answer. */
const RECENT_RELEVANCE = 0.3;
const RECENT_EPISODES = 5;
/** Words that ask rather than name ("what is the …"), left out of knowledge keys. */
const ASKING = new Set(["whats", "tell", "know", "please", "give", "show", "find", "name", "called"]);

export interface BuildDeps {
  search(query: string, options?: ContextSearchOptions): Promise<Hit[]>;
  recallMind(key: string): Promise<string | undefined>;
  recallCortex(key: string): Promise<StoredMemory | undefined>;
  /** The newest episodic memories, newest first. */
  recentEpisodes(limit: number): Promise<Array<[string, StoredMemory]>>;
}

/** Mind keys a knowledge query may name: "capital of France" → fact:capital_france, fact:france_capital. */
export function knowledgeKeys(query: string): string[] {
  const content = words(query).filter((word) => !STOP_WORDS.has(word) && !ASKING.has(word));
  if (content.length === 0 || content.length > 6) return [];
  const keys = [content.join("_"), [...content].reverse().join("_")];
  return [...new Set(keys)].map((key) => `fact:${key}`);
}

export async function buildContext(deps: BuildDeps, query: string, options?: BuildOptions): Promise<BuiltContext> {
  checkQuery(query);
  const raw = checkOptionsObject(options, "Build");
  const budget = checkBudget(raw["budgetChars"]);
  const now = checkNow(raw["now"]) ?? Date.now();
  const topK = checkContextTopK(raw["topK"], 10);
  const signal = checkSignal(raw["signal"]);
  const weights = mergeWeights(raw["weights"]);

  const known: Hit[] = [];
  for (const key of knowledgeKeys(query)) {
    const value = await deps.recallMind(key);
    if (value !== undefined) known.push({ source: "mind_vault", key, text: value, score: 1, why: [`knowledge: ${key}`] });
  }
  const hits = await deps.search(query, { topK, ...(signal ? { signal } : {}) }).catch((error: unknown) => {
    // With the Vector KB turned off there is no search worker: the context is the knowledge lookups
    // and the recent episodes, which need none.
    if (isPhoenixError(error) && error.code === "VECTOR_KB_DISABLED") return [];
    throw error;
  });
  const recent = await deps.recentEpisodes(RECENT_EPISODES);
  if (signal?.aborted) throw new PhoenixError("ABORTED", "The build was cancelled.");

  const ranked = new Map<string, { hit: Hit; rank: number }>();
  const add = async (hit: Hit, createdAt: number | undefined) => {
    const id = `${hit.source}\u0000${hit.id ?? hit.key}`;
    if (ranked.has(id)) return;
    let time = createdAt;
    if (time === undefined && hit.source === "eternal_memory" && hit.key) time = (await deps.recallCortex(hit.key))?.createdAt;
    ranked.set(id, { hit, rank: rankOf(hit, time, now, weights) });
  };
  for (const hit of known) await add(hit, undefined);
  for (const hit of hits) await add(hit, undefined);
  for (const [key, memory] of recent) {
    await add({ source: "eternal_memory", key, text: memory.text, score: RECENT_RELEVANCE, why: ["recent episode"] }, memory.createdAt);
  }
  const ordered = [...ranked.values()].sort((a, b) => b.rank - a.rank).map(({ hit }) => hit);
  return render(query, ordered, budget);
}

function mergeWeights(value: unknown): BuildWeights {
  if (value === undefined) return DEFAULT_BUILD_WEIGHTS;
  const given = checkOptionsObject(value, "Weight") as Partial<BuildWeights>;
  const merged: BuildWeights = { ...DEFAULT_BUILD_WEIGHTS, ...given, layers: { ...DEFAULT_BUILD_WEIGHTS.layers, ...(given.layers ?? {}) } };
  const numbers = [merged.relevance, merged.recencyHalfLifeMs, merged.recencyFloor, ...Object.values(merged.layers)];
  if (numbers.some((n) => typeof n !== "number" || !Number.isFinite(n) || n < 0) || merged.recencyHalfLifeMs <= 0 || merged.recencyFloor > 1) {
    throw new PhoenixError("INVALID_ARGUMENT", "Build weights are non-negative numbers, recencyHalfLifeMs above 0 and recencyFloor at most 1.");
  }
  return merged;
}

function layerWeight(hit: Hit, weights: BuildWeights): number {
  const layer: Layer | "MIND" | "VECTOR" | "SOUL" =
    hit.source === "mind_vault" ? "MIND" : hit.source === "vector_kb" ? "VECTOR" : hit.source === "soul_kb" ? "SOUL" : layerOfCortexKey(hit.key ?? "");
  return weights.layers[layer] ?? 1;
}

function layerOfCortexKey(key: string): Layer {
  const prefix = key.slice(0, key.indexOf(":")).toUpperCase();
  return (["STM", "WM", "LTM", "EPM", "RFM"] as const).find((layer) => layer === prefix) ?? "LTM";
}

function rankOf(hit: Hit, createdAt: number | undefined, now: number, weights: BuildWeights): number {
  const relevance = Math.max(hit.score, 1e-6) ** weights.relevance;
  const age = createdAt === undefined ? 0 : Math.max(0, now - createdAt);
  const recency = weights.recencyFloor + (1 - weights.recencyFloor) * 0.5 ** (age / weights.recencyHalfLifeMs);
  return relevance * recency * layerWeight(hit, weights);
}

/** A header only when the budget leaves room for memories after it. */
const HEADER_MIN_BUDGET = 200;

/**
 * Plain text, best first, one line per item (`- text (where from)`), as many items as fit; the
 * first is cut to fit if it alone is too long, so a small budget still carries the best answer.
 */
function render(query: string, ordered: readonly Hit[], budget: number): BuiltContext {
  let text = budget >= HEADER_MIN_BUDGET ? `Context for: ${query.trim()}\n` : "";
  const items: Hit[] = [];
  for (const hit of ordered) {
    const line = `- ${hit.text.replace(/\s+/g, " ").trim()} (${hit.source} ${hit.id ?? hit.key})\n`;
    if (text.length + line.length <= budget) {
      text += line;
      items.push(hit);
    } else if (items.length === 0 && budget - text.length > 4) {
      text += `${line.slice(0, budget - text.length - 2)}…\n`;
      items.push(hit);
    }
  }
  return { items, text: text.slice(0, budget) };
}

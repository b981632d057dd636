/**
 * `phoenix.context`: the seed's Context Engine on the page. `search` checks its input, gathers the
 * Mind and cortex keys written since the last call and, while the Soul Vault is unlocked, its
 * decrypted memories, and asks the search worker (workers/context/searcher.ts) for one ranked list
 * across the stores. `build` turns a query into the text an assistant would put in its prompt.
 *
 *     await phoenix.context.search("where does my sister live?", { topK: 10 });
 *     await phoenix.context.build("What is the capital of France?", { budgetChars: 4000 });
 */
import { PhoenixError } from "../errors.js";
import type { VectorKbHandle } from "../vector/kb.js";
import { buildContext, type BuildDeps } from "./build.js";
import type { StoreChange } from "../../workers/context/plain-stores.js";
import { contextChannelName } from "./shared.js";
import { CONTEXT_SOURCES, type BuildOptions, type BuiltContext, type ContextIndexInfo, type ContextSearchOptions, type ContextSource, type Hit } from "./types.js";
import { checkContextTopK, checkFilter, checkOptionsObject, checkQuery, checkSignal, checkSources } from "./validate.js";

export * from "./types.js";
export { DEFAULT_BUILD_WEIGHTS } from "./build.js";
export { DEFAULT_CHANNEL_WEIGHTS } from "./shared.js";

export interface ContextEngine {
  /** One ranked list across the stores, best first; each hit says why it matched. */
  search(query: string, options?: ContextSearchOptions): Promise<Hit[]>;
  /** The seed's Context Engine: knowledge lookups, search hits and recent episodes, ranked and rendered within a budget. */
  build(query: string, options?: BuildOptions): Promise<BuiltContext>;
  /** Where the search index came from (loaded from storage or built), its size and where it is persisted. */
  info(): Promise<ContextIndexInfo>;
}

export interface ContextDeps extends Omit<BuildDeps, "search"> {
  dbName: string;
  vectorKb: VectorKbHandle;
  /** Decrypted soul memories while the Soul Vault is unlocked, else undefined. */
  soulMemories(): Promise<Array<[string, string]> | undefined>;
  /**
   * Which cortex hits are still alive (the lifecycle's expiry, src/stores/cortex-lifecycle.ts), and the
   * search hits to count as recalls. The worker's index may still hold an expired memory until it is swept.
   */
  liveCortexKeys?(keys: readonly string[]): Promise<Set<string>>;
}

export interface ContextHandle extends ContextEngine {
  /** Called by the facade after a Mind or cortex write, so the index follows (here and in other tabs). */
  noteWrites(changes: readonly StoreChange[]): void;
  close(): void;
}

export function createContext(deps: ContextDeps): ContextHandle {
  let pending: StoreChange[] = [];
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(contextChannelName(deps.dbName)) : undefined;

  const search = async (query: string, options?: ContextSearchOptions): Promise<Hit[]> => {
    checkQuery(query);
    const raw = checkOptionsObject(options, "Search");
    const topK = checkContextTopK(raw["topK"], 10);
    const filter = checkFilter(raw["filter"]);
    const requested = checkSources(raw["sources"]);
    const signal = checkSignal(raw["signal"]);
    // The filter reads Vector KB metadata; other stores have none, so a filter alone means the Vector KB.
    const filtering = filter !== undefined && Object.keys(filter).length > 0;
    const sources: ContextSource[] = requested ?? (filtering ? ["vector_kb"] : [...CONTEXT_SOURCES]);
    const soul = sources.includes("soul_kb") ? await deps.soulMemories() : undefined;
    if (signal?.aborted) throw new PhoenixError("ABORTED", "The search was cancelled.");
    const changes = pending;
    pending = [];
    try {
      const hits = await deps.vectorKb.contextSearch(
        query,
        { topK, sources, changes, ...(filtering ? { filter } : {}), ...(soul ? { soul } : {}) },
        signal ? { signal } : {},
      );
      const cortexKeys = hits.filter((hit) => hit.source === "eternal_memory").map((hit) => hit.ref);
      const live = deps.liveCortexKeys && cortexKeys.length > 0 ? await deps.liveCortexKeys(cortexKeys) : undefined;
      return hits.filter((hit) => !live || hit.source !== "eternal_memory" || live.has(hit.ref)).map(({ source, ref, text, metadata, score, why }): Hit => {
        const hit: Hit = source === "vector_kb" ? { source, id: ref, text, metadata: metadata ?? {}, score, why } : { source, key: ref, text, score, why };
        return hit;
      });
    } catch (error) {
      // The worker did not take the changes: keep them for the next call.
      pending = [...changes, ...pending];
      throw error;
    }
  };

  return {
    search,
    build: (query, options) => buildContext({ ...deps, search }, query, options),
    info: () => deps.vectorKb.contextInfo(),
    noteWrites(changes) {
      if (changes.length === 0) return;
      pending.push(...changes);
      channel?.postMessage(changes);
    },
    close() {
      channel?.close();
    },
  };
}

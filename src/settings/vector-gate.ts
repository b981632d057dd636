/**
 * The Vector KB as the settings allow it: `vectorKb.enabled: false` (the seed's "vector KB off") makes every
 * call that would start the search worker reject with VECTOR_KB_DISABLED, so no worker starts; the entries
 * stay in `vector_kb`. A search that gives no top-k uses `vectorKb.defaultTopK`.
 */
import { PhoenixError } from "../errors.js";
import type { VectorKbHandle } from "../vector/index.js";
import type { Settings } from "./types.js";

export function gateVectorKb(kb: VectorKbHandle, settings: () => Readonly<Settings>): VectorKbHandle {
  const enabled = (): void => {
    if (!settings().vectorKb.enabled) throw new PhoenixError("VECTOR_KB_DISABLED");
  };
  const gated = <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      enabled();
      return call(...args);
    };
  return {
    embeddingDim: kb.embeddingDim,
    get workerStarted() {
      return kb.workerStarted;
    },
    addMemory: gated(kb.addMemory.bind(kb)),
    addMemories: gated(kb.addMemories.bind(kb)),
    all: gated(kb.all.bind(kb)),
    get: gated(kb.get.bind(kb)),
    remove: gated(kb.remove.bind(kb)),
    count: gated(kb.count.bind(kb)),
    semanticSearch: gated((query: string, topK?: number, options?: Parameters<VectorKbHandle["semanticSearch"]>[2]) =>
      kb.semanticSearch(query, topK ?? settings().vectorKb.defaultTopK, options),
    ),
    info: gated(kb.info.bind(kb)),
    // After an import while off, the worker is not running: reload is then nothing to do.
    reload: async (options) => (settings().vectorKb.enabled ? kb.reload(options) : undefined),
    // The Context Engine's calls (src/context) are its own feature, not the Vector KB's API.
    contextSearch: kb.contextSearch.bind(kb),
    contextProfile: kb.contextProfile.bind(kb),
    contextInfo: kb.contextInfo.bind(kb),
    contextChanged: kb.contextChanged.bind(kb),
    close: () => kb.close(),
  };
}

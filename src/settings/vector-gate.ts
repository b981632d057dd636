/**
 * The Vector KB as the settings allow it: `vectorKb.enabled: false` (the seed's "vector KB off") makes every
 * call that would start the search worker reject with VECTOR_KB_DISABLED, so no worker starts; the entries
 * stay in `vector_kb`. The Context Engine's worker calls are gated the same way. A search that gives no
 * top-k uses `vectorKb.defaultTopK`.
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
    // The Context Engine's search runs in the same worker: off means off for it too (context.search
    // rejects with VECTOR_KB_DISABLED; context.build still gives Mind lookups and recent episodes).
    contextSearch: gated(kb.contextSearch.bind(kb)),
    contextProfile: gated(kb.contextProfile.bind(kb)),
    contextInfo: gated(kb.contextInfo.bind(kb)),
    contextChanged: (changes) => {
      if (settings().vectorKb.enabled) kb.contextChanged(changes);
    },
    callWorker: gated(kb.callWorker.bind(kb)) as VectorKbHandle["callWorker"],
    close: () => kb.close(),
  };
}

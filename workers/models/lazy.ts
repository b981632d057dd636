/**
 * The only part of the model code the search worker loads on its default path: a probe that reads
 * whether a model is in use (one IndexedDB read, no module loaded), and stand-ins for the
 * `phoenix.models` calls that load the rest (api.ts, manager.ts) on first use. With the hash embedder
 * in charge, nothing more is loaded, so the worker stays the size it was.
 */
import type { VectorEngine } from "../vector/vector-engine.js";
import type { ModelManager } from "./manager.js";
import type { createModelWorkerApi } from "./api.js";
import { modelVectorsDbName } from "../../src/models/storage-names.js";

type ModelApi = ReturnType<typeof createModelWorkerApi>;

/** True when `<db>:model-vectors` records a model in use or a switch under way. Creates nothing. */
function probeModelInUse(dbName: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (typeof indexedDB === "undefined") return resolve(false);
    const request = indexedDB.open(modelVectorsDbName(dbName));
    // No such database: nothing was ever turned on. Abort so that none is created.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(false);
    request.onsuccess = () => {
      const db = request.result;
      try {
        const get = db.transaction("state", "readonly").objectStore("state").get("state");
        get.onsuccess = () => {
          const state = get.result as { active?: unknown; target?: unknown } | undefined;
          resolve(state !== undefined && (state.active !== "hash" || typeof state.target === "string"));
        };
        get.onerror = () => resolve(false);
      } catch {
        resolve(false);
      } finally {
        db.close();
      }
    };
  });
}

export class LazyModels {
  private loading: Promise<{ manager: ModelManager; api: ModelApi }> | undefined;
  private readonly probed: Promise<void>;

  constructor(
    private readonly engine: () => VectorEngine,
    private readonly dbName: string,
  ) {
    this.probed = probeModelInUse(dbName).then(
      (inUse) => {
        if (inUse) void this.load().catch(() => undefined);
      },
      () => undefined,
    );
  }

  /** The manager when a model is (or was being) turned on; undefined on the hash embedder's path. */
  async ready(): Promise<ModelManager | undefined> {
    await this.probed;
    return this.loading ? (await this.loading.catch(() => undefined))?.manager : undefined;
  }

  /** Loads the model code, then reads the stored choice and resumes a switch under way. */
  load(): Promise<{ manager: ModelManager; api: ModelApi }> {
    this.loading ??= (async () => {
      const [{ ModelManager }, { createModelWorkerApi }] = await Promise.all([import("./manager.js"), import("./api.js")]);
      const manager = new ModelManager(this.engine(), this.dbName);
      await manager.start().catch(() => undefined);
      return { manager, api: createModelWorkerApi(() => manager) };
    })();
    return this.loading;
  }

  abort(operation: number): void {
    void this.loading?.then(({ api }) => api.modelAbort(operation)).catch(() => undefined);
  }

  async close(): Promise<void> {
    const loaded = await this.loading?.catch(() => undefined);
    await loaded?.manager.close();
  }
}

/** The `model*` calls of the worker's API object, each loading the model code on first use. */
export function modelCalls(models: () => LazyModels) {
  const api = async (): Promise<ModelApi> => (await models().load()).api;
  return {
    modelStatus: async (...args: Parameters<ModelApi["modelStatus"]>) => (await api()).modelStatus(...args),
    modelList: async (...args: Parameters<ModelApi["modelList"]>) => (await api()).modelList(...args),
    modelDownload: async (...args: Parameters<ModelApi["modelDownload"]>) => (await api()).modelDownload(...args),
    modelImport: async (...args: Parameters<ModelApi["modelImport"]>) => (await api()).modelImport(...args),
    modelRemove: async (...args: Parameters<ModelApi["modelRemove"]>) => (await api()).modelRemove(...args),
    modelUse: async (...args: Parameters<ModelApi["modelUse"]>) => (await api()).modelUse(...args),
    modelCancelSwitch: async (...args: Parameters<ModelApi["modelCancelSwitch"]>) => (await api()).modelCancelSwitch(...args),
    modelSetBaseUrl: async (...args: Parameters<ModelApi["modelSetBaseUrl"]>) => (await api()).modelSetBaseUrl(...args),
    modelEmbed: async (...args: Parameters<ModelApi["modelEmbed"]>) => (await api()).modelEmbed(...args),
    modelTokenize: async (...args: Parameters<ModelApi["modelTokenize"]>) => (await api()).modelTokenize(...args),
  };
}

/**
 * Chooses where Argon2id runs: in a short-lived worker when the page can start one (the UI stays
 * responsive during an unlock), on the calling thread otherwise (Node tests, or a page whose policy
 * forbids workers). Both paths run the same code from argon2.ts, so they derive the same bytes.
 */
import { wrap, type Remote } from "comlink";
import type { KdfWorkerApi } from "../../workers/kdf.worker.js";
import type { Argon2idParams, DeriveKeyBytes } from "./kdf.js";

class WorkerStartError extends Error {}

function canStartWorker(): boolean {
  return typeof Worker !== "undefined" && typeof window !== "undefined";
}

async function deriveInWorker(passphrase: string, params: Argon2idParams): Promise<Uint8Array> {
  let worker: Worker;
  try {
    worker = new Worker(new URL("../../workers/kdf.worker.ts", import.meta.url), { type: "module", name: "phoenix-kdf" });
  } catch (error) {
    // A content security policy without worker-src 'self' throws here.
    throw new WorkerStartError(error instanceof Error ? error.message : String(error));
  }
  // A worker script that fails to load never answers comlink; its `error` event is the only signal.
  const failedToStart = new Promise<never>((_, reject) => {
    worker.addEventListener("error", (event) => reject(new WorkerStartError(event.message)), { once: true });
  });
  const api: Remote<KdfWorkerApi> = wrap<KdfWorkerApi>(worker);
  try {
    return await Promise.race([api.derive(passphrase, params), failedToStart]);
  } finally {
    worker.terminate();
  }
}

/** Loaded on demand: the WebAssembly stays out of the page bundle when the worker does the work. */
async function deriveHere(passphrase: string, params: Argon2idParams): Promise<Uint8Array> {
  const { deriveKeyBytes } = await import("./argon2.js");
  return deriveKeyBytes(passphrase, params);
}

/** The default KDF runner of the Soul Vault. */
export const defaultDeriveKeyBytes: DeriveKeyBytes = async (passphrase, params) => {
  if (!canStartWorker()) return deriveHere(passphrase, params);
  try {
    return await deriveInWorker(passphrase, params);
  } catch (error) {
    if (error instanceof WorkerStartError) return deriveHere(passphrase, params);
    throw error;
  }
};

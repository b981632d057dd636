/**
 * Argon2id off the page's main thread. hash-wasm computes the whole derivation synchronously inside
 * WebAssembly (~0.5 s at the default cost), which would freeze the UI; here it freezes only this worker.
 * The page starts one worker per derivation and terminates it afterwards, which also returns the 64 MiB
 * of WebAssembly memory Argon2 grew (WebAssembly memory never shrinks while its instance lives).
 */
import { expose, transfer } from "comlink";
import { deriveKeyBytes } from "../src/crypto/argon2.js";
import type { Argon2idParams } from "../src/crypto/kdf.js";

const api = {
  async derive(passphrase: string, params: Argon2idParams): Promise<Uint8Array> {
    const bytes = await deriveKeyBytes(passphrase, params);
    return transfer(bytes, [bytes.buffer]);
  },
};

export type KdfWorkerApi = typeof api;

expose(api);

/**
 * Argon2id itself (hash-wasm, RFC 9106). Runtime-neutral: the KDF worker and Node tests import it directly;
 * the page imports it lazily, only if it cannot start the worker (kdf-runner.ts).
 */
import { argon2id } from "hash-wasm";
import { PhoenixError } from "../errors.js";
import { DERIVED_KEY_BYTES, isValidKdfParams, type DeriveKeyBytes } from "./kdf.js";

/** Runs Argon2id on the calling thread (it blocks that thread for the whole derivation). */
export const deriveKeyBytes: DeriveKeyBytes = async (passphrase, params) => {
  if (!isValidKdfParams(params)) throw new PhoenixError("INVALID_ARGUMENT", "Bad Argon2id parameters.");
  return argon2id({
    password: passphrase,
    salt: params.salt,
    memorySize: params.memoryKiB,
    iterations: params.iterations,
    parallelism: params.parallelism,
    hashLength: DERIVED_KEY_BYTES,
    outputType: "binary",
  });
};

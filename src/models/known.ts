/**
 * Models the app knows by name: where their files are and the SHA-256 each must have. A download of
 * a known model refuses a file whose digest differs (MODEL_UNAVAILABLE, "digest-mismatch"); files
 * of other models are stored with the digest they arrived with and checked against it on each load.
 */

export interface KnownModelFile {
  name: string;
  /** Pinned SHA-256 (lowercase hex); absent where no published digest was available to pin. */
  sha256?: string;
}

export interface KnownModel {
  id: string;
  files: KnownModelFile[];
  /** Approximate download size, for the Settings page before anything is stored. */
  approxBytes: number;
}

import { DEFAULT_MODEL_ID } from "./defaults.js";

export { DEFAULT_BASE_URL, DEFAULT_MODEL_ID } from "./defaults.js";

/** The files a sentence model needs, laid out as on the hub. */
export const MODEL_FILE_NAMES = ["config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model_quantized.onnx"] as const;
export const ONNX_FILE = "onnx/model_quantized.onnx";

export const KNOWN_MODELS: readonly KnownModel[] = [
  {
    // The quantised ONNX export of sentence-transformers/all-MiniLM-L6-v2. The two large files are
    // pinned to their published digests; the two small JSON files are checked by shape when loaded.
    id: DEFAULT_MODEL_ID,
    approxBytes: 23_400_000,
    files: [
      { name: "config.json" },
      { name: "tokenizer.json", sha256: "da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0" },
      { name: "tokenizer_config.json" },
      { name: ONNX_FILE, sha256: "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1" },
    ],
  },
  {
    // The tiny BERT-shaped model of scripts/make-tiny-model.mjs (test/fixtures/tiny-model): proves the
    // plumbing end to end where no model hub is reachable.
    id: "phoenix/tiny-bert-384",
    approxBytes: 527_000,
    files: [
      { name: "config.json", sha256: "116c9125f23a5fb76b2f23f4bcfe8f97dcffc38a9cb59bb7b5a3d88d9d84e616" },
      { name: "tokenizer.json", sha256: "a8315ad4033c898aa8e493c808c72cfbde4cc54b3d8e8420b912830e6442aee8" },
      { name: "tokenizer_config.json", sha256: "7429b37e62e279b3d7730f59ac29fd468c8c700166f651c0d157f0bd0d71bede" },
      { name: ONNX_FILE, sha256: "9799656a41f0eab921373e1903cdf1078d73ae2fa81dea86a0c31094b8ae5033" },
    ],
  },
];

export function knownModel(id: string): KnownModel | undefined {
  return KNOWN_MODELS.find((model) => model.id === id);
}

/** The embedder id a model's vectors carry. */
export function modelEmbedderId(id: string): string {
  return `model:${id}`;
}

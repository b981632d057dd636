/**
 * Where sentence models live: Cache Storage ("phoenix-models"), one entry per file under a
 * synthetic same-origin URL, plus a manifest written last, so a model is listed only once every file
 * is in. Downloads stream with progress and stop on abort; every file's SHA-256 is checked against
 * the pinned digest of a known model, and recorded, then checked again on each load, so a file
 * damaged in storage is refused rather than run.
 */
import { PhoenixError } from "../../src/errors.js";
import { KNOWN_MODELS, MODEL_FILE_NAMES, knownModel, modelEmbedderId } from "../../src/models/known.js";
import type { ModelFailure, ModelProgress, StoredModel, StoredModelFile } from "../../src/models/types.js";

export const MODEL_CACHE = "phoenix-models";
const MANIFEST = "phoenix-model.json";
const REQUIRED = ["config.json", "tokenizer.json", "onnx/model_quantized.onnx"];

export interface ModelFileBytes {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

export function unavailable(reason: ModelFailure, detail: string, cause?: unknown): PhoenixError {
  return new PhoenixError("MODEL_UNAVAILABLE", `${detail} (${reason})`, { subject: reason, cause });
}

function entryUrl(id: string, name: string): string {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin ?? "http://localhost";
  return new URL(`/phoenix-models/${encodeURIComponent(id)}/${name}`, origin).href;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function isStoredModel(value: unknown): value is StoredModel {
  if (typeof value !== "object" || value === null) return false;
  const model = value as Partial<StoredModel>;
  return typeof model.id === "string" && Array.isArray(model.files) && typeof model.size === "number" && typeof model.dim === "number";
}

export function checkModelId(id: unknown): string {
  if (typeof id !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/.test(id) || id.length > 200) {
    throw new PhoenixError("INVALID_ARGUMENT", "A model id is a name like \"Xenova/all-MiniLM-L6-v2\" (letters, digits, . _ - and one /).");
  }
  return id;
}

export function checkBaseUrl(url: unknown): string {
  if (typeof url !== "string") throw new PhoenixError("INVALID_ARGUMENT", "The base URL must be a string.");
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PhoenixError("INVALID_ARGUMENT", "The base URL is not a URL.");
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new PhoenixError("INVALID_ARGUMENT", "The base URL must be http(s).");
  return url.endsWith("/") ? url : `${url}/`;
}

/** Validates the files, checks digests against the known model's pins, and stores them. */
export async function storeModel(id: string, files: readonly ModelFileBytes[], source: StoredModel["source"], baseUrl?: string): Promise<StoredModel> {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const name of REQUIRED) if (!byName.has(name)) throw unavailable("missing-file", `The model has no ${name}.`);
  const config = parseJson(byName.get("config.json")!, "config.json") as { hidden_size?: unknown; dim?: unknown };
  parseJson(byName.get("tokenizer.json")!, "tokenizer.json");
  const dim = typeof config.hidden_size === "number" ? config.hidden_size : typeof config.dim === "number" ? config.dim : 0;
  if (!Number.isInteger(dim) || dim < 1 || dim > 4096) throw unavailable("bad-file", "config.json gives no hidden_size.");
  const known = knownModel(id);
  const stored: StoredModelFile[] = [];
  for (const file of files) {
    const sha256 = await sha256Hex(file.bytes);
    const pin = known?.files.find((pinned) => pinned.name === file.name)?.sha256;
    if (pin !== undefined && pin !== sha256) throw unavailable("digest-mismatch", `${file.name} does not have the pinned SHA-256 of ${id}.`);
    stored.push({ name: file.name, bytes: file.bytes.byteLength, sha256, pinned: pin !== undefined });
  }
  const cache = await caches.open(MODEL_CACHE);
  await removeModel(id);
  for (const file of files) {
    await cache.put(entryUrl(id, file.name), new Response(file.bytes, { headers: { "content-type": "application/octet-stream" } }));
  }
  const model: StoredModel = {
    id,
    embedderId: modelEmbedderId(id),
    source,
    ...(baseUrl === undefined ? {} : { baseUrl }),
    files: stored,
    size: stored.reduce((sum, file) => sum + file.bytes, 0),
    dim,
    storedAt: Date.now(),
  };
  await cache.put(entryUrl(id, MANIFEST), new Response(JSON.stringify(model), { headers: { "content-type": "application/json" } }));
  return model;
}

function parseJson(file: ModelFileBytes, name: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(file.bytes)) as unknown;
  } catch (error) {
    throw unavailable("bad-file", `${name} is not JSON.`, error);
  }
}

export async function listModels(): Promise<StoredModel[]> {
  if (typeof caches === "undefined") return [];
  const cache = await caches.open(MODEL_CACHE);
  const models: StoredModel[] = [];
  for (const request of await cache.keys()) {
    if (!request.url.endsWith(`/${MANIFEST}`)) continue;
    const value = (await (await cache.match(request))?.json().catch(() => undefined)) as unknown;
    if (isStoredModel(value)) models.push(value);
  }
  return models.sort((a, b) => a.id.localeCompare(b.id));
}

export async function findModel(id: string): Promise<StoredModel | undefined> {
  return (await listModels()).find((model) => model.id === id);
}

/** Deletes every file of a model (also a half-written one). */
export async function removeModel(id: string): Promise<boolean> {
  const cache = await caches.open(MODEL_CACHE);
  const prefix = entryUrl(id, "");
  let removed = false;
  for (const request of await cache.keys()) {
    if (request.url.startsWith(prefix) && (await cache.delete(request))) removed = true;
  }
  return removed;
}

/** A stored model's files, each checked against the digest recorded when it was stored. */
export async function readModelFiles(model: StoredModel): Promise<Map<string, Uint8Array<ArrayBuffer>>> {
  const cache = await caches.open(MODEL_CACHE);
  const out = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const file of model.files) {
    const response = await cache.match(entryUrl(model.id, file.name));
    if (!response) throw unavailable("missing-file", `${file.name} of ${model.id} is no longer stored.`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if ((await sha256Hex(bytes)) !== file.sha256) throw unavailable("digest-mismatch", `${file.name} of ${model.id} changed since it was stored.`);
    out.set(file.name, bytes);
  }
  return out;
}

/** Downloads the model's files from `baseUrl` (with `{model}` replaced), reporting bytes as they come. */
export async function downloadModel(id: string, baseUrl: string, signal: AbortSignal, onProgress: (progress: ModelProgress) => void): Promise<StoredModel> {
  const root = baseUrl.replaceAll("{model}", id);
  const known = knownModel(id);
  const names = known ? known.files.map((file) => file.name) : [...MODEL_FILE_NAMES];
  const total = known?.approxBytes ?? 0;
  const files: ModelFileBytes[] = [];
  let done = 0;
  for (const name of names) {
    const bytes = await fetchFile(new URL(name, root).href, name, signal, (received) => onProgress({ phase: "download", done: done + received, total: Math.max(total, done + received), file: name }));
    if (bytes === undefined) {
      if (REQUIRED.includes(name)) throw unavailable("missing-file", `${name} was not found at ${root}.`);
      continue;
    }
    done += bytes.byteLength;
    files.push({ name, bytes });
  }
  onProgress({ phase: "download", done, total: done });
  return storeModel(id, files, "download", baseUrl);
}

async function fetchFile(url: string, name: string, signal: AbortSignal, onBytes: (received: number) => void): Promise<Uint8Array<ArrayBuffer> | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { signal, cache: "no-store" });
  } catch (error) {
    if (signal.aborted) throw new PhoenixError("ABORTED", "The download was cancelled; nothing was stored.");
    throw unavailable("download-failed", `${name} could not be fetched from ${url}.`, error);
  }
  if (response.status === 404) return undefined;
  if (!response.ok || !response.body) throw unavailable("download-failed", `${name}: the server answered ${response.status}.`);
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      received += value.byteLength;
      onBytes(received);
    }
  } catch (error) {
    if (signal.aborted) throw new PhoenixError("ABORTED", "The download was cancelled; nothing was stored.");
    throw unavailable("download-failed", `${name} stopped arriving.`, error);
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}

export const KNOWN_MODEL_IDS = KNOWN_MODELS.map((model) => model.id);

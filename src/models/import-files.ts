/**
 * Reads the files a user picked for a model import (a folder's files, or one zip) into the layout
 * a model has on the hub: config.json, tokenizer.json, tokenizer_config.json and
 * onnx/model_quantized.onnx. Files are matched by name wherever they sit in the folder or zip;
 * any .onnx file serves as the model when none is named model_quantized.onnx.
 */
import { unzipSync } from "fflate";
import { PhoenixError } from "../errors.js";
import { ONNX_FILE } from "./known.js";

export interface PickedFile {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

const JSON_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json"];

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The model's files among `entries` (path → bytes), under their hub names. */
export function modelFilesFrom(entries: ReadonlyArray<readonly [string, Uint8Array<ArrayBuffer>]>): PickedFile[] {
  const out = new Map<string, Uint8Array<ArrayBuffer>>();
  let onnxFallback: Uint8Array<ArrayBuffer> | undefined;
  for (const [path, bytes] of entries) {
    const name = baseName(path);
    if (JSON_FILES.includes(name)) out.set(name, bytes);
    else if (name === "model_quantized.onnx") out.set(ONNX_FILE, bytes);
    else if (name.endsWith(".onnx")) onnxFallback ??= bytes;
  }
  if (!out.has(ONNX_FILE) && onnxFallback) out.set(ONNX_FILE, onnxFallback);
  return [...out].map(([name, bytes]) => ({ name, bytes }));
}

/** Reads picked files: one .zip is opened; otherwise each file counts (a folder's, or several). */
export async function readPickedFiles(files: readonly File[], onBytes: (done: number, total: number) => void): Promise<PickedFile[]> {
  if (files.length === 0) throw new PhoenixError("INVALID_ARGUMENT", "Pick the model's files (config, tokenizer, ONNX model), its folder or a zip.");
  const total = files.reduce((sum, file) => sum + file.size, 0);
  let done = 0;
  const entries: Array<readonly [string, Uint8Array<ArrayBuffer>]> = [];
  for (const file of files) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    done += file.size;
    onBytes(done, total);
    if (file.name.toLowerCase().endsWith(".zip")) {
      let unzipped: Record<string, Uint8Array>;
      try {
        unzipped = unzipSync(bytes);
      } catch (error) {
        throw new PhoenixError("INVALID_VALUE", `${file.name} is not a readable zip.`, { cause: error });
      }
      for (const [path, content] of Object.entries(unzipped)) entries.push([path, new Uint8Array(content)]);
    } else {
      const path = (file as File & { webkitRelativePath?: string }).webkitRelativePath || file.name;
      entries.push([path, bytes]);
    }
  }
  return modelFilesFrom(entries);
}

/** The id a model calls itself in config.json (`_name_or_path`), when it is usable as an id. */
export function idFromConfig(files: readonly PickedFile[]): string | undefined {
  const config = files.find((file) => file.name === "config.json");
  if (!config) return undefined;
  try {
    const name = (JSON.parse(new TextDecoder().decode(config.bytes)) as { _name_or_path?: unknown })._name_or_path;
    return typeof name === "string" && /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/.test(name) ? name : undefined;
  } catch {
    return undefined;
  }
}

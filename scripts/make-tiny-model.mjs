// Writes the tiny test model (scripts/tiny-model.mjs) to test/fixtures/tiny-model/, laid out like a
// model-hub repository: config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx.
// Prints each file's SHA-256, which src/models/known.ts pins. Run: node scripts/make-tiny-model.mjs
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tinyConfigJson, tinyOnnxModel, tinyTokenizerConfigJson, tinyTokenizerJson } from "./tiny-model.mjs";

const out = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "tiny-model");
const files = {
  "config.json": JSON.stringify(tinyConfigJson(), null, 2) + "\n",
  "tokenizer.json": JSON.stringify(tinyTokenizerJson()) + "\n",
  "tokenizer_config.json": JSON.stringify(tinyTokenizerConfigJson(), null, 2) + "\n",
  "onnx/model_quantized.onnx": tinyOnnxModel(),
};
for (const [name, body] of Object.entries(files)) {
  const path = join(out, name);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
  console.log(`${createHash("sha256").update(body).digest("hex")}  ${name}`);
}

#!/usr/bin/env node
// Compiles src/shared/simd-kernel.wat with wabt and writes its bytes, base64, into
// src/shared/simd-kernel.generated.ts so neither the page nor the worker fetches a .wasm file.
// A unit test recompiles the WAT and compares, so the committed bytes cannot drift from the source.
import { readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";

const root = fileURLToPath(new URL("..", import.meta.url));
const watPath = `${root}src/shared/simd-kernel.wat`;
const outPath = `${root}src/shared/simd-kernel.generated.ts`;

/** Same options as the drift test: SIMD on, no debug names, so bytes are reproducible. */
export async function compileKernel(watText) {
  const wabt = await wabtInit();
  const module = wabt.parseWat("simd-kernel.wat", watText, { simd: true });
  try {
    module.validate();
    return module.toBinary({ write_debug_names: false, canonicalize_lebs: true }).buffer;
  } finally {
    module.destroy();
  }
}

export function renderModule(bytes) {
  const base64 = Buffer.from(bytes).toString("base64");
  const lines = base64.match(/.{1,100}/g) ?? [];
  return [
    "// Built from simd-kernel.wat by `npm run build:wasm`. Do not edit by hand; edit the WAT and rebuild.",
    `/** The int8 dot-product kernel, ${bytes.length} bytes of WebAssembly (SIMD), base64. */`,
    "export const SIMD_KERNEL_BASE64 =",
    lines.map((line) => `  "${line}"`).join(" +\n") + ";",
    "",
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await compileKernel(await readFile(watPath, "utf8"));
  await writeFile(outPath, renderModule(bytes));
  console.log(`wrote ${outPath} (${bytes.length} bytes of wasm)`);
}

// The model code that runs without a browser: pooling, the pinned digests of the test model, and
// how picked files (a folder, a zip) map to a model's files.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { meanPoolNormalised } from "../../../workers/models/pooling.js";
import { KNOWN_MODELS, knownModel } from "../../../src/models/known.js";
import { idFromConfig, modelFilesFrom, readPickedFiles } from "../../../src/models/import-files.js";

const FIXTURE = join(import.meta.dirname, "..", "..", "fixtures", "tiny-model");

describe("meanPoolNormalised", () => {
  test("averages the kept tokens only and scales to unit length", () => {
    // Two sentences of dim 2, the second padded: its third token must not count.
    const data = new Float32Array([1, 0, 3, 4, /* pad */ 100, 100]);
    const vector = meanPoolNormalised(data, 0, 2, 2);
    // mean = (2, 2) → (1/√2, 1/√2)
    expect(vector[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(vector[1]).toBeCloseTo(Math.SQRT1_2, 6);
    const offset = meanPoolNormalised(new Float32Array([9, 9, 0, 5]), 2, 1, 2);
    expect(Array.from(offset)).toEqual([0, 1]);
  });

  test("an all-zero mean stays zero instead of dividing by zero", () => {
    expect(Array.from(meanPoolNormalised(new Float32Array(4), 0, 2, 2))).toEqual([0, 0]);
  });
});

describe("pinned digests", () => {
  test("the tiny test model's pins are the SHA-256 of the committed fixture files", async () => {
    const model = knownModel("phoenix/tiny-bert-384")!;
    for (const file of model.files) {
      const bytes = await readFile(join(FIXTURE, file.name));
      expect(createHash("sha256").update(bytes).digest("hex"), file.name).toBe(file.sha256);
    }
  });

  test("every pin is 64 lowercase hex digits and every known model pins its ONNX file", () => {
    for (const model of KNOWN_MODELS) {
      expect(model.files.find((file) => file.name === "onnx/model_quantized.onnx")?.sha256).toMatch(/^[0-9a-f]{64}$/);
      for (const file of model.files) if (file.sha256 !== undefined) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("picked files", () => {
  const bytes = (text: string) => new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;

  test("a folder's files map to the hub layout wherever they sit; other files are left out", () => {
    const files = modelFilesFrom([
      ["all-MiniLM/config.json", bytes("{}")],
      ["all-MiniLM/tokenizer.json", bytes("{}")],
      ["all-MiniLM/onnx/model.onnx", bytes("fp32")],
      ["all-MiniLM/onnx/model_quantized.onnx", bytes("q8")],
      ["all-MiniLM/README.md", bytes("#")],
    ]);
    expect(files.map((file) => file.name).sort()).toEqual(["config.json", "onnx/model_quantized.onnx", "tokenizer.json"]);
    expect(new TextDecoder().decode(files.find((file) => file.name === "onnx/model_quantized.onnx")!.bytes)).toBe("q8");
  });

  test("any .onnx file serves when none is named model_quantized.onnx", () => {
    const files = modelFilesFrom([["model.onnx", bytes("fp32")]]);
    expect(files).toEqual([{ name: "onnx/model_quantized.onnx", bytes: bytes("fp32") }]);
  });

  test("a zip is opened; its id comes from config.json", async () => {
    const zip = zipSync({ "m/config.json": bytes('{"_name_or_path":"phoenix/tiny-bert-384"}'), "m/onnx/model_quantized.onnx": bytes("x") });
    const progress: number[] = [];
    const files = await readPickedFiles([new File([zip], "model.zip")], (done) => progress.push(done));
    expect(files.map((file) => file.name).sort()).toEqual(["config.json", "onnx/model_quantized.onnx"]);
    expect(idFromConfig(files)).toBe("phoenix/tiny-bert-384");
    expect(progress.at(-1)).toBe(zip.byteLength);
  });

  test("nothing picked, or a broken zip, is a typed error", async () => {
    await expect(readPickedFiles([], () => undefined)).rejects.toMatchObject({ code: "INVALID_ARGUMENT" });
    await expect(readPickedFiles([new File([bytes("not a zip")], "model.zip")], () => undefined)).rejects.toMatchObject({ code: "INVALID_VALUE" });
  });

  test("a config without a usable name gives no id", () => {
    expect(idFromConfig([{ name: "config.json", bytes: bytes('{"_name_or_path":"/home/me/model"}') }])).toBeUndefined();
    expect(idFromConfig([{ name: "config.json", bytes: bytes("not json") }])).toBeUndefined();
  });
});

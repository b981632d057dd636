/**
 * The shape of the import graph (shared/ARCHITECTURE.md): no cycles, even of types; the UI reaches the
 * library only through src/index.ts, as a library user does; worker code is not imported by page code
 * except as types.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT, findCycles, importGraph, specifiersOf } from "./import-graph.js";

const graph = importGraph();

const isUi = (file: string) => file.startsWith("src/ui/") || file === "src/main.tsx";

describe("import graph", () => {
  test("the walker sees the tree: the facade, the worker and the UI are in it", () => {
    expect(graph.get("src/index.ts")).toContain("src/phoenix.ts");
    expect(graph.get("workers/vector.worker.ts")).toContain("workers/vector/worker-api.ts");
    expect(graph.get("src/main.tsx")).toContain("src/index.ts");
  });

  test("the cycle finder finds a cycle of two and of three", () => {
    const sample = new Map([
      ["a", ["b"]],
      ["b", ["a", "c"]],
      ["c", ["d"]],
      ["d", ["e"]],
      ["e", ["c"]],
    ]);
    expect(findCycles(sample)).toEqual([
      ["a", "b", "a"],
      ["c", "d", "e", "c"],
    ]);
  });

  test("no module imports itself back, not even through types", () => {
    expect(findCycles(graph)).toEqual([]);
  });

  test("UI files import from src/ only src/index.ts and other UI files", () => {
    const offending = [...graph]
      .filter(([file]) => isUi(file))
      .flatMap(([file, targets]) => targets.filter((target) => !isUi(target) && target !== "src/index.ts").map((target) => `${file} → ${target}`));
    expect(offending).toEqual([]);
  });

  test("the walker reads multi-line, type-only, re-export, dynamic and side-effect imports", () => {
    const text = [
      'import {\n  a,\n  type B,\n} from "../one.js";',
      'import type { C } from "./two.js";',
      'export { d } from "./three.js";',
      'export type { E } from "./four.js";',
      'const f = () => import("./five.js");',
      'import "./six.css";',
      'const text = "import nothing from here";',
    ].join("\n");
    expect(specifiersOf(text)).toEqual(["../one.js", "./two.js", "./three.js", "./four.js", "./five.js", "./six.css"]);
  });

  test("the Context Engine is split by runtime: its worker half reads from src/ only code meant for both", () => {
    const both = (target: string) =>
      target.startsWith("src/shared/") || target.startsWith("src/db/") || target === "src/errors.ts" || target === "src/context/types.ts" || target === "src/context/shared.ts";
    const offending = [...graph]
      .filter(([file]) => file.startsWith("workers/context/"))
      .flatMap(([file, targets]) => targets.filter((target) => target.startsWith("src/") && !both(target)).map((target) => `${file} → ${target}`));
    expect(graph.get("workers/context/searcher.ts")).toContain("src/context/types.ts");
    expect(offending).toEqual([]);
  });

  test("page code imports worker code only as types", () => {
    const offending: string[] = [];
    for (const [file, targets] of graph) {
      if (!file.startsWith("src/")) continue;
      const text = readFileSync(join(REPO_ROOT, file), "utf8");
      for (const target of targets.filter((t) => t.startsWith("workers/"))) {
        const name = target.split("/").pop()!.replace(/\.ts$/, "");
        const valueImport = new RegExp(`import\\s+(?!type\\b)[^;]*from\\s*["'][^"']*${name}\\.js["']|import\\(["'][^"']*${name}\\.js["']\\)`);
        if (valueImport.test(text)) offending.push(`${file} → ${target}`);
      }
    }
    // The bridge's in-thread fallback (unit tests without Worker) loads the worker API on demand.
    expect(offending).toEqual(["src/vector/bridge.ts → workers/vector/worker-api.ts"]);
  });
});

/**
 * The size rules of shared/ARCHITECTURE.md, measured on the syntax tree rather than by eye: no source file in
 * src/ or workers/ over 350 lines and no function (declaration, expression, arrow or method) over 80. A module
 * that grows past them is doing more than one job; the failure names the file and line so the split starts there.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAst } from "vite";
import { describe, expect, test } from "vitest";
import { REPO_ROOT, importGraph } from "./import-graph.js";

const MAX_FILE_LINES = 350;
const MAX_FUNCTION_LINES = 80;

interface SyntaxNode {
  type: string;
  start: number;
  end: number;
  body?: unknown;
}

const isNode = (value: unknown): value is SyntaxNode =>
  typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";

/** Line number (1-based) of each offset, through a table of line starts. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

/** Every function in a source text longer than the limit, as `line: length`. */
export function longFunctions(text: string, lang: "ts" | "tsx", limit = MAX_FUNCTION_LINES): string[] {
  const lineOf = lineIndex(text);
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isNode(value)) return;
    if (value.type.includes("Function") && value.body) {
      const first = lineOf(value.start);
      const length = lineOf(value.end) - first + 1;
      if (length > limit) found.push(`${first}: ${length} lines`);
    }
    for (const [key, child] of Object.entries(value)) if (key !== "parent") visit(child);
  };
  visit(parseAst(text, { lang }));
  return found;
}

const files = [...importGraph().keys()];

describe("sizes", () => {
  test("the measure finds a long function and passes a short one", () => {
    const long = `export function long() {\n${"  work();\n".repeat(MAX_FUNCTION_LINES)}}\n`;
    const short = `const short = () => {\n  work();\n};\n`;
    expect(longFunctions(long, "ts")).toEqual([`1: ${MAX_FUNCTION_LINES + 2} lines`]);
    expect(longFunctions(short, "ts")).toEqual([]);
    expect(longFunctions(`function C() {\n  return <div />;\n}\n`, "tsx")).toEqual([]);
  });

  test(`no file in src/ or workers/ is over ${MAX_FILE_LINES} lines`, () => {
    expect(files.length).toBeGreaterThan(50);
    const tooLong = files
      .map((file) => [file, readFileSync(join(REPO_ROOT, file), "utf8").split("\n").length] as const)
      .filter(([, lines]) => lines > MAX_FILE_LINES + 1)
      .map(([file, lines]) => `${file}: ${lines} lines`);
    expect(tooLong).toEqual([]);
  });

  test(`no function in src/ or workers/ is over ${MAX_FUNCTION_LINES} lines`, () => {
    const tooLong = files.flatMap((file) =>
      longFunctions(readFileSync(join(REPO_ROOT, file), "utf8"), file.endsWith(".tsx") ? "tsx" : "ts").map(
        (where) => `${file}:${where}`,
      ),
    );
    expect(tooLong).toEqual([]);
  });
});

/**
 * The import graph of src/ and workers/, read from the source text: every `import`, `import type`,
 * `export … from` and dynamic `import()` with a relative path. Type-only imports count: a cycle of types
 * still means two modules that cannot be understood (or moved) one without the other.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

const SOURCE = /\.(ts|tsx)$/;
const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^"'`;]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** `../x.js` → the .ts/.tsx file it names, or undefined for packages and non-code files. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(from), specifier.replace(/\?.*$/, ""));
  const stem = base.replace(/\.(js|jsx|ts|tsx)$/, "");
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Every module specifier a source text imports or re-exports from. */
export function specifiersOf(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((match) => (match[1] ?? match[2] ?? match[3])!);
}

/** Relative path (from the repo root) → the relative paths it imports. */
export function importGraph(roots: readonly string[] = ["src", "workers"]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const root of roots) {
    for (const file of sourceFiles(join(REPO_ROOT, root))) {
      const text = readFileSync(file, "utf8");
      const targets = new Set<string>();
      for (const specifier of specifiersOf(text)) {
        const target = resolveSpecifier(file, specifier);
        if (target) targets.add(relative(REPO_ROOT, target));
      }
      graph.set(relative(REPO_ROOT, file), [...targets]);
    }
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the list of files around it (first repeated last). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      const seen = state.get(next);
      if (seen === "open") cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (seen === undefined) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

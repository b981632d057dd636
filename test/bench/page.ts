/**
 * The bench page: runs the suite named in `?suite=<name>` (test/bench/suites/<name>.ts) and reports
 * its rows to test/bench/run.mjs through functions the runner exposes on window. Opened by hand
 * (npx vite -c test/bench/vite.config.ts) it lists the suites and prints rows into the page instead.
 */
import type { BenchContext, BenchRow, BenchSuite } from "./types.js";

interface SuiteOutcome {
  ok: boolean;
  error?: string;
}

declare global {
  interface Window {
    __benchRow?: (row: BenchRow) => Promise<void>;
    __benchLog?: (message: string) => Promise<void>;
    __benchDone?: (outcome: SuiteOutcome) => Promise<void>;
  }
}

const suiteModules = import.meta.glob<{ default: BenchSuite }>("./suites/*.ts");

function suiteNameOf(path: string): string {
  return path.replace(/^\.\/suites\//, "").replace(/\.ts$/, "");
}

const statusLine = document.getElementById("status")!;
const rowsTable = document.getElementById("rows") as HTMLTableElement;

function showRow(row: BenchRow): void {
  const cells = [row.name, row.ms.toFixed(1), row.baselineMs?.toFixed(1) ?? "", row.note ?? ""];
  const tr = rowsTable.insertRow();
  for (const text of cells) tr.insertCell().textContent = text;
}

function listSuites(): void {
  statusLine.textContent = "Pick a suite:";
  const list = document.getElementById("suites")!;
  for (const path of Object.keys(suiteModules)) {
    const name = suiteNameOf(path);
    const link = document.createElement("a");
    link.href = `?suite=${encodeURIComponent(name)}`;
    link.textContent = name;
    list.appendChild(document.createElement("li")).appendChild(link);
  }
}

async function runSuite(name: string): Promise<void> {
  const load = suiteModules[`./suites/${name}.ts`];
  const report = async (outcome: SuiteOutcome) => {
    statusLine.textContent = outcome.ok ? `${name}: done` : `${name}: FAILED ${outcome.error ?? ""}`;
    document.documentElement.dataset.benchDone = outcome.ok ? "ok" : "failed";
    await window.__benchDone?.(outcome);
  };
  if (!load) {
    await report({ ok: false, error: `No suite test/bench/suites/${name}.ts` });
    return;
  }
  let dbCounter = 0;
  const pending: Array<Promise<void>> = [];
  const context: BenchContext = {
    row(row) {
      const full: BenchRow = { suite: name, ...row };
      showRow(full);
      pending.push(window.__benchRow?.(full) ?? Promise.resolve());
    },
    log(message) {
      console.log(`[${name}] ${message}`);
      pending.push(window.__benchLog?.(message) ?? Promise.resolve());
    },
    freshDbName(label) {
      dbCounter += 1;
      return `bench-${name}-${label}-${Date.now()}-${dbCounter}`;
    },
  };
  statusLine.textContent = `${name}: running…`;
  try {
    const suite = (await load()).default;
    await suite(context);
    await Promise.all(pending);
    await report({ ok: true });
  } catch (error) {
    await Promise.all(pending);
    // V8's stack starts with "Name: message"; fall back to that line where there is no stack.
    const message = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
    await report({ ok: false, error: message });
  }
}

const requested = new URLSearchParams(location.search).get("suite");
if (requested) void runSuite(requested);
else listSuites();

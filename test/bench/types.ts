/**
 * The contract between benchmark suites and the bench runner (`npm run bench`).
 * A suite is `test/bench/suites/<name>.ts` with a default export; it runs inside headless Chromium
 * in a page of its own (fresh origin storage), and reports rows the runner prints as one table
 * and writes to bench-results/bench.json.
 */
export interface BenchRow {
  /** Suite name, e.g. "foundation". */
  suite: string;
  /** What was measured, e.g. "etchMany 100,000". */
  name: string;
  /** Our figure in milliseconds (median where repeated). */
  ms: number;
  /** The raw baseline measured in the same run on the same records, if the row compares against one. */
  baselineMs?: number;
  /** Free text: throughput, targets, recall, memory. */
  note?: string;
}

export interface BenchContext {
  row(row: Omit<BenchRow, "suite">): void;
  log(message: string): void;
  /** A database name no other suite or run uses. */
  freshDbName(label: string): string;
}

export type BenchSuite = (ctx: BenchContext) => Promise<void>;

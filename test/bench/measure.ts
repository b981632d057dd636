import { openPhoenix, type Phoenix } from "../../src/index.js";
import type { BenchContext } from "./types.js";
/** Timing helpers for bench suites (page side). Figures only; nothing here asserts. */

/** Runs fn once and returns its duration in ms. */
export async function timeOnce(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The median of `runs` timed runs. `setup` (untimed) runs before each, e.g. to open a fresh
 * database; its result is handed to fn.
 */
export async function medianOf<T>(runs: number, setup: () => T | Promise<T>, fn: (prepared: T) => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const prepared = await setup();
    collectGarbage();
    times.push(await timeOnce(() => fn(prepared)));
  }
  return median(times);
}

/** Forces a GC when the runner started Chromium with --js-flags=--expose-gc, so one row's garbage does not bill the next. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** JS heap in use (bytes) with --enable-precise-memory-info, else undefined. */
export function heapUsed(): number | undefined {
  return (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
}

/** "12,345/s" from a count and a duration. */
export function perSecond(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString("en")}/s`;
}

/** Deletes a database and waits for it (a bench leaves no 100k-record databases behind). */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => resolve();
  });
}

/** Resolves when the transaction commits. */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("aborted"));
  });
}

/** A raw IndexedDB connection to a database the facade has created (same schema), for baselines. */
export function openRaw(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

export interface BenchDatabase {
  phoenix: Phoenix;
  raw: IDBDatabase;
  /** Closes both connections and deletes the database and its snapshots. */
  drop(): Promise<void>;
}

/** A fresh database with our schema: opened by the facade (which runs the migrations), then also raw. */
export async function freshDatabase(ctx: BenchContext, label: string): Promise<BenchDatabase> {
  const name = ctx.freshDbName(label);
  const phoenix = await openPhoenix({ name });
  const raw = await openRaw(name);
  return {
    phoenix,
    raw,
    async drop() {
      phoenix.close();
      raw.close();
      await deleteDatabase(name);
      await deleteDatabase(`${name}-snapshots`);
    },
  };
}

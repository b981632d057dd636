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

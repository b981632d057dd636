import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { LatestQuery } from "../../../src/ui/lib/latest.js";

interface Call {
  query: string;
  signal: AbortSignal;
  resolve: (value: string) => void;
  reject: (error: unknown) => void;
}

function harness(delayMs = 150) {
  const calls: Call[] = [];
  const results: Array<[string, string]> = [];
  const errors: Array<[unknown, string]> = [];
  const busy: boolean[] = [];
  const runner = new LatestQuery<string>({
    delayMs,
    run: (query, signal) =>
      new Promise<string>((resolve, reject) => {
        calls.push({ query, signal, resolve, reject });
      }),
    onResult: (result, query) => results.push([result, query]),
    onError: (error, query) => errors.push([error, query]),
    onBusy: (value) => busy.push(value),
  });
  return { runner, calls, results, errors, busy };
}

describe("LatestQuery", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test("typing quickly runs only the last query, after the pause", async () => {
    const { runner, calls } = harness();
    runner.schedule("p");
    await vi.advanceTimersByTimeAsync(100);
    runner.schedule("pa");
    await vi.advanceTimersByTimeAsync(100);
    runner.schedule("par");
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(150);
    expect(calls.map((call) => call.query)).toEqual(["par"]);
  });

  test("an answer to an older query is dropped and its request aborted", async () => {
    const { runner, calls, results } = harness();
    runner.schedule("old", true);
    await vi.advanceTimersByTimeAsync(0);
    runner.schedule("new", true);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((call) => call.query)).toEqual(["old", "new"]);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);

    calls[1]!.resolve("new answer");
    calls[0]!.resolve("old answer");
    await vi.advanceTimersByTimeAsync(0);
    expect(results).toEqual([["new answer", "new"]]);
  });

  test("errors of stale queries are dropped too; the newest one's is reported", async () => {
    const { runner, calls, errors } = harness();
    runner.schedule("a", true);
    await vi.advanceTimersByTimeAsync(0);
    runner.schedule("b", true);
    await vi.advanceTimersByTimeAsync(0);
    calls[0]!.reject(new Error("stale"));
    calls[1]!.reject(new Error("fresh"));
    await vi.advanceTimersByTimeAsync(0);
    expect(errors.map(([error, query]) => [(error as Error).message, query])).toEqual([["fresh", "b"]]);
  });

  test("cancel stops a pending query from running and drops an in-flight answer", async () => {
    const { runner, calls, results } = harness();
    runner.schedule("x");
    runner.cancel();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveLength(0);

    runner.schedule("y", true);
    await vi.advanceTimersByTimeAsync(0);
    runner.cancel();
    calls[0]!.resolve("late");
    await vi.advanceTimersByTimeAsync(0);
    expect(results).toEqual([]);
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  test("busy goes on when a query starts and off when the newest settles", async () => {
    const { runner, calls, busy } = harness();
    runner.schedule("q", true);
    await vi.advanceTimersByTimeAsync(0);
    expect(busy).toEqual([true]);
    calls[0]!.resolve("done");
    await vi.advanceTimersByTimeAsync(0);
    expect(busy).toEqual([true, false]);
  });
});

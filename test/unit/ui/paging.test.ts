import { describe, expect, test } from "vitest";
import { lastKey, nextWindowQuery, sliceWindow, takePage } from "../../../src/ui/lib/paging.js";

describe("takePage", () => {
  test("one item beyond the page means more exist", () => {
    expect(takePage([1, 2, 3, 4], 3)).toEqual({ items: [1, 2, 3], hasMore: true });
    expect(takePage([1, 2, 3], 3)).toEqual({ items: [1, 2, 3], hasMore: false });
    expect(takePage([], 3)).toEqual({ items: [], hasMore: false });
  });

  test("lastKey is the key of the last pair", () => {
    expect(lastKey([["a", 1], ["b", 2]])).toBe("b");
    expect(lastKey([])).toBeUndefined();
  });
});

/** A stream in time order with ties, and a stand-in for retrieveCosmicData's range form. */
function stream(timestamps: number[]) {
  const items = timestamps.map((timestamp, i) => ({ timestamp, n: i }));
  return (query: { from?: number | undefined; to?: number | undefined; reverse: boolean; limit: number }) => {
    const inRange = items.filter(
      (item) => (query.from === undefined || item.timestamp >= query.from) && (query.to === undefined || item.timestamp <= query.to),
    );
    const ordered = query.reverse ? [...inRange].reverse() : inRange;
    return ordered.slice(0, query.limit);
  };
}

function pageThrough(timestamps: number[], reverse: boolean, pageSize: number, window: { from?: number; to?: number } = {}) {
  const read = stream(timestamps);
  const shown: Array<{ timestamp: number; n: number }> = [];
  for (let guard = 0; guard < 100; guard += 1) {
    const query = nextWindowQuery({ ...window, reverse }, shown, pageSize);
    const page = sliceWindow(read(query), query, pageSize);
    shown.push(...page.items);
    if (!page.hasMore) return shown;
  }
  throw new Error("paging did not finish");
}

describe("time-window paging", () => {
  const timestamps = [10, 20, 20, 20, 20, 30, 40, 40, 50];

  test.each([1, 2, 3, 4, 10])("pages of %d visit every item once, ties included, oldest first", (size) => {
    const shown = pageThrough(timestamps, false, size);
    expect(shown.map((item) => item.n)).toEqual(timestamps.map((_, i) => i));
  });

  test.each([1, 2, 3, 4, 10])("pages of %d visit every item once, newest first", (size) => {
    const shown = pageThrough(timestamps, true, size);
    expect(shown.map((item) => item.n)).toEqual(timestamps.map((_, i) => i).reverse());
  });

  test("paging stays inside the chosen window", () => {
    const shown = pageThrough(timestamps, true, 2, { from: 20, to: 40 });
    expect(shown.map((item) => item.timestamp)).toEqual([40, 40, 30, 20, 20, 20, 20]);
  });

  test("the first query asks for one more than a page and skips nothing", () => {
    expect(nextWindowQuery({ reverse: true, from: 5 }, [], 25)).toEqual({ reverse: true, from: 5, to: undefined, limit: 26, skip: 0 });
  });
});

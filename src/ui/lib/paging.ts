/**
 * Paging helpers. Lists ask for one item more than a page so they know whether a "More" button is due,
 * without a separate count.
 */

export interface PageSlice<T> {
  items: T[];
  hasMore: boolean;
}

/** `fetched` was read with limit `pageSize + 1`: keep a page and say whether more exist. */
export function takePage<T>(fetched: readonly T[], pageSize: number): PageSlice<T> {
  return { items: fetched.slice(0, pageSize), hasMore: fetched.length > pageSize };
}

/** The key to resume after: the last key of what is shown. */
export function lastKey<K>(pairs: ReadonlyArray<readonly [K, unknown]>): K | undefined {
  return pairs.length ? pairs[pairs.length - 1]![0] : undefined;
}

export interface TimeWindow {
  from?: number | undefined;
  to?: number | undefined;
  reverse: boolean;
}

export interface WindowQuery {
  from?: number | undefined;
  to?: number | undefined;
  reverse: boolean;
  limit: number;
  /** Items at the start of the answer already shown (same timestamp as the last shown). */
  skip: number;
}

/**
 * The next query of a time-range listing. Items are ordered by timestamp and several may share one, so
 * resuming "after the last timestamp" could skip some and resuming "at it" repeats some: resume at it and
 * skip as many items of that timestamp as are already shown (ties come back in the same order).
 */
export function nextWindowQuery(
  window: TimeWindow,
  shown: ReadonlyArray<{ timestamp: number }>,
  pageSize: number,
): WindowQuery {
  const last = shown[shown.length - 1];
  if (!last) return { ...window, limit: pageSize + 1, skip: 0 };
  let skip = 0;
  for (let i = shown.length - 1; i >= 0 && shown[i]!.timestamp === last.timestamp; i -= 1) skip += 1;
  const query: WindowQuery = { from: window.from, to: window.to, reverse: window.reverse, limit: pageSize + skip + 1, skip };
  if (window.reverse) query.to = last.timestamp;
  else query.from = last.timestamp;
  return query;
}

/** The new page out of the answer to a `nextWindowQuery`. */
export function sliceWindow<T>(fetched: readonly T[], query: WindowQuery, pageSize: number): PageSlice<T> {
  return takePage(fetched.slice(query.skip), pageSize);
}

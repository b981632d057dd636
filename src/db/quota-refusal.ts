/**
 * The last write the browser refused for lack of space, kept for this page's lifetime so the Overview can
 * say the origin is full. `navigator.storage.estimate()` cannot: Chromium reports a static quota (usage
 * plus a fixed margin) to stop sites fingerprinting the disk, so a full origin can read as nearly empty.
 * A refusal is the one sure sign; freeing space, or the refused call succeeding later, clears it (a small
 * write of another kind fitting says little: an audit entry fits where a batch does not).
 */

export interface QuotaRefusal {
  /** The call the browser refused, as named in the error (`cache.storeCosmicBatch`). */
  operation: string;
  /** The object store(s) it was writing to, when known. */
  store?: string;
  /** When it happened (ms since the epoch). */
  at: number;
}

let last: QuotaRefusal | undefined;
const listeners = new Set<(refusal: QuotaRefusal | undefined) => void>();

function emit(): void {
  for (const listener of listeners) listener(last);
}

/** Called by the facade's guard when a call fails with QUOTA_EXCEEDED. */
export function noteQuotaRefusal(operation: string, store: string | undefined, at = Date.now()): void {
  last = store === undefined ? { operation, at } : { operation, store, at };
  emit();
}

/**
 * After space was freed (no argument), or after `operation` wrote successfully (cleared only if it is the
 * call that was refused): the next refusal, if any, is news again.
 */
export function clearQuotaRefusal(operation?: string): void {
  if (last === undefined || (operation !== undefined && operation !== last.operation)) return;
  last = undefined;
  emit();
}

/** The last refused write of this page, or undefined when none (or space was freed since). */
export function lastQuotaRefusal(): QuotaRefusal | undefined {
  return last;
}

/** Calls `listener` on every change; returns the unsubscribe. */
export function onQuotaRefusal(listener: (refusal: QuotaRefusal | undefined) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

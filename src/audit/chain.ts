/**
 * The hash chain of the audit log, as pure functions over entries, so the live log, a backup being
 * imported and the tests check it the same way.
 *
 * Each entry's canonical bytes are the UTF-8 JSON of [seq, at, action, outcome, subject|null, prev]; its
 * `hash` is their SHA-256 and the next entry's `prev` repeats it. The first entry ever has `prev` = 64 zeros.
 * Two records in `meta` close the ends: the head ({ seq, hash } of the newest entry, so removing the newest
 * entries is seen) and, once old entries were pruned, the checkpoint ({ seq, prev } of the oldest kept
 * entry, so the chain still verifies from there).
 *
 * What this protects against: an entry edited, removed or reordered by anyone writing to IndexedDB
 * without rewriting every later entry and the head. It is not a signature: someone who rewrites the whole
 * chain consistently is not detected, since there is no secret to withhold from them.
 */
import type { IHasher } from "hash-wasm";
import type { AuditRecord } from "../db/schema.js";
import { META_KEYS } from "../db/meta-keys.js";

export const GENESIS = "0".repeat(64);
export const AUDIT_HEAD_KEY = META_KEYS.auditHead;
export const AUDIT_CHECKPOINT_KEY = META_KEYS.auditCheckpoint;

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditCheckpoint {
  seq: number;
  prev: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** Sequence number of the first entry that is edited, missing or out of place. */
  brokenAt?: number;
}

export type Hasher = Pick<IHasher, "init" | "update" | "digest">;

const encoder = new TextEncoder();

export function canonicalBytes(entry: Omit<AuditRecord, "hash">): Uint8Array {
  return encoder.encode(JSON.stringify([entry.seq, entry.at, entry.action, entry.outcome, entry.subject ?? null, entry.prev]));
}

/** Synchronous with a ready hasher, so it can run inside an IndexedDB transaction. */
export function entryHash(hasher: Hasher, entry: Omit<AuditRecord, "hash">): string {
  hasher.init();
  hasher.update(canonicalBytes(entry));
  return hasher.digest("hex") as string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

export function parseHead(value: unknown): AuditHead | undefined {
  return isObject(value) && typeof value.seq === "number" && typeof value.hash === "string" ? { seq: value.seq, hash: value.hash } : undefined;
}

export function parseCheckpoint(value: unknown): AuditCheckpoint | undefined {
  return isObject(value) && typeof value.seq === "number" && typeof value.prev === "string" ? { seq: value.seq, prev: value.prev } : undefined;
}

function wellFormed(value: unknown): value is AuditRecord {
  return (
    isObject(value) &&
    typeof value.seq === "number" &&
    typeof value.at === "number" &&
    typeof value.action === "string" &&
    (value.outcome === "ok" || value.outcome === "failed") &&
    (value.subject === undefined || typeof value.subject === "string") &&
    typeof value.prev === "string" &&
    typeof value.hash === "string"
  );
}

/** Checks `[key, entry]` pairs in key order against each other, the head and the checkpoint. */
export function verifyChain(
  hasher: Hasher,
  pairs: Iterable<readonly [unknown, unknown]>,
  head: AuditHead | undefined,
  checkpoint: AuditCheckpoint | undefined,
): VerifyResult {
  let expectedSeq = checkpoint?.seq ?? 1;
  let expectedPrev = checkpoint?.prev ?? GENESIS;
  let entries = 0;
  for (const [key, value] of pairs) {
    entries += 1;
    const at = typeof key === "number" ? key : expectedSeq;
    if (!wellFormed(value) || value.seq !== key) return { ok: false, entries, brokenAt: at };
    if (entryHash(hasher, value) !== value.hash) return { ok: false, entries, brokenAt: value.seq };
    // A gap: the entry the chain expects next was removed.
    if (value.seq !== expectedSeq) return { ok: false, entries, brokenAt: Math.min(expectedSeq, value.seq) };
    if (value.prev !== expectedPrev) return { ok: false, entries, brokenAt: value.seq };
    expectedPrev = value.hash;
    expectedSeq += 1;
  }
  const last = expectedSeq - 1;
  if (head === undefined) {
    // No head yet is a fresh log; entries without a head mean it was removed.
    return entries === 0 ? { ok: true, entries } : { ok: false, entries, brokenAt: last };
  }
  if (head.seq !== last || head.hash !== expectedPrev) {
    // The newest entries were removed (head ahead of the chain) or the newest one was replaced.
    return { ok: false, entries, brokenAt: Math.min(head.seq, expectedSeq) };
  }
  return { ok: true, entries };
}

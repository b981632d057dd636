/**
 * `phoenix.audit`: the append-only, tamper-evident log of sensitive operations (the seed's "audit logging
 * for sensitive operations"), in its own object store `audit_log`.
 *
 *     await phoenix.audit.list({ limit: 20, reverse: true });  // [{ seq, at, action, outcome, subject? }]
 *     await phoenix.audit.verify();                             // { ok, entries, brokenAt? }
 *
 * Entries say what happened (`soul.unlock`, `backup.import`, …), when, and whether it worked; a subject
 * never holds a secret: no passphrase, no value, and Soul Vault key names only as their SHA-256
 * (`hashKeyName`). Appends are serialised per tab and computed inside one transaction with a synchronous
 * SHA-256, so appends from two tabs cannot fork the chain. Only the newest `settings.audit.keep` entries
 * are kept; a checkpoint in `meta` keeps the rest verifiable (chain.ts).
 */
import { putMeta, readMetaIn } from "../db/meta.js";
import { createSHA256 } from "hash-wasm";
import { PhoenixError } from "../errors.js";
import type { AuditRecord, PhoenixDB } from "../db/schema.js";
import { readTx, request, storageCall, writeTx } from "../db/write.js";
import {
  entryHash,
  GENESIS,
  verifyChain,
  type Hasher,
  type VerifyResult,
} from "./chain.js";

export { AUDIT_CHECKPOINT_KEY, AUDIT_HEAD_KEY, verifyChain, parseHead, parseCheckpoint, type VerifyResult } from "./chain.js";

export type AuditOutcome = "ok" | "failed";

/** An entry as `list()` returns it. */
export interface AuditEntry {
  seq: number;
  at: number;
  action: string;
  outcome: AuditOutcome;
  subject?: string;
}

export interface AuditListOptions {
  /** At most this many entries (default 100). */
  limit?: number;
  /** Newest first. */
  reverse?: boolean;
}

export interface AuditOptions {
  clock?: () => number;
  /** How many entries to keep (read at each append). */
  keep?: () => number;
}

const READ_PAGE = 10_000;
let sharedHasher: Promise<Hasher> | undefined;

/** One SHA-256 hasher, made once (WASM), used synchronously afterwards. */
export function auditHasher(): Promise<Hasher> {
  sharedHasher ??= createSHA256();
  return sharedHasher;
}

/** A Soul Vault key name as it may appear in a subject: `sha256:<hex>`, never the name itself. */
export async function hashKeyName(name: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(name));
  return `sha256:${Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export class AuditLog {
  private readonly clock: () => number;
  private readonly keep: () => number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: PhoenixDB,
    options: AuditOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.keep = options.keep ?? (() => 10_000);
  }

  /** Appends one entry; resolves with it once committed. */
  append(action: string, outcome: AuditOutcome, subject?: string): Promise<AuditEntry> {
    if (typeof action !== "string" || !/^[a-z]+(\.[a-zA-Z]+)+$/u.test(action)) {
      return Promise.reject(new PhoenixError("INVALID_ARGUMENT", `An audit action looks like "soul.unlock", got "${String(action)}".`));
    }
    if (outcome !== "ok" && outcome !== "failed") return Promise.reject(new PhoenixError("INVALID_ARGUMENT", 'outcome is "ok" or "failed".'));
    const run = this.queue.then(() => this.write(action, outcome, subject));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Entries in sequence order (reverse: newest first), without their hashes. */
  async list(options: AuditListOptions = {}): Promise<AuditEntry[]> {
    const limit = options.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1) throw new PhoenixError("INVALID_ARGUMENT", "limit must be a positive integer.");
    await this.settled();
    const entries = await readTx(this.db, ["audit_log"], ({ audit_log: store }) => {
      const read: AuditRecord[] = [];
      return new Promise<AuditRecord[]>((resolve, reject) => {
        const cursor = store.openCursor(null, options.reverse ? "prev" : "next");
        cursor.onerror = () => reject(cursor.error);
        cursor.onsuccess = () => {
          const at = cursor.result;
          if (!at || read.length >= limit) return resolve(read);
          read.push(at.value as AuditRecord);
          at.continue();
        };
      });
    });
    return entries.map(publicEntry);
  }

  /** Re-computes the chain from the checkpoint (or the first entry) to the head. */
  async verify(): Promise<VerifyResult> {
    const hasher = await auditHasher();
    await this.settled();
    return readTx(this.db, ["audit_log", "meta"], async ({ audit_log: store, meta }) => {
      const [head, checkpoint] = await Promise.all([readMetaIn(meta, "auditHead"), readMetaIn(meta, "auditCheckpoint")]);
      const pairs: Array<[unknown, unknown]> = [];
      let range: IDBKeyRange | undefined;
      for (;;) {
        const [keys, values] = await Promise.all([request(store.getAllKeys(range, READ_PAGE)), request(store.getAll(range, READ_PAGE))]);
        keys.forEach((key, i) => pairs.push([key, values[i]]));
        if (keys.length < READ_PAGE) break;
        range = IDBKeyRange.lowerBound(keys[keys.length - 1]!, true);
      }
      return verifyChain(hasher, pairs, head, checkpoint);
    });
  }

  /** Resolves when the appends asked for so far are written (or failed). */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  /** Number of entries kept. */
  async count(): Promise<number> {
    return storageCall(() => this.db.count("audit_log"));
  }

  private async write(action: string, outcome: AuditOutcome, subject: string | undefined): Promise<AuditEntry> {
    const hasher = await auditHasher();
    const at = this.clock();
    const keep = this.keep();
    const entry = await writeTx(this.db, ["audit_log", "meta"], async ({ audit_log: log, meta }) => {
      const [lastCursor, head] = await Promise.all([request(log.openCursor(null, "prev")), readMetaIn(meta, "auditHead")]);
      const last = lastCursor?.value as AuditRecord | undefined;
      // The stored newest entry leads; the head only stands in when the log is empty (all pruned).
      const seq = (last?.seq ?? head?.seq ?? 0) + 1;
      const prev = last?.hash ?? head?.hash ?? GENESIS;
      const body = { seq, at, action, outcome, ...(subject === undefined ? {} : { subject }), prev };
      const record: AuditRecord = { ...body, hash: entryHash(hasher, body) };
      log.put(record, seq);
      putMeta(meta, "auditHead", { seq, hash: record.hash });
      if (seq > keep) {
        const firstKept = seq - keep + 1;
        log.delete(IDBKeyRange.upperBound(firstKept, true));
        const first = firstKept === seq ? record : await request(log.get(firstKept));
        if (first) putMeta(meta, "auditCheckpoint", { seq: firstKept, prev: first.prev });
      }
      return record;
    });
    return publicEntry(entry);
  }
}

function publicEntry(record: AuditRecord): AuditEntry {
  return {
    seq: record.seq,
    at: record.at,
    action: record.action,
    outcome: record.outcome,
    ...(record.subject === undefined ? {} : { subject: record.subject }),
  };
}

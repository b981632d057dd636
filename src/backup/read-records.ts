/**
 * The store files of a backup as they stream out of the tar (hashed, split into lines) and their check
 * once the manifest is known: listed files only, hashes, record counts, then every record's shape for its
 * store, no key twice, soul records the archive's keyring can open. Part of reading a backup (read.ts).
 */
import type { IHasher } from "hash-wasm";
import { PhoenixError } from "../errors.js";
import type { PhoenixStoreName } from "../db/schema.js";
import { DEVICE_META_KEY, KEYRING_META_KEY, parseKeyring } from "../crypto/keyring.js";
import { CodecError, decodeRecord } from "./codec.js";
import type { BackupManifest } from "./manifest.js";
import { throwIfAborted, yieldToPage } from "./progress.js";
import { DERIVED_META_KEYS, recordProblem } from "./records.js";

/** No record line is near this (a memory is at most 1,000,000 characters); longer is hostile. */
const MAX_LINE_CHARS = 32 << 20;
/** Records decoded and checked between two yields to the page. */
const DECODE_SLICE = 10_000;

/**
 * A store's records as their checked NDJSON lines. A line takes a fraction of the memory of the decoded
 * object, so records are decoded once to check them and again, one at a time, as they are written.
 */
export interface StoreRecords {
  lines: string[];
}

/** Each store's checked records. */
export type CheckedRecords = Partial<Record<PhoenixStoreName, StoreRecords>>;

export interface ParsedFile extends StoreRecords {
  sha256: string;
  /** The first line that is not a line (empty, not UTF-8, too long); reported only after the hash is checked. */
  problem?: { line: number; why: string };
}

/** Hashes a store file and splits it into lines as it streams past (decoding waits for the hash check). */
export function recordFileSink(parsed: ParsedFile, hasher: IHasher): { data(chunk: Uint8Array): void; end(): void } {
  hasher.init();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let pending: string[] = [];
  let pendingChars = 0;
  let line = 0;
  const fail = (why: string) => {
    parsed.problem ??= { line: line + 1, why };
  };
  const take = (text: string) => {
    line += 1;
    if (text === "") return fail("empty line");
    parsed.lines.push(text);
  };
  const feed = (text: string) => {
    let start = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
      const piece = text.slice(start, newline);
      take(pending.length > 0 ? pending.join("") + piece : piece);
      if (parsed.problem) return;
      pending = [];
      pendingChars = 0;
      start = newline + 1;
    }
    if (start < text.length) {
      pending.push(text.slice(start));
      pendingChars += text.length - start;
      if (pendingChars > MAX_LINE_CHARS) fail(`line longer than ${MAX_LINE_CHARS} characters`);
    }
  };
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      fail("not valid UTF-8");
      return "";
    }
  };
  return {
    data(chunk) {
      hasher.update(chunk);
      if (!parsed.problem) feed(decode(chunk));
    },
    end() {
      parsed.sha256 = hasher.digest("hex");
      if (parsed.problem) return;
      feed(decode());
      if (!parsed.problem && pending.length > 0) take(pending.join(""));
      pending = [];
    },
  };
}

export async function checkFiles(
  manifest: BackupManifest,
  files: Map<string, ParsedFile>,
  signal: AbortSignal | undefined,
): Promise<CheckedRecords> {
  const listed = new Map(Object.entries(manifest.stores).map(([store, entry]) => [entry.file, store as PhoenixStoreName]));
  for (const path of files.keys()) {
    if (!listed.has(path)) {
      throw new PhoenixError("BACKUP_BAD_MANIFEST", `The archive holds "${path}", which the manifest does not list.`, { subject: path });
    }
  }
  for (const [path, store] of listed) {
    if (!files.has(path)) {
      throw new PhoenixError("BACKUP_BAD_MANIFEST", `It lists "${path}" for ${store}, which the archive lacks.`, { subject: path });
    }
  }
  for (const [path, store] of listed) {
    if (files.get(path)!.sha256 !== manifest.stores[store]!.sha256) {
      throw new PhoenixError("BACKUP_HASH_MISMATCH", `"${path}" was changed or damaged.`, { subject: path });
    }
  }
  const records: CheckedRecords = {};
  const soul: SoulCheck = { keyIds: new Set(), ringLine: 0, records: [] };
  for (const [path, store] of listed) {
    const parsed = files.get(path)!;
    if (parsed.problem) throw badRecord(path, parsed.problem.line, parsed.problem.why);
    if (parsed.lines.length !== manifest.stores[store]!.records) {
      throw new PhoenixError(
        "BACKUP_BAD_MANIFEST",
        `It counts ${manifest.stores[store]!.records} records in "${path}", which holds ${parsed.lines.length}.`,
        { subject: path },
      );
    }
    const keys: unknown[] = [];
    const derived: number[] = [];
    for (let i = 0; i < parsed.lines.length; i += 1) {
      if (i % DECODE_SLICE === DECODE_SLICE - 1) {
        await yieldToPage();
        throwIfAborted(signal);
      }
      let key: unknown;
      let value: unknown;
      try {
        [key, value] = decodeRecord(parsed.lines[i]!);
      } catch (error) {
        if (!(error instanceof CodecError)) throw error;
        throw badRecord(path, i + 1, error.message);
      }
      const problem = recordProblem(store, key, value);
      if (problem) throw badRecord(path, i + 1, problem);
      keys.push(key);
      if (store === "meta") checkMeta(key, value, i, path, soul, derived);
      if (store === "soul_kb") soul.records.push({ keyId: (value as { keyId: string }).keyId, line: i + 1, path });
    }
    const twice = repeatedKeyLine(keys);
    if (twice !== undefined) throw badRecord(path, twice, `the key ${JSON.stringify(keys[twice - 1])} appears twice`);
    // Derived records from an archive (an older export, or a hand-made one) are not imported: see records.ts.
    for (const index of derived.reverse()) parsed.lines.splice(index, 1);
    records[store] = { lines: parsed.lines };
  }
  for (const record of soul.records) {
    if (!soul.keyIds.has(record.keyId)) {
      throw badRecord(record.path, record.line, `sealed with key "${record.keyId}", which the archive's keyring lacks`);
    }
  }
  return records;
}

interface SoulCheck {
  keyIds: Set<string>;
  ringLine: number;
  records: Array<{ keyId: string; line: number; path: string }>;
}

/** The keyring opens the soul records (checked after); a device-bound key cannot come from a file. */
function checkMeta(key: unknown, value: unknown, index: number, path: string, soul: SoulCheck, derived: number[]): void {
  if (key === DEVICE_META_KEY) throw badRecord(path, index + 1, "a device-bound key cannot come from a backup");
  if (DERIVED_META_KEYS.has(key as string)) derived.push(index);
  if (key !== KEYRING_META_KEY) return;
  try {
    soul.keyIds = new Set(parseKeyring(value)!.keys.map((entry) => entry.keyId));
  } catch (error) {
    throw badRecord(path, index + 1, error instanceof Error ? error.message : String(error));
  }
}

/**
 * The line of the first key seen before, or undefined. Keys of one store are all strings or all numbers
 * (checked before), where `<` is IndexedDB's order; an export lists them strictly increasing, so the
 * common case needs no set of every key.
 */
function repeatedKeyLine(keys: unknown[]): number | undefined {
  let increasing = true;
  for (let i = 1; i < keys.length && increasing; i += 1) increasing = (keys[i - 1] as string) < (keys[i] as string);
  if (increasing) return undefined;
  const seen = new Set<unknown>();
  for (let i = 0; i < keys.length; i += 1) {
    if (seen.has(keys[i])) return i + 1;
    seen.add(keys[i]);
  }
  return undefined;
}

function badRecord(path: string, line: number, why: string): PhoenixError {
  return new PhoenixError("BACKUP_BAD_RECORD", `${path} line ${line}: ${why}.`, { subject: `${path}:${line}` });
}

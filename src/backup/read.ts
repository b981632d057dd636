/**
 * Reads a backup file completely and checks everything before anyone writes anything: encryption, gzip
 * (signature, damage, truncation, trailer), the expanded-size cap, tar structure and header checksums,
 * entry paths and duplicates, the manifest and its version, each file's SHA-256 and record count, and
 * the shape of every record for its store. The result holds the decoded records, ready for one write.
 *
 * Errors come in a fixed order, so one cause gets one code: container errors first (as the stream meets
 * them), then the manifest, then hashes, then records. A line that does not parse is only reported once
 * its file's hash is known to be right: a changed file is HASH_MISMATCH, not a bad record.
 */
import { createSHA256, type IHasher } from "hash-wasm";
import { PhoenixError } from "../errors.js";
import { DB_VERSION, type PhoenixStoreName } from "../db/schema.js";
import { DEVICE_META_KEY, KEYRING_META_KEY, parseKeyring } from "../crypto/keyring.js";
import { DEFAULT_MAX_EXPANDED_BYTES } from "./archive-file.js";
import { CodecError, decodeRecord } from "./codec.js";
import { decryptArchive, isEncryptedArchive } from "./crypt.js";
import { CheckedGunzip } from "./gzip.js";
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, parseManifest, type BackupManifest } from "./manifest.js";
import { reporter, throwIfAborted, yieldToPage, type ProgressListener } from "./progress.js";
import { DERIVED_META_KEYS, recordProblem } from "./records.js";
import { safeEntryPath, TarReader, type TarEntry } from "./tar.js";

/** No record line is near this (a memory is at most 1,000,000 characters); longer is hostile. */
const MAX_LINE_CHARS = 32 << 20;
/** Our archives hold 8 entries; a flood of tiny entries is a bomb of another kind. */
const MAX_ENTRIES = 10_000;
const READ_SLICE = 1 << 20;
/** Records decoded and checked between two yields to the page. */
const DECODE_SLICE = 10_000;

export interface ReadOptions {
  passphrase?: string;
  /** Expanded-size cap in bytes (and file-size cap of an encrypted archive); default DEFAULT_MAX_EXPANDED_BYTES (256 MiB). */
  maxExpandedBytes?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

/**
 * A store's records as their checked NDJSON lines. A line takes a fraction of the memory of the decoded
 * object, so records are decoded once to check them and again, one at a time, as they are written.
 */
export interface StoreRecords {
  lines: string[];
}

/** The [key, value] of a checked line. */
export function recordAt(records: StoreRecords, index: number): [IDBValidKey, unknown] {
  return decodeRecord(records.lines[index]!) as [IDBValidKey, unknown];
}

export interface VerifiedBackup {
  manifest: BackupManifest;
  encrypted: boolean;
  /** Size of the file as given. */
  fileBytes: number;
  /** Size of the tar stream inside the gzip. */
  expandedBytes: number;
  records: Partial<Record<PhoenixStoreName, StoreRecords>>;
}

interface ParsedFile extends StoreRecords {
  sha256: string;
  /** The first line that is not a line (empty, not UTF-8, too long); reported only after the hash is checked. */
  problem?: { line: number; why: string };
}

export async function readBackup(file: Blob, options: ReadOptions = {}): Promise<VerifiedBackup> {
  if (!(file instanceof Blob)) throw new PhoenixError("INVALID_ARGUMENT", "Import takes a File or Blob.");
  const { signal } = options;
  const progress = reporter(options.onProgress);
  const maxExpandedBytes = options.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES;
  if (!(maxExpandedBytes > 0)) throw new PhoenixError("INVALID_ARGUMENT", "maxExpandedBytes must be positive.");
  throwIfAborted(signal);

  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const encrypted = isEncryptedArchive(head);
  let source: Blob | Uint8Array = file;
  if (encrypted) {
    if (options.passphrase === undefined) throw new PhoenixError("BACKUP_ENCRYPTED");
    progress({ phase: "decrypt", done: 0, total: 1 });
    // Read whole before decrypting: a file larger than the cap is refused before it is read.
    if (file.size > maxExpandedBytes) {
      throw new PhoenixError(
        "BACKUP_TOO_LARGE",
        `The encrypted archive is ${file.size} bytes, over the ${maxExpandedBytes}-byte cap (maxExpandedBytes).`,
      );
    }
    source = await decryptArchive(new Uint8Array(await file.arrayBuffer()), options.passphrase);
    throwIfAborted(signal);
    progress({ phase: "decrypt", done: 1, total: 1 });
  }

  const hasher = await createSHA256();
  const files = new Map<string, ParsedFile>();
  let manifestBytes: Uint8Array | undefined;
  let entries = 0;
  const tar = new TarReader({
    entry(entry) {
      entries += 1;
      if (entries > MAX_ENTRIES) throw new PhoenixError("BACKUP_TOO_LARGE", `It holds more than ${MAX_ENTRIES} entries.`);
      const path = checkEntry(entry);
      if (path === undefined) return { data: () => undefined, end: () => undefined };
      if (path === MANIFEST_FILE) {
        if (manifestBytes) throw duplicate(path);
        const parts: Uint8Array[] = [];
        let size = 0;
        return {
          data(chunk) {
            size += chunk.length;
            if (size > MAX_MANIFEST_BYTES) throw new PhoenixError("BACKUP_BAD_MANIFEST", "manifest.json is too large.");
            parts.push(chunk.slice());
          },
          end() {
            manifestBytes = new Uint8Array(size);
            let offset = 0;
            for (const part of parts) {
              manifestBytes.set(part, offset);
              offset += part.length;
            }
          },
        };
      }
      if (files.has(path)) throw duplicate(path);
      const parsed: ParsedFile = { lines: [], sha256: "" };
      files.set(path, parsed);
      return recordFileSink(parsed, hasher);
    },
  });
  const gunzip = new CheckedGunzip({ maxExpandedBytes, onData: (chunk) => tar.push(chunk) });

  const total = source instanceof Blob ? source.size : source.length;
  let consumed = 0;
  for await (const chunk of chunksOf(source)) {
    gunzip.push(chunk);
    consumed += chunk.length;
    progress({ phase: "verify", done: consumed, total });
    throwIfAborted(signal);
  }
  gunzip.end();
  tar.end();

  if (!manifestBytes) throw new PhoenixError("BACKUP_MISSING_MANIFEST");
  const manifest = parseManifest(manifestBytes);
  if (manifest.dbVersion > DB_VERSION) {
    throw new PhoenixError(
      "BACKUP_UNSUPPORTED_VERSION",
      `Its records are from database version ${manifest.dbVersion}; this app knows up to ${DB_VERSION}.`,
      { subject: MANIFEST_FILE },
    );
  }
  const records = await checkFiles(manifest, files, signal);
  return { manifest, encrypted, fileBytes: file.size, expandedBytes: gunzip.expandedBytes, records };
}

/** The normalised path of a regular file; undefined for a directory (skipped); BACKUP_BAD_PATH otherwise. */
function checkEntry(entry: TarEntry): string | undefined {
  const path = safeEntryPath(entry.name);
  if (entry.type === "5") return undefined;
  if (path === "") throw new PhoenixError("BACKUP_BAD_PATH", `A file has the empty name "${entry.name}".`);
  if (entry.type !== "0" && entry.type !== "7") {
    throw new PhoenixError("BACKUP_BAD_PATH", `"${entry.name}" is a link or special file (tar type ${entry.type}).`, {
      subject: entry.name,
    });
  }
  return path;
}

function duplicate(path: string): PhoenixError {
  return new PhoenixError("BACKUP_DUPLICATE_ENTRY", `"${path}" appears twice.`, { subject: path });
}

/** Hashes a store file and splits it into lines as it streams past (decoding waits for the hash check). */
function recordFileSink(parsed: ParsedFile, hasher: IHasher): { data(chunk: Uint8Array): void; end(): void } {
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

async function checkFiles(
  manifest: BackupManifest,
  files: Map<string, ParsedFile>,
  signal: AbortSignal | undefined,
): Promise<VerifiedBackup["records"]> {
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
  const records: VerifiedBackup["records"] = {};
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

async function* chunksOf(source: Blob | Uint8Array): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    for (let offset = 0; offset < source.length; offset += READ_SLICE) {
      yield source.subarray(offset, offset + READ_SLICE);
      await yieldToPage();
    }
    return;
  }
  const reader = source.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopped early by an error: let the browser drop the rest of the file.
    await reader.cancel().catch(() => undefined);
  }
}

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
import { createSHA256 } from "hash-wasm";
import { PhoenixError } from "../errors.js";
import { DB_VERSION } from "../db/schema.js";
import { DEFAULT_MAX_EXPANDED_BYTES } from "./archive-file.js";
import { decodeRecord } from "./codec.js";
import { decryptArchive, isEncryptedArchive } from "./crypt.js";
import { CheckedGunzip } from "./gzip.js";
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, parseManifest, type BackupManifest } from "./manifest.js";
import { reporter, throwIfAborted, yieldToPage, type ProgressListener } from "./progress.js";
import { checkFiles, recordFileSink, type CheckedRecords, type ParsedFile, type StoreRecords } from "./read-records.js";
import { safeEntryPath, TarReader, type TarEntry } from "./tar.js";

/** Our archives hold 8 entries; a flood of tiny entries is a bomb of another kind. */
const MAX_ENTRIES = 10_000;
const READ_SLICE = 1 << 20;

export interface ReadOptions {
  passphrase?: string;
  /** Expanded-size cap in bytes (and file-size cap of an encrypted archive); default DEFAULT_MAX_EXPANDED_BYTES (256 MiB). */
  maxExpandedBytes?: number | undefined;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export type { StoreRecords } from "./read-records.js";

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
  records: CheckedRecords;
}

export async function readBackup(file: Blob, options: ReadOptions = {}): Promise<VerifiedBackup> {
  if (!(file instanceof Blob)) throw new PhoenixError("INVALID_ARGUMENT", "Import takes a File or Blob.");
  const { signal } = options;
  const progress = reporter(options.onProgress);
  const maxExpandedBytes = options.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES;
  if (!(maxExpandedBytes > 0)) throw new PhoenixError("INVALID_ARGUMENT", "maxExpandedBytes must be positive.");
  throwIfAborted(signal);

  const encrypted = isEncryptedArchive(new Uint8Array(await file.slice(0, 8).arrayBuffer()));
  const source = encrypted ? await decrypted(file, options, maxExpandedBytes, progress) : file;

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
        return manifestSink((bytes) => (manifestBytes = bytes));
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

/** Decrypts an encrypted archive, read whole: a file larger than the cap is refused before it is read. */
async function decrypted(file: Blob, options: ReadOptions, maxExpandedBytes: number, progress: ProgressListener): Promise<Uint8Array> {
  if (options.passphrase === undefined) throw new PhoenixError("BACKUP_ENCRYPTED");
  progress({ phase: "decrypt", done: 0, total: 1 });
  if (file.size > maxExpandedBytes) {
    throw new PhoenixError(
      "BACKUP_TOO_LARGE",
      `The encrypted archive is ${file.size} bytes, over the ${maxExpandedBytes}-byte cap (maxExpandedBytes).`,
    );
  }
  const source = await decryptArchive(new Uint8Array(await file.arrayBuffer()), options.passphrase);
  throwIfAborted(options.signal);
  progress({ phase: "decrypt", done: 1, total: 1 });
  return source;
}

/** Collects manifest.json (small, capped) and hands its bytes over at its end. */
function manifestSink(done: (bytes: Uint8Array) => void): { data(chunk: Uint8Array): void; end(): void } {
  const parts: Uint8Array[] = [];
  let size = 0;
  return {
    data(chunk) {
      size += chunk.length;
      if (size > MAX_MANIFEST_BYTES) throw new PhoenixError("BACKUP_BAD_MANIFEST", "manifest.json is too large.");
      parts.push(chunk.slice());
    },
    end() {
      const bytes = new Uint8Array(size);
      let offset = 0;
      for (const part of parts) {
        bytes.set(part, offset);
        offset += part.length;
      }
      done(bytes);
    },
  };
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

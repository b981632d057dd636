/**
 * Export: every store of the database as a .tar.gz (see codec.ts for the record lines, manifest.ts for
 * manifest.json, tar.ts for the container).
 *
 * All stores are read in ONE readonly transaction, so the archive is a consistent picture (the soul
 * keyring in `meta` always matches the `soul_kb` ciphertext it opens). Only IndexedDB is awaited inside it:
 * records come in pages (getAllKeys + getAll with a count), and each page is encoded and hashed at once.
 * A tar header must carry its file's size before the content, so the encoded store files are held
 * (as UTF-8 bytes, one copy) until the read ends; then they are gzipped in slices, yielding to the page,
 * and the compressed output is collected into Blobs. Peak memory: about the expanded archive plus its
 * compressed size, never several copies.
 */
import { createSHA256 } from "hash-wasm";
import { ALL_STORES, DB_VERSION, type PhoenixDB, type PhoenixStoreName } from "../db/schema.js";
import { readTx, request } from "../db/write.js";
import { encodeRecord } from "./codec.js";
import { encryptArchive } from "./crypt.js";
import { GzipBlobWriter } from "./gzip.js";
import { FORMAT_VERSION, MANIFEST_FILE, MANIFEST_TYPE, storeFileName, type BackupManifest } from "./manifest.js";
import { reporter, throwIfAborted, yieldToPage, type ProgressListener } from "./progress.js";
import { tarEnd, tarHeader, tarPadding } from "./tar.js";
import { APP_VERSION } from "./version.js";
import { backupFileName } from "./archive-file.js";
import { DERIVED_META_KEYS, isDeviceBound } from "./records.js";
import { PACKED_STORES, cosmicItemCount, forEachCosmicRecord } from "../stores/hyperspace/records.js";

/** Records per getAll page: few round trips (each costs a task turn), pages of a few MB at most. */
const PAGE_RECORDS = 10_000;
/** Uncompressed bytes gzipped between two yields to the page (~50 ms of deflate). */
const COMPRESS_SLICE = 2 << 20;

export interface ExportOptions {
  /** Encrypt the whole archive (see crypt.ts). The result is then `.tar.gz.enc`, application/octet-stream. */
  passphrase?: string;
  /** PBKDF2 iterations for `passphrase`; default 1,000,000. */
  iterations?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Creation time written into the name and manifest; default now. */
  now?: Date;
}

interface EncodedStore {
  store: PhoenixStoreName;
  chunks: Uint8Array[];
  size: number;
  records: number;
  sha256: string;
}

/** Records an export leaves out (expired memories): true to leave the record out. */
export type LeaveOut = (store: PhoenixStoreName, key: IDBValidKey, value: unknown) => boolean;

/** The database as a File (a Blob with a name): application/gzip, or octet-stream when encrypted. */
export async function exportBackup(db: PhoenixDB, options: ExportOptions = {}, leaveOut?: LeaveOut): Promise<File> {
  const { signal } = options;
  const progress = reporter(options.onProgress);
  const created = options.now ?? new Date();
  throwIfAborted(signal);

  const encoded = await readAllStores(db, signal, progress, leaveOut);
  const manifest: BackupManifest = {
    type: MANIFEST_TYPE,
    version: FORMAT_VERSION,
    appVersion: APP_VERSION,
    createdAt: created.toISOString(),
    dbVersion: DB_VERSION,
    stores: Object.fromEntries(
      encoded.map(({ store, records, sha256 }) => [store, { file: storeFileName(store), records, sha256 }]),
    ),
  };

  const mtime = Math.floor(created.getTime() / 1000);
  const gzip = new GzipBlobWriter({ mtime: created });
  const total = encoded.reduce((sum, file) => sum + file.size, 0);
  let sliceBytes = 0;
  for (const file of encoded) {
    gzip.push(tarHeader({ name: storeFileName(file.store), size: file.size, mtime }));
    // Chunks are handed over and dropped one by one, so the uncompressed copy shrinks as we go.
    while (file.chunks.length > 0) {
      const chunk = file.chunks.shift()!;
      gzip.push(chunk);
      sliceBytes += chunk.length;
      if (sliceBytes >= COMPRESS_SLICE) {
        sliceBytes = 0;
        progress({ phase: "compress", done: gzip.inputBytes, total, store: file.store });
        await yieldToPage();
        throwIfAborted(signal);
      }
    }
    gzip.push(tarPadding(file.size));
  }
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  gzip.push(tarHeader({ name: MANIFEST_FILE, size: manifestBytes.length, mtime }));
  gzip.push(manifestBytes);
  gzip.push(tarPadding(manifestBytes.length));
  gzip.push(tarEnd());
  const parts = gzip.finish();
  progress({ phase: "compress", done: total, total });
  const name = backupFileName(created);
  if (options.passphrase === undefined) return new File(parts, name, { type: "application/gzip", lastModified: created.getTime() });

  progress({ phase: "encrypt", done: 0, total: 1 });
  const sealed = await encryptArchive(new Blob(parts), options.passphrase, options.iterations);
  throwIfAborted(signal);
  progress({ phase: "encrypt", done: 1, total: 1 });
  return new File([sealed], `${name}.enc`, { type: "application/octet-stream", lastModified: created.getTime() });
}

/** Reads and encodes every store in one readonly transaction. */
async function readAllStores(
  db: PhoenixDB,
  signal: AbortSignal | undefined,
  progress: ProgressListener,
  leaveOut: LeaveOut | undefined,
): Promise<EncodedStore[]> {
  const hasher = await createSHA256();
  return readTx(db, [...ALL_STORES, ...PACKED_STORES], async (_stores, tx) => {
    const result: EncodedStore[] = [];
    // Hyperspace items are packed many to a record; the archive holds one record per item.
    const counts = await Promise.all(
      ALL_STORES.map((store) => (store === "hyperspace_cache" ? cosmicItemCount(tx) : request(tx.objectStore(store).count()))),
    );
    const total = counts.reduce((sum, count) => sum + count, 0);
    let read = 0;
    const onPage = (store: PhoenixStoreName, pageRead: number) => {
      read += pageRead;
      progress({ phase: "read", done: read, total, store });
      throwIfAborted(signal);
    };
    for (const store of ALL_STORES) {
      hasher.init();
      const file: EncodedStore = { store, chunks: [], size: 0, records: 0, sha256: "" };
      const lines = new LineWriter((chunk) => {
        hasher.update(chunk);
        file.chunks.push(chunk);
        file.size += chunk.length;
      });
      file.records =
        store === "hyperspace_cache"
          ? await forEachCosmicRecord(tx, (key, value) => lines.write(encodeRecord(key, value)), (pageRead) => onPage(store, pageRead))
          : await encodeStore(tx.objectStore(store), store, lines, leaveOut, (pageRead) => onPage(store, pageRead));
      lines.flush();
      file.sha256 = hasher.digest("hex");
      result.push(file);
    }
    return result;
  }, { nameStores: false });
}

/** Encodes one plain store, page by page, leaving out what no backup carries; returns the records written. */
async function encodeStore(
  source: IDBObjectStore,
  store: PhoenixStoreName,
  lines: LineWriter,
  leaveOut: LeaveOut | undefined,
  onPage: (read: number) => void,
): Promise<number> {
  let records = 0;
  let range: IDBKeyRange | undefined;
  for (;;) {
    const [keys, values] = await Promise.all([request(source.getAllKeys(range, PAGE_RECORDS)), request(source.getAll(range, PAGE_RECORDS))]);
    if (keys.length === 0) break;
    for (let i = 0; i < keys.length; i += 1) {
      const value: unknown = values[i];
      if (store === "meta" && (DERIVED_META_KEYS.has(keys[i] as string) || isDeviceBound(value))) continue;
      if (leaveOut?.(store, keys[i]!, value)) continue;
      lines.write(encodeRecord(keys[i]!, value));
      records += 1;
    }
    onPage(keys.length);
    if (keys.length < PAGE_RECORDS) break;
    range = IDBKeyRange.lowerBound(keys[keys.length - 1]!, true);
  }
  return records;
}

/**
 * UTF-8 lines into 1 MiB chunks. Lines are joined into small strings (≤ 32 K characters, well below the
 * collector's large-object size, so they die young) and encoded straight into a reused buffer: no
 * page-sized string is ever built, and one encode call covers a couple of hundred lines.
 */
class LineWriter {
  private static readonly SIZE = 1 << 20;
  private static readonly JOIN_CHARS = 32 * 1024;
  private readonly encoder = new TextEncoder();
  private buffer = new Uint8Array(LineWriter.SIZE);
  private used = 0;
  private pending = "";

  constructor(private readonly emit: (chunk: Uint8Array) => void) {}

  write(line: string): void {
    this.pending += `${line}\n`;
    if (this.pending.length >= LineWriter.JOIN_CHARS) this.encodePending();
  }

  flush(): void {
    this.encodePending();
    if (this.used === 0) return;
    this.emit(this.buffer.slice(0, this.used));
    this.used = 0;
  }

  private encodePending(): void {
    const text = this.pending;
    this.pending = "";
    // A UTF-16 code unit becomes at most 3 UTF-8 bytes.
    const worst = text.length * 3;
    if (this.used + worst > this.buffer.length) {
      if (this.used > 0) this.emit(this.buffer.slice(0, this.used));
      this.used = 0;
      if (worst > this.buffer.length) this.buffer = new Uint8Array(worst);
    }
    this.used += this.encoder.encodeInto(text, this.buffer.subarray(this.used)).written;
  }
}

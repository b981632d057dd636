/**
 * gzip (RFC 1952) as a stream, on fflate's streaming Gzip/Gunzip classes.
 *
 * fflate inflates but does not check a member's trailer (CRC-32 and length of the data), so a file cut
 * inside its last 8 bytes, or damaged where deflate cannot tell, would pass. The reader here checks the
 * trailer itself, caps the expanded size (a decompression bomb stops at the cap, not at the end of memory),
 * and turns fflate's errors into our codes.
 */
import { Gunzip, Gzip } from "fflate";
import { PhoenixError } from "../errors.js";

/** Compressed output is folded into Blobs of about this size, so the browser may keep it off the JS heap. */
const BLOB_PART_BYTES = 8 << 20;
/** One push inflates at most ~1,000× its input: small pushes keep a bomb from overshooting the cap by much. */
export const INPUT_SLICE_BYTES = 64 << 10;

/** Collects gzip output as Blob parts while data is pushed in pieces. */
export class GzipBlobWriter {
  private readonly gzip: Gzip;
  private readonly parts: Blob[] = [];
  private chunks: Uint8Array[] = [];
  private chunkBytes = 0;
  /** Uncompressed bytes pushed so far. */
  inputBytes = 0;
  /** Compressed bytes produced so far. */
  outputBytes = 0;

  constructor(options: { level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9; mtime?: Date } = {}) {
    this.gzip = new Gzip({ level: options.level ?? 6, mtime: options.mtime ?? 0 }, (chunk) => {
      this.chunks.push(chunk);
      this.chunkBytes += chunk.length;
      this.outputBytes += chunk.length;
      if (this.chunkBytes >= BLOB_PART_BYTES) this.fold();
    });
  }

  push(bytes: Uint8Array): void {
    this.inputBytes += bytes.length;
    this.gzip.push(bytes);
  }

  /** Ends the stream and returns its parts, ready for `new Blob(parts)`. */
  finish(): Blob[] {
    this.gzip.push(new Uint8Array(0), true);
    this.fold();
    return this.parts;
  }

  private fold(): void {
    if (this.chunks.length === 0) return;
    this.parts.push(new Blob(this.chunks as BlobPart[]));
    this.chunks = [];
    this.chunkBytes = 0;
  }
}

export interface GunzipOptions {
  /** Expanded bytes beyond this are BACKUP_TOO_LARGE. */
  maxExpandedBytes: number;
  onData(chunk: Uint8Array): void;
}

/** Streaming, checked gunzip: push compressed chunks, then end(). Throws PhoenixError. */
export class CheckedGunzip {
  private readonly gunzip: Gunzip;
  private expanded = 0;
  private memberCrc = 0xffffffff;
  private memberBytes = 0;
  private readonly tail = new Uint8Array(8);
  private tailFill = 0;
  private started = false;

  constructor(private readonly options: GunzipOptions) {
    this.gunzip = new Gunzip((chunk) => this.take(chunk));
    this.gunzip.onmember = () => {
      this.memberCrc = 0xffffffff;
      this.memberBytes = 0;
    };
  }

  /** Bytes produced so far. */
  get expandedBytes(): number {
    return this.expanded;
  }

  push(chunk: Uint8Array): void {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk[0] !== 0x1f || (chunk.length > 1 && chunk[1] !== 0x8b) || (chunk.length > 2 && chunk[2] !== 8)) {
        throw new PhoenixError("BACKUP_NOT_GZIP", "This file is not a Phoenix backup (it is not a gzip archive).", { replace: true });
      }
    }
    for (let offset = 0; offset < chunk.length; offset += INPUT_SLICE_BYTES) {
      const slice = chunk.subarray(offset, offset + INPUT_SLICE_BYTES);
      this.remember(slice);
      this.run(() => this.gunzip.push(slice));
    }
  }

  end(): void {
    if (!this.started) throw new PhoenixError("BACKUP_NOT_GZIP", "This file is empty, so it holds no backup.", { replace: true });
    this.run(() => this.gunzip.push(new Uint8Array(0), true));
    if (this.tailFill < 8) throw new PhoenixError("BACKUP_TRUNCATED", "This backup file is cut off (its compressed data ends too early).", { replace: true });
    const view = new DataView(this.tail.buffer);
    const storedCrc = view.getUint32(0, true);
    const storedSize = view.getUint32(4, true);
    const crc = (this.memberCrc ^ 0xffffffff) >>> 0;
    if (storedCrc !== crc || storedSize !== this.memberBytes % 2 ** 32) {
      throw new PhoenixError(
        "BACKUP_TRUNCATED",
        "This backup file is damaged or cut short (its CRC-32 and length do not match the data).",
        { replace: true },
      );
    }
  }

  private take(chunk: Uint8Array): void {
    this.expanded += chunk.length;
    if (this.expanded > this.options.maxExpandedBytes) {
      throw new PhoenixError(
        "BACKUP_TOO_LARGE",
        `This backup expands beyond ${this.options.maxExpandedBytes.toLocaleString("en")} bytes, the most this app reads (maxExpandedBytes).`,
        { replace: true },
      );
    }
    this.memberCrc = crc32Update(this.memberCrc, chunk);
    this.memberBytes += chunk.length;
    if (chunk.length > 0) this.options.onData(chunk);
  }

  /** Keeps the last 8 input bytes: the final member's trailer, once the input ends. */
  private remember(slice: Uint8Array): void {
    if (slice.length >= 8) {
      this.tail.set(slice.subarray(slice.length - 8));
      this.tailFill = 8;
      return;
    }
    const keep = Math.min(this.tailFill, 8 - slice.length);
    this.tail.copyWithin(0, this.tailFill - keep, this.tailFill);
    this.tail.set(slice, keep);
    this.tailFill = keep + slice.length;
  }

  private run(step: () => void): void {
    try {
      step();
    } catch (error) {
      throw toGzipError(error);
    }
  }
}

/** fflate throws Errors with a numeric `code` (0 unexpected EOF, 1–3 bad deflate data, 6 bad header). */
function toGzipError(error: unknown): unknown {
  if (error instanceof PhoenixError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 0) return new PhoenixError("BACKUP_TRUNCATED", "This backup file is damaged (its compressed data is cut off).", { cause: error, replace: true });
  if (typeof code === "number") {
    return new PhoenixError("BACKUP_NOT_GZIP", `This backup file is damaged (its compressed data does not read: ${message}).`, {
      cause: error,
      replace: true,
    });
  }
  return error;
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256 * 4);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  // Slicing-by-4 tables: four bytes per step instead of one.
  for (let n = 0; n < 256; n += 1) {
    for (let t = 1; t < 4; t += 1) table[t * 256 + n] = table[table[(t - 1) * 256 + n]! & 0xff]! ^ (table[(t - 1) * 256 + n]! >>> 8);
  }
  return table;
})();

/** CRC-32 (IEEE, as gzip) continued over `bytes`; start from 0xffffffff and xor the final value with it. */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  const t = CRC_TABLE;
  let c = crc | 0;
  let i = 0;
  const end4 = bytes.length - (bytes.length % 4);
  for (; i < end4; i += 4) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c = t[768 + (c & 0xff)]! ^ t[512 + ((c >>> 8) & 0xff)]! ^ t[256 + ((c >>> 16) & 0xff)]! ^ t[(c >>> 24) & 0xff]!;
  }
  for (; i < bytes.length; i += 1) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

/**
 * POSIX ustar archives (IEEE Std 1003.1, "pax" format), written and read as a stream.
 *
 * Layout: each file is a 512-byte header block followed by its content padded with zeros to a multiple of
 * 512; two zero blocks end the archive. A name that does not fit the 100-byte ustar field, or is not ASCII,
 * is carried by a pax extended header (typeflag "x", record "path=<utf-8 name>") just before its entry, as
 * GNU tar, bsdtar and Python's tarfile all read.
 *
 * The reader checks what a hostile archive could abuse: the ustar magic (else BACKUP_NOT_TAR), every
 * header's checksum (BACKUP_TAR_CHECKSUM), sizes, and the end marker (else BACKUP_TRUNCATED). Names are
 * judged by `safeEntryPath`; the caller decides what entry types it accepts.
 */
import { PhoenixError } from "../errors.js";

export const BLOCK_SIZE = 512;
/** Largest size the 11-digit octal field holds; larger sizes go in a pax "size" record. */
const MAX_OCTAL_SIZE = 8 ** 11 - 1;
/** pax and GNU long-name headers are metadata: anything bigger is not an archive we wrote or want. */
const MAX_META_ENTRY = 1 << 20;

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });

export interface TarFileHeader {
  name: string;
  size: number;
  /** Modification time, seconds since the epoch. */
  mtime: number;
}

/** Header block(s) for one regular file: a pax header first when the name or size needs one. */
export function tarHeader({ name, size, mtime }: TarFileHeader): Uint8Array {
  const nameBytes = utf8.encode(name);
  const needsPathRecord = nameBytes.length > 100 || nameBytes.some((byte) => byte > 0x7f) || name.length === 0;
  const needsSizeRecord = size > MAX_OCTAL_SIZE;
  if (!needsPathRecord && !needsSizeRecord) return headerBlock(nameBytes, size, mtime, "0");

  let records = "";
  if (needsPathRecord) records += paxRecord("path", name);
  if (needsSizeRecord) records += paxRecord("size", String(size));
  const paxBody = utf8.encode(records);
  const asciiName = name.replace(/[^\x20-\x7e]/g, "_").slice(-90) || "file";
  const paxHeader = headerBlock(utf8.encode(`PaxHeaders/${asciiName}`.slice(0, 100)), paxBody.length, mtime, "x");
  const fileHeader = headerBlock(utf8.encode(asciiName), needsSizeRecord ? 0 : size, mtime, "0");
  const out = new Uint8Array(BLOCK_SIZE + padded(paxBody.length) + BLOCK_SIZE);
  out.set(paxHeader, 0);
  out.set(paxBody, BLOCK_SIZE);
  out.set(fileHeader, BLOCK_SIZE + padded(paxBody.length));
  return out;
}

/** Zero bytes that pad a file of `size` bytes to the block boundary. */
export function tarPadding(size: number): Uint8Array {
  return new Uint8Array(padded(size) - size);
}

/** The end-of-archive marker: two zero blocks. */
export function tarEnd(): Uint8Array {
  return new Uint8Array(2 * BLOCK_SIZE);
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;
}

/** "<length> <key>=<value>\n" where the length counts the whole record, its own digits included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = utf8.encode(body).length;
  let digits = String(bodyLength).length;
  while (String(bodyLength + digits).length !== digits) digits += 1;
  return `${bodyLength + digits}${body}`;
}

function headerBlock(name: Uint8Array, size: number, mtime: number, type: string): Uint8Array {
  const block = new Uint8Array(BLOCK_SIZE);
  block.set(name.subarray(0, 100), 0);
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, Math.max(0, Math.floor(mtime)));
  block.fill(0x20, 148, 156);
  block[156] = type.charCodeAt(0);
  block.set(utf8.encode("ustar\u000000"), 257);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeOctal(block, 148, 7, sum);
  block[155] = 0x20;
  return block;
}

/** Zero-padded octal digits followed by one NUL, filling `length` bytes. */
function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, "0");
  block.set(utf8.encode(digits), offset);
  block[offset + length - 1] = 0;
}

/**
 * A normalised archive path, or a BACKUP_BAD_PATH error: no absolute names, drive letters, backslashes,
 * "..", empty segments, or control characters. A leading "./" (as `tar -czf x.tar.gz .` writes) is dropped;
 * the root itself ("./") is "".
 */
export function safeEntryPath(name: string): string {
  const fail = (why: string) => new PhoenixError("BACKUP_BAD_PATH", `"${name}" ${why}.`, { subject: name });
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) throw fail("is absolute");
  if (name.includes("\\")) throw fail("contains a backslash");
  if (/[\u0000-\u001f\u007f]/.test(name)) throw fail("contains a control character");
  const segments = name.split("/");
  if (segments.length > 1 && segments[segments.length - 1] === "") segments.pop(); // "dir/"
  while (segments[0] === ".") segments.shift();
  if (segments.length === 0) return ""; // "./", the archive's root directory
  if (segments.some((segment) => segment === "")) throw fail("has an empty segment");
  if (segments.some((segment) => segment === ".." || segment === ".")) throw fail("climbs out of the archive");
  return segments.join("/");
}

/** One entry the reader met. `type` is the raw typeflag: "0" regular file, "5" directory, "1"/"2" links, … */
export interface TarEntry {
  name: string;
  size: number;
  mtime: number;
  type: string;
}

export interface TarEntryHandler {
  /** Called once per entry before its content; returns where the content goes. */
  entry(entry: TarEntry): { data(chunk: Uint8Array): void; end(): void };
}

type State =
  | { kind: "header" }
  | { kind: "data"; left: number; pad: number; sink: { data(chunk: Uint8Array): void; end(): void } }
  | { kind: "meta"; left: number; pad: number; type: string; parts: Uint8Array[] }
  | { kind: "done" };

/** Streaming ustar/pax reader: push bytes in any chunking, then call end(). */
export class TarReader {
  private state: State = { kind: "header" };
  private readonly header = new Uint8Array(BLOCK_SIZE);
  private headerFill = 0;
  private pending: { path?: string; size?: number } = {};
  private blocks = 0;

  constructor(private readonly handler: TarEntryHandler) {}

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const state = this.state;
      if (state.kind === "done") return; // Bytes after the end marker are padding; tar ignores them too.
      if (state.kind === "header") {
        const take = Math.min(BLOCK_SIZE - this.headerFill, chunk.length - offset);
        this.header.set(chunk.subarray(offset, offset + take), this.headerFill);
        this.headerFill += take;
        offset += take;
        if (this.headerFill === BLOCK_SIZE) {
          this.headerFill = 0;
          this.readHeader();
        }
        continue;
      }
      if (state.left > 0) {
        const take = Math.min(state.left, chunk.length - offset);
        const piece = chunk.subarray(offset, offset + take);
        if (state.kind === "data") state.sink.data(piece);
        else state.parts.push(piece.slice());
        state.left -= take;
        offset += take;
        if (state.left === 0) this.finishContent(state);
        continue;
      }
      const skip = Math.min(state.pad, chunk.length - offset);
      state.pad -= skip;
      offset += skip;
      if (state.pad === 0) this.state = { kind: "header" };
    }
  }

  end(): void {
    if (this.state.kind === "done") return;
    if (this.blocks === 0) throw new PhoenixError("BACKUP_NOT_TAR", "It is shorter than one tar header.");
    throw new PhoenixError("BACKUP_TRUNCATED", "The tar archive ends before its end marker.");
  }

  private readHeader(): void {
    const block = this.header;
    this.blocks += 1;
    if (block.every((byte) => byte === 0)) {
      if (this.blocks === 1) throw new PhoenixError("BACKUP_NOT_TAR", "The archive starts with an empty block.");
      this.state = { kind: "done" };
      return;
    }
    const magic = latin1(block, 257, 6);
    if (magic !== "ustar\u0000" && magic !== "ustar ") {
      throw new PhoenixError("BACKUP_NOT_TAR", `Block ${this.blocks} is not a ustar header.`);
    }
    const stored = parseOctal(block, 148, 8);
    let unsigned = 0;
    let signed = 0;
    for (let i = 0; i < BLOCK_SIZE; i += 1) {
      const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
      unsigned += byte;
      signed += byte > 127 ? byte - 256 : byte;
    }
    const headerName = readName(block);
    if (stored === undefined || (stored !== unsigned && stored !== signed)) {
      throw new PhoenixError("BACKUP_TAR_CHECKSUM", `Header of "${headerName}" fails its checksum.`, { subject: headerName });
    }
    const type = block[156] === 0 ? "0" : String.fromCharCode(block[156]!);
    if (type === "x" || type === "g" || type === "L") {
      const size = parseSize(block, headerName);
      const pad = padded(size) - size;
      if (size > MAX_META_ENTRY) throw new PhoenixError("BACKUP_NOT_TAR", `A ${size}-byte metadata header.`);
      this.state = { kind: "meta", left: size, pad, type, parts: [] };
      if (size === 0) this.finishContent(this.state);
      return;
    }
    const size = this.pending.size ?? parseSize(block, headerName);
    const pad = padded(size) - size;
    const name = this.pending.path ?? headerName;
    this.pending = {};
    const mtime = parseOctal(block, 136, 12) ?? 0;
    const sink = this.handler.entry({ name, size, mtime, type });
    this.state = { kind: "data", left: size, pad, sink };
    if (size === 0) this.finishContent(this.state);
  }

  private finishContent(state: Extract<State, { kind: "data" | "meta" }>): void {
    if (state.kind === "data") state.sink.end();
    else if (state.type === "x") this.pending = { ...this.pending, ...parsePax(concat(state.parts)) };
    else if (state.type === "L") this.pending = { ...this.pending, path: cString(concat(state.parts)) };
    if (state.pad === 0) this.state = { kind: "header" };
  }
}

function readName(block: Uint8Array): string {
  const name = cString(block.subarray(0, 100));
  const prefix = cString(block.subarray(345, 500));
  return prefix ? `${prefix}/${name}` : name;
}

function cString(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  const used = end === -1 ? bytes : bytes.subarray(0, end);
  try {
    return utf8Strict.decode(used);
  } catch {
    return latin1(used, 0, used.length);
  }
}

function latin1(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

/** Octal digits, optionally surrounded by spaces and NULs; undefined when malformed. */
function parseOctal(block: Uint8Array, offset: number, length: number): number | undefined {
  const text = latin1(block, offset, length).replace(/^[ \u0000]+|[ \u0000]+$/g, "");
  if (!/^[0-7]*$/.test(text)) return undefined;
  return text === "" ? 0 : Number.parseInt(text, 8);
}

function parseSize(block: Uint8Array, name: string): number {
  // GNU base-256: the high bit of the first byte marks a big-endian binary number.
  if (block[124]! & 0x80) {
    let size = block[124]! & 0x7f;
    for (let i = 125; i < 136; i += 1) size = size * 256 + block[i]!;
    if (!Number.isSafeInteger(size)) throw new PhoenixError("BACKUP_NOT_TAR", `"${name}" has an impossible size.`);
    return size;
  }
  const size = parseOctal(block, 124, 12);
  if (size === undefined) throw new PhoenixError("BACKUP_NOT_TAR", `"${name}" has a malformed size field.`, { subject: name });
  return size;
}

function parsePax(body: Uint8Array): { path?: string; size?: number } {
  const result: { path?: string; size?: number } = {};
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    const length = space === -1 ? Number.NaN : Number(latin1(body, offset, space - offset));
    if (!Number.isSafeInteger(length) || length <= 0 || offset + length > body.length || body[offset + length - 1] !== 0x0a) {
      throw new PhoenixError("BACKUP_NOT_TAR", "A pax header is malformed.");
    }
    let record: string;
    try {
      record = utf8Strict.decode(body.subarray(space + 1, offset + length - 1));
    } catch {
      throw new PhoenixError("BACKUP_NOT_TAR", "A pax header is not UTF-8.");
    }
    const equals = record.indexOf("=");
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === "path") result.path = value;
    if (key === "size") {
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
        throw new PhoenixError("BACKUP_NOT_TAR", "A pax size record is malformed.");
      }
      result.size = Number(value);
    }
    offset += length;
  }
  return result;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

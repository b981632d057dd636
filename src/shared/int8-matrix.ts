/**
 * Rows of int8 codes in one contiguous buffer, and int8 dot products of a query against a block
 * of rows. With WebAssembly SIMD the rows live in the kernel's linear memory (simd-kernel.wat);
 * without it the same layout lives in an ArrayBuffer and a plain loop computes the same integers.
 *
 * Layout (byte offsets): [query: stride int16][scores: BLOCK_ROWS int32][rows: capacity × stride int8]
 * Rows come last so growing only appends; the score block is reused for every block of rows.
 */
import { SIMD_KERNEL_BASE64 } from "./simd-kernel.generated.js";

export const BLOCK_ROWS = 4096;
const WASM_PAGE = 65_536;
/** wasm32 addresses at most 4 GiB; stay clear of the top. */
const MAX_BYTES = 4 * 1024 * 1024 * 1024 - WASM_PAGE;

type DotsFunction = (query: number, rows: number, stride: number, count: number, out: number) => void;

let kernelModule: WebAssembly.Module | null | undefined;

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The compiled kernel, or null where WebAssembly or its SIMD proposal is missing. */
function simdKernel(): WebAssembly.Module | null {
  if (kernelModule !== undefined) return kernelModule;
  kernelModule = null;
  try {
    const bytes = decodeBase64(SIMD_KERNEL_BASE64);
    // validate() is the feature test: an engine without SIMD rejects the v128 opcodes.
    if (typeof WebAssembly === "object" && WebAssembly.validate(bytes)) kernelModule = new WebAssembly.Module(bytes);
  } catch {
    kernelModule = null;
  }
  return kernelModule;
}

export function isSimdSupported(): boolean {
  return simdKernel() !== null;
}

/** Bytes per row: the dimension rounded up to the kernel's 32-code step. */
export function strideFor(dim: number): number {
  return Math.ceil(dim / 32) * 32;
}

export class Int8Matrix {
  readonly dim: number;
  readonly stride: number;
  readonly simd: boolean;
  private rowCapacity = 0;
  private memory: WebAssembly.Memory | null = null;
  private plainBuffer: ArrayBuffer | null = null;
  private readonly kernel: DotsFunction | null = null;
  private readonly queryOffset = 0;
  private readonly scoresOffset: number;
  private readonly rowsOffset: number;
  /** All row codes; re-created whenever the buffer grows (growing detaches old views). */
  codes!: Int8Array;
  /** The query's codes widened to int16, zero padded to `stride`. */
  query!: Int16Array;
  /** Output of `dots`: one int32 per row of the last block. */
  scores!: Int32Array;

  constructor(dim: number, options: { simd?: boolean } = {}) {
    this.dim = dim;
    this.stride = strideFor(dim);
    this.scoresOffset = align16(this.stride * 2);
    this.rowsOffset = align16(this.scoresOffset + BLOCK_ROWS * 4);
    const module = options.simd === false ? null : simdKernel();
    if (module) {
      this.memory = new WebAssembly.Memory({ initial: Math.ceil(this.rowsOffset / WASM_PAGE) });
      const instance = new WebAssembly.Instance(module, { env: { memory: this.memory } });
      this.kernel = instance.exports["dots"] as DotsFunction;
    } else {
      this.plainBuffer = new ArrayBuffer(this.rowsOffset);
    }
    this.simd = this.kernel !== null;
    this.refreshViews();
  }

  get capacity(): number {
    return this.rowCapacity;
  }

  /** Bytes held, for memory reports. */
  get byteLength(): number {
    return this.memory ? this.memory.buffer.byteLength : this.plainBuffer!.byteLength;
  }

  /** Makes room for at least `rows` rows, keeping existing codes. */
  ensureCapacity(rows: number): void {
    if (rows <= this.rowCapacity) return;
    const bytes = this.rowsOffset + rows * this.stride;
    if (bytes > MAX_BYTES) throw new RangeError(`The index cannot hold ${rows} rows of ${this.stride} bytes.`);
    if (this.memory) {
      const pages = Math.ceil(bytes / WASM_PAGE);
      const current = this.memory.buffer.byteLength / WASM_PAGE;
      if (pages > current) this.memory.grow(pages - current);
    } else {
      const grown = new ArrayBuffer(bytes);
      new Uint8Array(grown).set(new Uint8Array(this.plainBuffer!));
      this.plainBuffer = grown;
    }
    this.refreshViews();
  }

  /** Codes of one row, as a view (valid until the next growth). */
  row(row: number): Int8Array {
    const start = row * this.stride;
    return this.codes.subarray(start, start + this.stride);
  }

  copyRow(from: number, to: number): void {
    if (from === to) return;
    this.codes.copyWithin(to * this.stride, from * this.stride, (from + 1) * this.stride);
  }

  /** `scores[i]` = query · row(start + i) for i in [0, count), count ≤ BLOCK_ROWS. */
  dots(start: number, count: number): void {
    if (this.kernel) {
      this.kernel(this.queryOffset, this.rowsOffset + start * this.stride, this.stride, count, this.scoresOffset);
      return;
    }
    const { codes, query, scores, stride, dim } = this;
    for (let i = 0; i < count; i += 1) {
      const base = (start + i) * stride;
      let sum = 0;
      for (let j = 0; j < dim; j += 1) sum += query[j]! * codes[base + j]!;
      scores[i] = sum;
    }
  }

  private refreshViews(): void {
    const buffer = this.memory ? this.memory.buffer : this.plainBuffer!;
    this.rowCapacity = Math.floor((buffer.byteLength - this.rowsOffset) / this.stride);
    this.codes = new Int8Array(buffer, this.rowsOffset, this.rowCapacity * this.stride);
    this.query = new Int16Array(buffer, this.queryOffset, this.stride);
    this.scores = new Int32Array(buffer, this.scoresOffset, BLOCK_ROWS);
  }
}

function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

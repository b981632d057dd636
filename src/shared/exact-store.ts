/**
 * The exact float32 vectors behind the int8 codes, used to re-rank candidates. A vector with few
 * non-zero values (every hash embedding: one per distinct token) is kept sparse as (index, value)
 * pairs, anything else dense; both are exact. This is what lets a million hash-embedded memories
 * fit in a worker next to their int8 codes.
 *
 * Values and indices live in two append-only arenas; a row points into them. Removing a row
 * leaves a hole that `compact` reclaims once holes outnumber live values.
 */

/** `nnz` marker of a dense row. Dimensions stay below it (MAX_EMBEDDING_DIM is 4096). */
export const DENSE = 0xffff;

/** True when (index, value) pairs take less room than `dim` float32 values. */
export function isSparseWorthwhile(nonZero: number, dim: number): boolean {
  return nonZero * 6 < dim * 4;
}

export class ExactStore {
  readonly dim: number;
  private values = new Float32Array(1024);
  private indices = new Uint16Array(1024);
  private valuesUsed = 0;
  private indicesUsed = 0;
  private valuesFreed = 0;
  private indicesFreed = 0;
  private valueAt = new Uint32Array(0);
  private indexAt = new Uint32Array(0);
  /** Non-zero count of a sparse row, or DENSE. */
  private nonZero = new Uint16Array(0);

  constructor(dim: number) {
    this.dim = dim;
  }

  get byteLength(): number {
    return this.values.byteLength + this.indices.byteLength + this.valueAt.byteLength * 2 + this.nonZero.byteLength;
  }

  /** Room for `rows` rows and for `values`/`indices` more arena entries without regrowing. */
  reserve(rows: number, values = 0, indices = 0): void {
    if (rows > this.valueAt.length) {
      this.valueAt = grow(this.valueAt, rows);
      this.indexAt = grow(this.indexAt, rows);
      this.nonZero = grow(this.nonZero, rows);
    }
    if (this.valuesUsed + values > this.values.length) this.values = grow(this.values, this.valuesUsed + values);
    if (this.indicesUsed + indices > this.indices.length) this.indices = grow(this.indices, this.indicesUsed + indices);
  }

  /** Stores a dense vector at `row`, choosing the sparse form when it is smaller. */
  setDense(row: number, vector: ArrayLike<number>): void {
    let count = 0;
    for (let i = 0; i < this.dim; i += 1) if (vector[i] !== 0) count += 1;
    if (!isSparseWorthwhile(count, this.dim)) {
      this.reserveFor(row, this.dim, 0);
      this.point(row, this.valuesUsed, 0, DENSE);
      for (let i = 0; i < this.dim; i += 1) this.values[this.valuesUsed + i] = vector[i]!;
      this.valuesUsed += this.dim;
      return;
    }
    this.reserveFor(row, count, count);
    this.point(row, this.valuesUsed, this.indicesUsed, count);
    for (let i = 0; i < this.dim; i += 1) {
      if (vector[i] === 0) continue;
      this.indices[this.indicesUsed++] = i;
      this.values[this.valuesUsed++] = vector[i]!;
    }
  }

  /** Stores a vector already in stored form: `count` pairs, or `dim` values when count is DENSE. */
  setEncoded(row: number, count: number, indices: Uint16Array, values: Float32Array): void {
    const valueCount = count === DENSE ? this.dim : count;
    const indexCount = count === DENSE ? 0 : count;
    this.reserveFor(row, valueCount, indexCount);
    this.point(row, this.valuesUsed, this.indicesUsed, count);
    this.values.set(values.subarray(0, valueCount), this.valuesUsed);
    this.valuesUsed += valueCount;
    if (indexCount > 0) {
      this.indices.set(indices.subarray(0, indexCount), this.indicesUsed);
      this.indicesUsed += indexCount;
    }
  }

  /**
   * Stores rows [firstRow, firstRow + nonZero.length) from stored-form arrays in one go (a chunk
   * read back from disk): two bulk copies instead of a pair per row.
   */
  setEncodedBatch(firstRow: number, nonZero: Uint16Array, indices: Uint16Array, values: Float32Array): void {
    const rows = nonZero.length;
    this.reserveFor(firstRow + rows - 1, values.length, indices.length);
    let valueAt = this.valuesUsed;
    let indexAt = this.indicesUsed;
    for (let i = 0; i < rows; i += 1) {
      const count = nonZero[i]!;
      this.point(firstRow + i, valueAt, indexAt, count);
      valueAt += count === DENSE ? this.dim : count;
      indexAt += count === DENSE ? 0 : count;
    }
    this.values.set(values, this.valuesUsed);
    this.indices.set(indices, this.indicesUsed);
    this.valuesUsed += values.length;
    this.indicesUsed += indices.length;
  }

  /** The arenas and a row's place in them, for loops that must not allocate per row. */
  get valueArena(): Float32Array {
    return this.values;
  }

  get indexArena(): Uint16Array {
    return this.indices;
  }

  valueStart(row: number): number {
    return this.valueAt[row]!;
  }

  indexStart(row: number): number {
    return this.indexAt[row]!;
  }

  /** Marks a row's storage as free (its pointers are overwritten by the next set or move). */
  release(row: number): void {
    const count = this.nonZero[row]!;
    this.valuesFreed += count === DENSE ? this.dim : count;
    this.indicesFreed += count === DENSE ? 0 : count;
  }

  move(from: number, to: number): void {
    this.point(to, this.valueAt[from]!, this.indexAt[from]!, this.nonZero[from]!);
  }

  /** Stored form of a row, for writing it back to disk. */
  encoded(row: number): { count: number; indices: Uint16Array; values: Float32Array } {
    const count = this.nonZero[row]!;
    const valueStart = this.valueAt[row]!;
    if (count === DENSE) {
      return { count, indices: new Uint16Array(0), values: this.values.subarray(valueStart, valueStart + this.dim) };
    }
    const indexStart = this.indexAt[row]!;
    return {
      count,
      indices: this.indices.subarray(indexStart, indexStart + count),
      values: this.values.subarray(valueStart, valueStart + count),
    };
  }

  /** Writes the dense vector of `row` into `out[offset, offset + dim)`. */
  copyDense(row: number, out: Float32Array, offset = 0): void {
    const count = this.nonZero[row]!;
    const valueStart = this.valueAt[row]!;
    if (count === DENSE) {
      out.set(this.values.subarray(valueStart, valueStart + this.dim), offset);
      return;
    }
    out.fill(0, offset, offset + this.dim);
    const indexStart = this.indexAt[row]!;
    for (let j = 0; j < count; j += 1) out[offset + this.indices[indexStart + j]!] = this.values[valueStart + j]!;
  }

  /**
   * Dot product with a dense query, summed in float64 in increasing index order, so a sparse and
   * a dense copy of the same vector give the same bits.
   */
  dot(row: number, query: Float32Array): number {
    const count = this.nonZero[row]!;
    const valueStart = this.valueAt[row]!;
    const values = this.values;
    let sum = 0;
    if (count === DENSE) {
      for (let i = 0; i < this.dim; i += 1) sum += values[valueStart + i]! * query[i]!;
      return sum;
    }
    const indexStart = this.indexAt[row]!;
    const indices = this.indices;
    for (let j = 0; j < count; j += 1) sum += values[valueStart + j]! * query[indices[indexStart + j]!]!;
    return sum;
  }

  /** Non-zero count of a row, or DENSE. */
  nonZeroCount(row: number): number {
    return this.nonZero[row]!;
  }

  /** Rewrites the arenas holding only rows [0, rows), once removals left more holes than data. */
  compactIfWasteful(rows: number): void {
    if (this.valuesFreed < 65_536 || this.valuesFreed < this.valuesUsed - this.valuesFreed) return;
    const values = new Float32Array(Math.max(1024, this.valuesUsed - this.valuesFreed));
    const indices = new Uint16Array(Math.max(1024, this.indicesUsed - this.indicesFreed));
    let valuesUsed = 0;
    let indicesUsed = 0;
    for (let row = 0; row < rows; row += 1) {
      const { count, indices: rowIndices, values: rowValues } = this.encoded(row);
      values.set(rowValues, valuesUsed);
      this.valueAt[row] = valuesUsed;
      valuesUsed += rowValues.length;
      indices.set(rowIndices, indicesUsed);
      this.indexAt[row] = indicesUsed;
      indicesUsed += count === DENSE ? 0 : count;
    }
    this.values = values;
    this.indices = indices;
    this.valuesUsed = valuesUsed;
    this.indicesUsed = indicesUsed;
    this.valuesFreed = 0;
    this.indicesFreed = 0;
  }

  private reserveFor(row: number, values: number, indices: number): void {
    if (row >= this.valueAt.length) this.reserve(Math.max(row + 1, Math.ceil(this.valueAt.length * 1.5), 1024));
    if (this.valuesUsed + values > this.values.length) {
      this.values = grow(this.values, Math.max(this.valuesUsed + values, Math.ceil(this.values.length * 1.5)));
    }
    if (this.indicesUsed + indices > this.indices.length) {
      this.indices = grow(this.indices, Math.max(this.indicesUsed + indices, Math.ceil(this.indices.length * 1.5)));
    }
  }

  private point(row: number, valueStart: number, indexStart: number, count: number): void {
    this.valueAt[row] = valueStart;
    this.indexAt[row] = indexStart;
    this.nonZero[row] = count;
  }
}

function grow<T extends Float32Array | Uint16Array | Uint32Array>(array: T, length: number): T {
  const Constructor = array.constructor as new (length: number) => T;
  const grown = new Constructor(length);
  grown.set(array);
  return grown;
}

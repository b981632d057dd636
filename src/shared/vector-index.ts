/**
 * An in-memory cosine index: int8 codes scanned with the SIMD kernel pick candidates, their exact
 * float32 vectors decide the answer. Rows are dense (0..size-1); removing a row moves the last
 * row into its place, so callers keep their own row-parallel arrays in step with `remove`.
 *
 * The answer equals an exact float search, not just most of the time: every row's int8 score has
 * a proven error bound, and rows left out of the candidates are re-checked whenever their bound
 * reaches the k-th exact score. Ties rank by the caller's tie key, ascending.
 */
import { DENSE, ExactStore } from "./exact-store.js";
import { BLOCK_ROWS, Int8Matrix } from "./int8-matrix.js";
import { INT8_MAX_CODE, quantizeInt8 } from "./quantize.js";
import { clampUnit } from "./cosine.js";
import { TopK, type Ranked } from "./topk.js";

export interface IndexSearchOptions {
  /** Rows for which this returns false are never returned (evaluated lazily, on candidates only). */
  accept?: (row: number) => boolean;
  /** Results scoring below this are dropped. */
  minScore?: number;
}

/** Float rounding in the approximate scores is far below this; it keeps the bound honest. */
const BOUND_SLACK = 1e-5;

export class VectorIndex {
  readonly dim: number;
  private count = 0;
  private readonly matrix: Int8Matrix;
  private readonly exact: ExactStore;
  /** int8 scale of the row divided by its norm: approx cosine = dot × rowScale × queryScale / |q|. */
  private rowScale = new Float32Array(0);
  /** |e|/|v|: the row's quantisation residual relative to its length (see finishRow). */
  private residual = new Float32Array(0);
  /** |v̂|/|v|: length of the dequantised row relative to the row (about 1). */
  private dequantised = new Float32Array(0);
  private norms = new Float64Array(0);
  private ties = new Float64Array(0);
  private approx = new Float32Array(0);
  private candidateMark = new Uint8Array(0);
  /** Largest terms seen; only ever raised, which keeps the quick checks safe after removals. */
  private maxResidual = 0;
  private maxDequantised = 0;
  private readonly queryCodes: Int16Array;

  constructor(dim: number, options: { simd?: boolean } = {}) {
    this.dim = dim;
    this.matrix = new Int8Matrix(dim, options);
    this.exact = new ExactStore(dim);
    this.queryCodes = new Int16Array(dim);
  }

  get size(): number {
    return this.count;
  }

  get simd(): boolean {
    return this.matrix.simd;
  }

  /** Bytes held by the index's buffers. */
  get byteLength(): number {
    const perRow =
      this.rowScale.byteLength + this.residual.byteLength + this.dequantised.byteLength + this.norms.byteLength +
      this.ties.byteLength + this.approx.byteLength + this.candidateMark.byteLength;
    return this.matrix.byteLength + this.exact.byteLength + perRow;
  }

  /** Preallocates for `rows` rows in total (and optional arena sizes), avoiding growth copies. */
  reserve(rows: number, exactValues = 0, exactIndices = 0): void {
    this.ensureRows(rows, true);
    this.exact.reserve(rows, exactValues, exactIndices);
  }

  /** Appends a vector; returns its row. */
  add(vector: ArrayLike<number>, tie: number): number {
    const row = this.count;
    this.ensureRows(row + 1, false);
    this.exact.setDense(row, vector);
    this.finishRow(row, tie);
    return row;
  }

  /** Appends a vector given in stored form (see ExactStore). */
  addEncoded(count: number, indices: Uint16Array, values: Float32Array, tie: number): number {
    const row = this.count;
    this.ensureRows(row + 1, false);
    this.exact.setEncoded(row, count, indices, values);
    this.finishRow(row, tie);
    return row;
  }

  /** Appends rows given in stored form (a chunk's arrays); returns the first new row. */
  addEncodedBatch(nonZero: Uint16Array, indices: Uint16Array, values: Float32Array, ties: Float64Array): number {
    const first = this.count;
    if (nonZero.length === 0) return first;
    this.ensureRows(first + nonZero.length, false);
    this.exact.setEncodedBatch(first, nonZero, indices, values);
    for (let i = 0; i < nonZero.length; i += 1) this.finishRow(first + i, ties[i]!);
    return first;
  }

  /** Removes a row. Returns the row that moved into its place, or -1 when it was the last. */
  remove(row: number): number {
    const last = this.count - 1;
    this.exact.release(row);
    let moved = -1;
    if (row !== last) {
      this.matrix.copyRow(last, row);
      this.exact.move(last, row);
      this.rowScale[row] = this.rowScale[last]!;
      this.residual[row] = this.residual[last]!;
      this.dequantised[row] = this.dequantised[last]!;
      this.norms[row] = this.norms[last]!;
      this.ties[row] = this.ties[last]!;
      moved = last;
    }
    this.count = last;
    this.exact.compactIfWasteful(this.count);
    return moved;
  }

  clear(): void {
    while (this.count > 0) this.remove(this.count - 1);
  }

  tie(row: number): number {
    return this.ties[row]!;
  }

  /** The exact stored vector of a row, as a new array or into `out` at `offset`. */
  vector(row: number, out: Float32Array = new Float32Array(this.dim), offset = 0): Float32Array {
    this.exact.copyDense(row, out, offset);
    return out;
  }

  encoded(row: number): { count: number; indices: Uint16Array; values: Float32Array } {
    return this.exact.encoded(row);
  }

  /** The k rows most similar to `query` by cosine, best first: [{ item: row, score, tie }]. */
  search(query: Float32Array, k: number, options: IndexSearchOptions = {}): Ranked[] {
    const n = this.count;
    const { accept, minScore = -Infinity } = options;
    if (n === 0 || k <= 0) return [];
    let queryNorm = 0;
    for (let i = 0; i < this.dim; i += 1) queryNorm += query[i]! * query[i]!;
    queryNorm = Math.sqrt(queryNorm);
    if (queryNorm === 0) return this.scoreless(k, accept, minScore);

    // Quantise the query; approx = int8 dot × rowScale × approxScale estimates the cosine.
    const queryScale = quantizeInt8(query, this.queryCodes, 0);
    this.matrix.query.fill(0);
    this.matrix.query.set(this.queryCodes);
    const approxScale = queryScale / queryNorm;
    // Per row, |exact − approx| ≤ residual·(qHat + qResidual) + dequantised·qResidual (see finishRow).
    let qHatSquares = 0;
    let qResidualSquares = 0;
    for (let i = 0; i < this.dim; i += 1) {
      const dequantisedValue = this.queryCodes[i]! * queryScale;
      qHatSquares += dequantisedValue * dequantisedValue;
      qResidualSquares += (query[i]! - dequantisedValue) ** 2;
    }
    const qHat = Math.sqrt(qHatSquares) / queryNorm;
    const qResidual = Math.sqrt(qResidualSquares) / queryNorm;
    const boundOf = (residual: number, dequantised: number): number =>
      residual * (qHat + qResidual) + dequantised * qResidual + BOUND_SLACK;

    const candidateCount = Math.min(n, Math.max(2 * k, k + 16));
    const candidates = new TopK(candidateCount);
    const { rowScale, ties, approx, matrix } = this;
    let threshold = -Infinity;
    for (let start = 0; start < n; start += BLOCK_ROWS) {
      const blockRows = Math.min(BLOCK_ROWS, n - start);
      matrix.dots(start, blockRows);
      const block = matrix.scores;
      for (let i = 0; i < blockRows; i += 1) {
        const row = start + i;
        const score = block[i]! * rowScale[row]! * approxScale;
        approx[row] = score;
        if (score < threshold || !candidates.accepts(score, ties[row]!)) continue;
        if (accept && !accept(row)) continue;
        candidates.push(row, score, ties[row]!);
        threshold = candidates.threshold;
      }
    }

    // Exact re-rank of the candidates.
    const best = new TopK(k);
    const chosen = candidates.drain();
    for (const { item: row } of chosen) {
      this.candidateMark[row] = 1;
      const score = this.exactScore(row, query, queryNorm);
      if (score >= minScore) best.push(row, score, ties[row]!);
    }

    // Anything left out could still belong when its bound reaches the k-th exact score.
    const allAcceptedWereCandidates = chosen.length < candidateCount;
    if (!allAcceptedWereCandidates) {
      const lowestCandidate = chosen.length > 0 ? chosen[chosen.length - 1]!.score : -Infinity;
      const floor = (): number => Math.max(best.threshold, minScore);
      const maxBound = boundOf(this.maxResidual, this.maxDequantised);
      let level = floor();
      if (lowestCandidate + maxBound >= level) {
        const { residual, dequantised, candidateMark } = this;
        for (let row = 0; row < n; row += 1) {
          const score = approx[row]!;
          if (score + maxBound < level || candidateMark[row] === 1) continue;
          if (score + boundOf(residual[row]!, dequantised[row]!) < level) continue;
          if (accept && !accept(row)) continue;
          const exact = this.exactScore(row, query, queryNorm);
          if (exact >= minScore && best.push(row, exact, ties[row]!)) level = floor();
        }
      }
    }
    for (const { item: row } of chosen) this.candidateMark[row] = 0;
    return best.drain();
  }

  /** With a zero query every cosine is 0: the first k accepted rows by tie key. */
  private scoreless(k: number, accept: IndexSearchOptions["accept"], minScore: number): Ranked[] {
    if (0 < minScore) return [];
    const best = new TopK(k);
    for (let row = 0; row < this.count; row += 1) {
      if (!best.accepts(0, this.ties[row]!)) continue;
      if (accept && !accept(row)) continue;
      best.push(row, 0, this.ties[row]!);
    }
    return best.drain();
  }

  /**
   * Cosine in float64, reported as float32 like the seed's `f32` score. The rounding also makes
   * scores that are equal in exact arithmetic compare equal, so their tie keys decide.
   */
  private exactScore(row: number, query: Float32Array, queryNorm: number): number {
    const norm = this.norms[row]!;
    if (norm === 0) return 0;
    return Math.fround(clampUnit(this.exact.dot(row, query) / (queryNorm * norm)));
  }

  /**
   * Quantises a row whose exact vector is already stored and records its error terms.
   * With v = v̂ + e (v̂ = s·c, the dequantised codes) and q = q̂ + f alike,
   *   v·q − v̂·q̂ = v̂·f + q̂·e + e·f,  so by Cauchy–Schwarz
   *   |v·q − v̂·q̂| ≤ |v̂||f| + |q̂||e| + |e||f|.
   * Divided by |v||q| this is dequantised·qResidual + residual·(qHat + qResidual). Hash vectors
   * whose counts are equal quantise exactly (e = 0), which makes their bound vanish.
   */
  private finishRow(row: number, tie: number): void {
    // Same arithmetic as quantizeInt8, but over the stored (index, value) pairs only: a sparse
    // row's zeros stay zero codes with no residual.
    const exact = this.exact;
    const count = exact.nonZeroCount(row);
    const sparse = count !== DENSE;
    const stored = sparse ? count : this.dim;
    const values = exact.valueArena;
    const indices = exact.indexArena;
    const valueStart = exact.valueStart(row);
    const indexStart = exact.indexStart(row);
    let sumOfSquares = 0;
    let maxAbs = 0;
    for (let j = valueStart; j < valueStart + stored; j += 1) {
      const value = values[j]!;
      sumOfSquares += value * value;
      const magnitude = Math.abs(value);
      if (magnitude > maxAbs) maxAbs = magnitude;
    }
    const norm = Math.sqrt(sumOfSquares);
    const codes = this.matrix.codes;
    const rowStart = row * this.matrix.stride;
    codes.fill(0, rowStart, rowStart + this.matrix.stride);
    let scale = 0;
    let residualSquares = 0;
    let dequantisedSquares = 0;
    if (maxAbs > 0) {
      scale = maxAbs / INT8_MAX_CODE;
      const inverse = INT8_MAX_CODE / maxAbs;
      for (let j = 0; j < stored; j += 1) {
        const value = values[valueStart + j]!;
        let code = Math.round(value * inverse);
        code = code > INT8_MAX_CODE ? INT8_MAX_CODE : code < -INT8_MAX_CODE ? -INT8_MAX_CODE : code;
        codes[rowStart + (sparse ? indices[indexStart + j]! : j)] = code;
        const dequantisedValue = code * scale;
        dequantisedSquares += dequantisedValue * dequantisedValue;
        residualSquares += (value - dequantisedValue) ** 2;
      }
    }
    const inverseNorm = norm > 0 ? 1 / norm : 0;
    this.rowScale[row] = scale * inverseNorm;
    // Rounded up a hair so float32 storage never makes the bound smaller than the truth.
    this.residual[row] = Math.sqrt(residualSquares) * inverseNorm * (1 + 1e-6);
    this.dequantised[row] = Math.sqrt(dequantisedSquares) * inverseNorm * (1 + 1e-6);
    this.maxResidual = Math.max(this.maxResidual, this.residual[row]!);
    this.maxDequantised = Math.max(this.maxDequantised, this.dequantised[row]!);
    this.norms[row] = norm;
    this.ties[row] = tie;
    this.count = row + 1;
  }

  private ensureRows(rows: number, exact: boolean): void {
    if (rows <= this.rowScale.length) {
      this.matrix.ensureCapacity(rows);
      return;
    }
    const capacity = exact ? rows : Math.max(rows, Math.ceil(this.rowScale.length * 1.5), 1024);
    this.matrix.ensureCapacity(capacity);
    this.rowScale = growTo(this.rowScale, capacity);
    this.residual = growTo(this.residual, capacity);
    this.dequantised = growTo(this.dequantised, capacity);
    this.norms = growTo(this.norms, capacity);
    this.ties = growTo(this.ties, capacity);
    this.approx = new Float32Array(capacity);
    this.candidateMark = growTo(this.candidateMark, capacity);
  }
}

function growTo<T extends Float32Array | Float64Array | Uint8Array>(array: T, length: number): T {
  const Constructor = array.constructor as new (length: number) => T;
  const grown = new Constructor(length);
  grown.set(array.subarray(0, Math.min(array.length, length)) as unknown as ArrayLike<number>);
  return grown;
}

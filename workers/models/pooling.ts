/**
 * Sentence-transformers pooling: the mean of the token vectors the attention mask keeps, then L2
 * normalisation, so the cosine of two sentences is a dot product. Apart from the runtime so it can
 * be tested without it.
 */

/** Mean of the first `tokens` token vectors (the attention mask's ones), scaled to unit length. */
export function meanPoolNormalised(data: Float32Array, offset: number, tokens: number, dim: number): Float32Array {
  const sum = new Float64Array(dim);
  for (let t = 0; t < tokens; t += 1) {
    const at = offset + t * dim;
    for (let d = 0; d < dim; d += 1) sum[d]! += data[at + d]!;
  }
  let norm = 0;
  for (let d = 0; d < dim; d += 1) {
    sum[d]! /= Math.max(tokens, 1);
    norm += sum[d]! * sum[d]!;
  }
  // sentence-transformers' Normalize: x / max(‖x‖, 1e-12).
  const scale = 1 / Math.max(Math.sqrt(norm), 1e-12);
  const out = new Float32Array(dim);
  for (let d = 0; d < dim; d += 1) out[d] = sum[d]! * scale;
  return out;
}

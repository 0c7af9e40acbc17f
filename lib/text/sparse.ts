/**
 * A sparse vector: feature ids in strictly increasing order and their values, same length.
 * The dimension is implicit (the vectorizer or hasher that made it knows it).
 */
export interface SparseVector {
  /** Feature ids, strictly increasing. */
  indices: Int32Array;
  /** Values at those ids. */
  values: Float32Array;
}

/**
 * Builds a sparse vector from a map of feature id → value, sorting the ids. Zero values are dropped.
 */
export function sparseFromMap(counts: Map<number, number>): SparseVector {
  const ids: number[] = [];
  for (const [k, v] of counts) if (v !== 0) ids.push(k);
  ids.sort((a, b) => a - b);
  const indices = new Int32Array(ids.length);
  const values = new Float32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    indices[i] = ids[i]!;
    values[i] = counts.get(ids[i]!)!;
  }
  return { indices, values };
}

/** Dot product of two sparse vectors (merge of the sorted id lists), accumulated in float64. */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  const ai = a.indices;
  const bi = b.indices;
  while (i < ai.length && j < bi.length) {
    const x = ai[i]!;
    const y = bi[j]!;
    if (x === y) {
      s += a.values[i++]! * b.values[j++]!;
    } else if (x < y) i++;
    else j++;
  }
  return s;
}

/** Euclidean (l2) norm of a sparse vector. */
export function sparseNorm(a: SparseVector): number {
  let s = 0;
  for (let i = 0; i < a.values.length; i++) s += a.values[i]! * a.values[i]!;
  return Math.sqrt(s);
}

/** Returns a copy of `a` scaled to unit l2 norm (an all-zero vector is returned unchanged). */
export function l2NormalizeSparse(a: SparseVector): SparseVector {
  const n = sparseNorm(a);
  const values = new Float32Array(a.values.length);
  for (let i = 0; i < values.length; i++) values[i] = n > 0 ? a.values[i]! / n : 0;
  return { indices: a.indices.slice(), values };
}

/** Cosine similarity of two sparse vectors; 0 when either is all zeros. */
export function sparseCosine(a: SparseVector, b: SparseVector): number {
  const na = sparseNorm(a);
  const nb = sparseNorm(b);
  if (na === 0 || nb === 0) return 0;
  return sparseDot(a, b) / (na * nb);
}

/**
 * Writes sparse rows into one dense row-major float32 matrix `[rows.length, dim]` (the input layout
 * of an ONNX `MatMul`). Ids at or beyond `dim` are an error.
 */
export function sparseToDense(rows: readonly SparseVector[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    for (let k = 0; k < r.indices.length; k++) {
      const f = r.indices[k]!;
      if (f >= dim) throw new RangeError(`sparseToDense: feature id ${f} >= dim ${dim}; pass the vectorizer's dimension.`);
      out[i * dim + f] = r.values[k]!;
    }
  });
  return out;
}

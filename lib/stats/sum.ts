/**
 * Sums, means and variances with compensated summation.
 * @packageDocumentation
 */

/**
 * Sum with Neumaier's compensated summation: the result is within a few ulps of the exact sum,
 * so it agrees with NumPy's pairwise `np.sum` to ~1e-15 relative whatever the order of terms
 * (`[1e100, 1, -1e100]` sums to 1, where a plain loop gives 0).
 * @param values the terms (an empty array sums to 0)
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = sum + v;
    if (Math.abs(sum) >= Math.abs(v)) comp += sum - t + v;
    else comp += v - t + sum;
    sum = t;
  }
  return sum + comp;
}

function checkNonEmpty(values: ArrayLike<number>, what: string): void {
  if (values.length === 0) throw new Error(`${what}: the sample is empty; pass at least one number`);
}

/**
 * Arithmetic mean, the compensated sum divided by the count.
 * @param values numbers, at least one
 */
export function mean(values: ArrayLike<number>): number {
  checkNonEmpty(values, "mean");
  return compensatedSum(values) / values.length;
}

/** Options of {@link variance}. */
export interface VarianceOptions {
  /** Delta degrees of freedom: divide by n − ddof. Default 0 (population, as `np.var`); 1 gives the sample variance (pandas, `statistics.variance`). */
  ddof?: number;
}

/**
 * Variance by the two-pass algorithm (mean first, then the compensated sum of squared
 * deviations), as `np.var(x, ddof=ddof)`.
 * @param values numbers, more than `ddof` of them
 * @param options `ddof` (default 0)
 * @example variance([1, 2, 3, 4]) // 1.25; variance([1, 2, 3, 4], { ddof: 1 }) // 1.6666…
 */
export function variance(values: ArrayLike<number>, options: VarianceOptions = {}): number {
  const ddof = options.ddof ?? 0;
  const n = values.length;
  checkNonEmpty(values, "variance");
  if (!(ddof >= 0 && ddof < n)) throw new Error(`variance: ddof must be in [0, n) = [0, ${n}), got ${ddof} (a sample variance needs at least two values)`);
  const m = compensatedSum(values) / n;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = values[i]! - m;
    sq[i] = d * d;
  }
  return compensatedSum(sq) / (n - ddof);
}

/**
 * Mean and population standard deviation (ddof = 0, as `np.mean` and `np.std`), from one
 * compensated mean: `std` is `Math.sqrt(variance(values))`.
 * @param values numbers, at least one
 */
export function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  checkNonEmpty(values, "meanAndStd");
  return { mean: mean(values), std: Math.sqrt(variance(values)) };
}

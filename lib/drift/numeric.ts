/**
 * Small numeric helpers shared by the drift statistics: compensated summation, sorting,
 * binary search and NumPy's rounding rule. They are exported for tests and notebooks, but the
 * drift functions are the public API.
 */

/**
 * Sum with Neumaier's compensated summation: the result is within a few ulps of the exact sum,
 * so it agrees with NumPy's pairwise `np.sum` to ~1e-15 relative whatever the order of terms.
 * @param values the terms
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

/**
 * A sorted copy (ascending) of numeric values as a Float64Array. Throws on NaN, which has no
 * place in an order statistic: drop missing values first.
 * @param values the sample
 * @param what a name for error messages
 */
export function sortedSample(values: ArrayLike<number>, what = "sample"): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i]!)) {
      throw new Error(`${what} contains NaN at index ${i}: remove missing values before testing for drift`);
    }
  }
  out.sort();
  return out;
}

/**
 * Number of elements of the ascending array `sorted` that are `<= x` (NumPy
 * `searchsorted(sorted, x, side="right")`).
 */
export function countAtMost(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Number of elements of the ascending array `sorted` that are `< x` (NumPy
 * `searchsorted(sorted, x, side="left")`).
 */
export function countBelow(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rounds half to even, as `np.round` does (`np.round(2.5) == 2`). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** Mean and population standard deviation (ddof = 0, as `np.std`), with compensated sums. */
export function meanAndStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = values.length;
  if (n === 0) throw new Error("mean/std of an empty sample");
  const mean = compensatedSum(values) / n;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    sq[i] = d * d;
  }
  return { mean, std: Math.sqrt(compensatedSum(sq) / n) };
}

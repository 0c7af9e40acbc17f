/**
 * Percentiles by linear interpolation between order statistics: the method numpy calls
 * `"linear"` (its default, type 7 in Hyndman & Fan 1996, also R's default and Excel's PERCENTILE.INC).
 *
 * For `n` sorted values `x[0] ≤ … ≤ x[n-1]` and a percentile `p` in [0, 100]:
 * the virtual index is `h = (n − 1) · p / 100`, `i = floor(h)`, `g = h − i`, and the result is
 * `x[i] + g · (x[i+1] − x[i])` (just `x[i]` when `g = 0` or `i = n − 1`). So p0 is the minimum,
 * p100 the maximum and p50 the usual median. The interpolation is computed the way numpy's
 * `_lerp` does (from the upper neighbour when `g ≥ 0.5`) so results match numpy to the last bit:
 * {@link quantileSorted} with q = p / 100, the one implementation (lib/stats).
 */
import { quantileSorted } from "../stats/quantile";
import { sortedFloat64 } from "../stats/sorted";
import { checkValues } from "./internal";

function checkP(p: number): void {
  if (typeof p !== "number" || Number.isNaN(p) || p < 0 || p > 100) {
    throw new Error(`percentile: p must be a number in [0, 100], got ${String(p)} (use 99.9, not 0.999)`);
  }
}

/**
 * Percentile of values that are already sorted ascending (no copy, no check of the order).
 * Use it to read many percentiles from one sorted copy; see {@link percentile} for the method.
 * @param sorted ascending numbers, at least one
 * @param p percentile in [0, 100]
 */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  checkP(p);
  const n = sorted.length;
  if (n === 0) throw new Error("percentileSorted: no values (the input array is empty)");
  return quantileSorted(sorted, p / 100);
}

/**
 * The `p`-th percentile of `values` by linear interpolation: numpy's default `"linear"` method
 * (type 7 of Hyndman & Fan, R's default, Excel's PERCENTILE.INC). With the values sorted,
 * `x[0] ≤ … ≤ x[n−1]`, the virtual index is `h = (n − 1)·p/100`, `i = floor(h)`, and the result is
 * `x[i] + (h − i)·(x[i+1] − x[i])`; so p0 is the minimum, p100 the maximum, p50 the median.
 * Computed as numpy's `_lerp` does, so results equal `numpy.percentile` bit for bit (tested).
 * Does not modify `values`.
 * @param values numbers, at least one; NaN is rejected with an error
 * @param p percentile in [0, 100] (e.g. 99.9 for p99.9)
 * @example percentile([1, 2, 3, 4], 50) // 2.5
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  checkValues(values, "percentile");
  return percentileSorted(sortedFloat64(values), p);
}

/**
 * Several percentiles of `values` from one sort, in the order asked.
 * @param values numbers, at least one
 * @param ps percentiles in [0, 100]
 * @example percentiles(latencies, [50, 99]) // [p50, p99]
 */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  checkValues(values, "percentiles");
  const s = sortedFloat64(values);
  return ps.map((p) => percentileSorted(s, p));
}

import { bisectRight } from "./bisect";
import { sortedFloat64 } from "./sorted";

/**
 * The empirical distribution function of a sample: `F(x)` = share of the sample ≤ x
 * (as `scipy.stats.ecdf(sample).cdf.evaluate(x)`). Sorts once; each call is a binary search.
 * @param values the sample, at least one number; NaN is an error
 * @example ecdf([1, 2, 2, 3])(2) // 0.75
 */
export function ecdf(values: ArrayLike<number>): (x: number) => number {
  const sorted = sortedFloat64(values, "ecdf: sample");
  if (sorted.length === 0) throw new Error("ecdf: the sample is empty; pass at least one number");
  return (x: number) => ecdfSorted(sorted, x);
}

/**
 * `F(x)` of a sample already sorted ascending: the share of it ≤ x.
 * @param sorted ascending sample, at least one number
 * @param x where to evaluate
 */
export function ecdfSorted(sorted: ArrayLike<number>, x: number): number {
  return bisectRight(sorted, x) / sorted.length;
}

/**
 * An ascending sorted copy of numeric values as a Float64Array (a numeric sort, not the string
 * sort of `Array.prototype.sort`). NaN has no place in an order statistic, so it is an error
 * naming its index: drop or fill missing values first.
 * @param values the sample (not modified)
 * @param what a name for the sample in error messages; default "sample"
 * @example sortedFloat64([3, 1, 2]) // Float64Array [1, 2, 3]
 */
export function sortedFloat64(values: ArrayLike<number>, what = "sample"): Float64Array {
  const out = Float64Array.from(values as ArrayLike<number>);
  for (let i = 0; i < out.length; i++) {
    if (Number.isNaN(out[i]!)) {
      throw new Error(`${what} contains NaN at index ${i}: remove or fill missing values before computing order statistics`);
    }
  }
  out.sort();
  return out;
}

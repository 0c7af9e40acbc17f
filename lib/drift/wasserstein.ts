import { sortedFloat64 as sortedSample } from "../stats/sorted";
import { compensatedSum, meanAndStd } from "../stats/sum";

/**
 * First Wasserstein (earth mover's) distance between two 1-D samples with equal weights, as
 * `scipy.stats.wasserstein_distance(u, v)`: ∫ |F_u(x) − F_v(x)| dx, evaluated between consecutive
 * pooled values. In the units of the data.
 * @param u first sample (no NaN)
 * @param v second sample (no NaN)
 */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const su = sortedSample(u, "first sample");
  const sv = sortedSample(v, "second sample");
  if (su.length === 0 || sv.length === 0) throw new Error("wassersteinDistance: both samples must be non-empty");
  const all = new Float64Array(su.length + sv.length);
  all.set(su);
  all.set(sv, su.length);
  all.sort();
  const terms = new Float64Array(all.length - 1);
  // walk both sorted samples alongside the pooled values: F(x) = #(<= x) / n
  let iu = 0;
  let iv = 0;
  for (let k = 0; k < all.length - 1; k++) {
    const x = all[k]!;
    while (iu < su.length && su[iu]! <= x) iu++;
    while (iv < sv.length && sv[iv]! <= x) iv++;
    terms[k] = Math.abs(iu / su.length - iv / sv.length) * (all[k + 1]! - x);
  }
  return compensatedSum(terms);
}

/** Options of {@link normalizedWasserstein}. */
export interface NormalizedWassersteinOptions {
  /** Lower bound on the divisor, so a constant reference does not divide by zero. Default 0.001 (Evidently). */
  minStd?: number;
}

/**
 * Wasserstein-1 distance divided by the reference standard deviation, Evidently's default drift
 * score for numeric features with > 1,000 reference rows: `wasserstein_distance(ref, cur) /
 * max(np.std(ref), 0.001)`. `np.std` is the population standard deviation (ddof = 0). Unit-free:
 * 0.1 means the distributions differ by a tenth of a reference standard deviation (the default
 * drift threshold).
 * @param reference reference sample
 * @param current current sample
 * @param options see {@link NormalizedWassersteinOptions}
 */
export function normalizedWasserstein(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: NormalizedWassersteinOptions = {},
): number {
  const minStd = options.minStd ?? 0.001;
  const { std } = meanAndStd(reference);
  return wassersteinDistance(reference, current) / Math.max(std, minStd);
}

/**
 * Quantiles with NumPy's thirteen methods (`np.quantile(a, q, method=…)`, NumPy ≥ 1.22), bit for
 * bit: the nine sample-quantile types of Hyndman & Fan (1996) plus NumPy's `lower`, `higher`,
 * `nearest` and `midpoint`. The default, `"linear"`, is H&F type 7 (R's default, Excel's
 * PERCENTILE.INC).
 * @packageDocumentation
 */
import { sortedFloat64 } from "./sorted";

/** The methods of `np.quantile` (NumPy ≥ 1.22), with their Hyndman & Fan type where they have one. */
export const QUANTILE_METHODS = [
  "inverted_cdf", // H&F 1
  "averaged_inverted_cdf", // H&F 2
  "closest_observation", // H&F 3
  "interpolated_inverted_cdf", // H&F 4
  "hazen", // H&F 5
  "weibull", // H&F 6
  "linear", // H&F 7 (default)
  "median_unbiased", // H&F 8
  "normal_unbiased", // H&F 9
  "lower",
  "higher",
  "midpoint",
  "nearest",
] as const;

/** One of {@link QUANTILE_METHODS}. */
export type QuantileMethod = (typeof QUANTILE_METHODS)[number];

/** Options of {@link quantile}. */
export interface QuantileOptions {
  /** How to pick or interpolate between order statistics. Default `"linear"` (NumPy's default). */
  method?: QuantileMethod;
}

/** NumPy's `_lerp`: a + (b − a)·t, evaluated from b when t ≥ 0.5 (symmetric, exact at the ends). */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Rounds half to even, as `np.round` / `np.around` do (`roundHalfEven(2.5) === 2`). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** NumPy's `_compute_virtual_index`: n·q + (α + q·(1 − α − β)) − 1. */
function virtualIndex(n: number, q: number, alpha: number, beta: number): number {
  return n * q + (alpha + q * (1 - alpha - beta)) - 1;
}

/** NumPy's `_discret_interpolation_to_boundaries`, clipped below at 0. */
function discreteIndex(index: number, takePrevious: (gamma: number, index: number) => boolean): number {
  const previous = Math.floor(index);
  const gamma = index - previous;
  const res = takePrevious(gamma, index) ? previous : previous + 1;
  return res < 0 ? 0 : res;
}

/** Interpolates at a continuous virtual index, clamped to the sample as NumPy's `_get_indexes` does. */
function interpolate(sorted: ArrayLike<number>, v: number, fixGamma: (gamma: number, index: number) => number = (g) => g): number {
  const n = sorted.length;
  if (v >= n - 1) return sorted[n - 1]!;
  if (v < 0) return sorted[0]!;
  const lo = Math.floor(v);
  return lerp(sorted[lo]!, sorted[lo + 1]!, fixGamma(v - lo, v));
}

function checkQ(q: number, what: string): void {
  if (typeof q !== "number" || Number.isNaN(q) || q < 0 || q > 1) {
    throw new Error(`${what}: q must be a probability in [0, 1], got ${String(q)} (for a percentile p use q = p / 100)`);
  }
}

/**
 * The q-quantile of values already sorted ascending (no copy, no check of the order), by
 * `method` (default `"linear"`: virtual index h = (n − 1)·q, result x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])).
 * Equals `np.quantile(sorted, q, method=method)` bit for bit (tested against NumPy).
 * @param sorted ascending numbers, at least one
 * @param q probability in [0, 1]
 * @param method one of {@link QUANTILE_METHODS}; default `"linear"`
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number, method: QuantileMethod = "linear"): number {
  checkQ(q, "quantileSorted");
  const n = sorted.length;
  if (n === 0) throw new Error("quantileSorted: the sample is empty; pass at least one number");
  switch (method) {
    case "linear":
      return interpolate(sorted, (n - 1) * q);
    case "inverted_cdf":
      return sorted[Math.min(n - 1, discreteIndex(n * q - 1, (g) => g === 0))]!;
    case "closest_observation":
      return sorted[Math.min(n - 1, discreteIndex(n * q - 1 - 0.5, (g, i) => g === 0 && ((Math.floor(i) % 2) + 2) % 2 === 1))]!;
    case "averaged_inverted_cdf":
      return interpolate(sorted, n * q - 1, (g) => (g === 0 ? 0.5 : 1));
    case "interpolated_inverted_cdf":
      return interpolate(sorted, virtualIndex(n, q, 0, 1));
    case "hazen":
      return interpolate(sorted, virtualIndex(n, q, 0.5, 0.5));
    case "weibull":
      return interpolate(sorted, virtualIndex(n, q, 0, 0));
    case "median_unbiased":
      return interpolate(sorted, virtualIndex(n, q, 1 / 3, 1 / 3));
    case "normal_unbiased":
      return interpolate(sorted, virtualIndex(n, q, 3 / 8, 3 / 8));
    case "lower":
      return sorted[Math.floor((n - 1) * q)]!;
    case "higher":
      return sorted[Math.ceil((n - 1) * q)]!;
    case "nearest":
      return sorted[roundHalfEven((n - 1) * q)]!;
    case "midpoint": {
      const h = (n - 1) * q;
      return interpolate(sorted, 0.5 * (Math.floor(h) + Math.ceil(h)), (g, i) => (i % 1 === 0 ? 0 : 0.5));
    }
    default:
      throw new Error(`quantileSorted: unknown method ${JSON.stringify(method)}; use one of ${QUANTILE_METHODS.join(", ")}`);
  }
}

/**
 * The q-quantile of `values` as `np.quantile(values, q, method=…)`; does not modify `values`.
 * @param values numbers, at least one; NaN is an error
 * @param q probability in [0, 1] (0.5 is the median)
 * @param options `method` (default `"linear"`)
 * @example quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantile(values: ArrayLike<number>, q: number, options: QuantileOptions = {}): number {
  return quantileSorted(sortedFloat64(values, "quantile: values"), q, options.method);
}

/**
 * Several quantiles of `values` from one sort, in the order asked.
 * @param values numbers, at least one; NaN is an error
 * @param qs probabilities in [0, 1]
 * @param options `method` (default `"linear"`)
 */
export function quantiles(values: ArrayLike<number>, qs: readonly number[], options: QuantileOptions = {}): number[] {
  const s = sortedFloat64(values, "quantiles: values");
  return qs.map((q) => quantileSorted(s, q, options.method));
}

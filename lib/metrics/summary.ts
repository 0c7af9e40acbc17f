import { checkValues } from "./internal";
import { sortedFloat64 } from "../stats/sorted";
import { percentileSorted } from "./percentile";

/**
 * Summary statistics of a sample, with the percentiles serving reports quote.
 * Percentiles use linear interpolation (numpy's default); see {@link percentile}.
 */
export interface SummaryStats {
  /** Number of values. */
  count: number;
  /** Arithmetic mean. */
  mean: number;
  /** Standard deviation with `ddof` degrees of freedom removed (population, ddof 0, by default, like numpy, GenAI-Perf and vLLM). */
  std: number;
  /** Smallest value. */
  min: number;
  /** Largest value. */
  max: number;
  /** 25th percentile (lower quartile). */
  p25: number;
  /** Median. */
  p50: number;
  /** 75th percentile (upper quartile). */
  p75: number;
  /** 90th percentile. */
  p90: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** 99.9th percentile. */
  p999: number;
  /** Interquartile range, p75 − p25: the spread quoted beside a median. */
  iqr: number;
}

/** Options of {@link summaryStats}. */
export interface SummaryStatsOptions {
  /** Delta degrees of freedom of the standard deviation: 0 (default) population, 1 sample (like pandas). */
  ddof?: number;
}

/**
 * Mean, standard deviation, min, max and p25/p50/p75/p90/p95/p99/p99.9 of `values`.
 * The mean and variance use a two-pass algorithm (mean first, then squared deviations) for accuracy.
 * @param values numbers, at least one (NaN rejected)
 * @param options `ddof` (default 0)
 */
export function summaryStats(values: ArrayLike<number>, options: SummaryStatsOptions = {}): SummaryStats {
  checkValues(values, "summaryStats");
  const ddof = options.ddof ?? 0;
  const n = values.length;
  if (!(ddof >= 0 && ddof < n)) {
    throw new Error(`summaryStats: ddof must be in [0, count) = [0, ${n}), got ${ddof} (a sample std needs at least two values)`);
  }
  const s = sortedFloat64(values);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += s[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = s[i]! - mean;
    ss += d * d;
  }
  const std = Math.sqrt(ss / (n - ddof));
  const p25 = percentileSorted(s, 25);
  const p75 = percentileSorted(s, 75);
  return {
    count: n,
    mean,
    std,
    min: s[0]!,
    max: s[n - 1]!,
    p25,
    p50: percentileSorted(s, 50),
    p75,
    p90: percentileSorted(s, 90),
    p95: percentileSorted(s, 95),
    p99: percentileSorted(s, 99),
    p999: percentileSorted(s, 99.9),
    iqr: p75 - p25,
  };
}

/**
 * Arithmetic mean of `values` (at least one).
 * @param values numbers
 */
export function arithmeticMean(values: ArrayLike<number>): number {
  checkValues(values, "arithmeticMean");
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

import { normalCdf, normalQuantile } from "../stats/normal";

/** Options of {@link sampleSizeTwoProportions}; every field has a default. */
export interface SampleSizeOptions {
  /** Two-sided significance level. Default `0.05`. */
  alpha?: number;
  /** Power 1 − β: the chance to detect the effect when it is real. Default `0.8`. */
  power?: number;
}

/**
 * Users needed in EACH arm of an A/B test to detect a change of a rate from `p1` to `p2` with a
 * two-sided two-proportion z-test (pooled variance under H0, no continuity correction):
 * n = (z_{1−α/2}·√(2·p̄(1−p̄)) + z_{1−β}·√(p1(1−p1) + p2(1−p2)))² / (p1 − p2)², rounded up.
 * For 0.5 vs 0.6 at α = 0.05 and 80% power this is the textbook 388.
 * @throws when a rate is outside (0, 1) or the two rates are equal
 */
export function sampleSizeTwoProportions(p1: number, p2: number, options: SampleSizeOptions = {}): number {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  for (const [k, v] of Object.entries({ p1, p2 })) {
    if (!(v > 0 && v < 1)) throw new Error(`sampleSizeTwoProportions: ${k} must be a rate strictly between 0 and 1, got ${v}`);
  }
  if (p1 === p2) throw new Error("sampleSizeTwoProportions: p1 equals p2; there is no effect to detect (the answer would be infinite).");
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) throw new Error(`sampleSizeTwoProportions: alpha and power must lie in (0, 1), got ${alpha} and ${power}`);
  const pBar = (p1 + p2) / 2;
  const a = normalQuantile(1 - alpha / 2) * Math.sqrt(2 * pBar * (1 - pBar));
  const b = normalQuantile(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil(((a + b) ** 2) / ((p1 - p2) ** 2));
}

/** Result of {@link twoProportionZTest}. */
export interface ZTestResult {
  /** z statistic of (rate B − rate A) with the pooled standard error; 0 when the pooled rate is 0 or 1. */
  z: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Rate in A and in B. */
  rateA: number;
  rateB: number;
}

/**
 * Two-sided two-proportion z-test with pooled variance: successes `xa` of `na` in A against `xb` of
 * `nb` in B.
 * @throws when a count is negative or exceeds its total, or a total is 0
 */
export function twoProportionZTest(xa: number, na: number, xb: number, nb: number): ZTestResult {
  if (!(na > 0 && nb > 0)) throw new Error(`twoProportionZTest: each arm needs at least one user (got ${na} and ${nb})`);
  if (xa < 0 || xb < 0 || xa > na || xb > nb) throw new Error(`twoProportionZTest: successes must lie between 0 and the arm's users (got ${xa}/${na}, ${xb}/${nb})`);
  const rateA = xa / na;
  const rateB = xb / nb;
  const pooled = (xa + xb) / (na + nb);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  const z = se === 0 ? 0 : (rateB - rateA) / se;
  return { z, pValue: 2 * normalCdf(-Math.abs(z)), rateA, rateB };
}

import { chiSquaredSurvival } from "../stats/gamma";

/** Options of {@link chiSquaredTest}. */
export interface ChiSquaredTestOptions {
  /**
   * Yates' continuity correction when the table has one degree of freedom (two categories),
   * as `scipy.stats.chi2_contingency(..., correction=True)` does. Default `true` (SciPy's default).
   * The drift report passes `false` for two categories: the uncorrected 2×2 test has exactly the
   * p-value of the two-proportion Z-test that Evidently uses for binary features.
   */
  correction?: boolean;
}

/** Result of a chi-squared test. */
export interface ChiSquaredResult {
  /** The chi-squared statistic. */
  statistic: number;
  /** P(χ²(dof) ≥ statistic). */
  pValue: number;
  /** Degrees of freedom. */
  dof: number;
  /** Categories in the order used (sorted as strings). */
  categories: string[];
}

/** Counts of each category in a sample (keys are the values as strings). */
export function countCategories(values: Iterable<unknown>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) {
    const k = String(v);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

function toCounts(x: Iterable<unknown> | Map<string, number>): Map<string, number> {
  return x instanceof Map ? x : countCategories(x);
}

/**
 * Chi-squared test of homogeneity on the 2 × k contingency table of reference vs current
 * category counts, exactly as `scipy.stats.chi2_contingency([refCounts, curCounts])`:
 * expected = row total × column total / N, statistic Σ (O − E)² / E, dof = k − 1, and Yates'
 * correction (|O − E| reduced by up to 0.5) when dof = 1 unless `correction: false`.
 * Categories seen in neither sample do not exist; a category seen in only one sample is fine
 * (unlike the goodness-of-fit form, which divides by a zero expected count).
 * A single category gives dof = 0: statistic 0 and p-value 1, as SciPy returns.
 * @param reference reference values, or a map category → count
 * @param current current values, or a map category → count
 * @param options see {@link ChiSquaredTestOptions}
 */
export function chiSquaredTest(
  reference: Iterable<unknown> | Map<string, number>,
  current: Iterable<unknown> | Map<string, number>,
  options: ChiSquaredTestOptions = {},
): ChiSquaredResult {
  const correction = options.correction ?? true;
  const ref = toCounts(reference);
  const cur = toCounts(current);
  const categories = [...new Set([...ref.keys(), ...cur.keys()])]
    .filter((c) => (ref.get(c) ?? 0) + (cur.get(c) ?? 0) > 0)
    .sort();
  const k = categories.length;
  const rows = [categories.map((c) => ref.get(c) ?? 0), categories.map((c) => cur.get(c) ?? 0)];
  const rowTotals = rows.map((r) => r.reduce((s, v) => s + v, 0));
  if (rowTotals[0] === 0 || rowTotals[1] === 0) {
    throw new Error("chiSquaredTest: the reference and the current sample must both be non-empty");
  }
  const total = rowTotals[0]! + rowTotals[1]!;
  const colTotals = categories.map((_, j) => rows[0]![j]! + rows[1]![j]!);
  const dof = k - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof, categories };
  let stat = 0;
  for (let r = 0; r < 2; r++) {
    for (let j = 0; j < k; j++) {
      const expected = (rowTotals[r]! * colTotals[j]!) / total;
      let observed = rows[r]![j]!;
      if (dof === 1 && correction) {
        const diff = expected - observed;
        observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      stat += (observed - expected) ** 2 / expected;
    }
  }
  return { statistic: stat, pValue: chiSquaredSurvival(stat, dof), dof, categories };
}

/**
 * Chi-squared goodness-of-fit of the current counts against the reference proportions scaled
 * to the current size, as Evidently's "chisquare" stattest calls `scipy.stats.chisquare(f_obs,
 * f_exp)`: f_exp = reference count × n_current / n_reference, dof = k − 1. It is not symmetric and
 * gives an infinite statistic (p = 0) when a category is absent from the reference; prefer
 * {@link chiSquaredTest}.
 * @param reference reference values, or a map category → count
 * @param current current values, or a map category → count
 */
export function chiSquaredGoodnessOfFit(
  reference: Iterable<unknown> | Map<string, number>,
  current: Iterable<unknown> | Map<string, number>,
): ChiSquaredResult {
  const ref = toCounts(reference);
  const cur = toCounts(current);
  const categories = [...new Set([...ref.keys(), ...cur.keys()])].sort();
  const nRef = [...ref.values()].reduce((s, v) => s + v, 0);
  const nCur = [...cur.values()].reduce((s, v) => s + v, 0);
  if (nRef === 0 || nCur === 0) throw new Error("chiSquaredGoodnessOfFit: both samples must be non-empty");
  const kNorm = nCur / nRef;
  let stat = 0;
  for (const c of categories) {
    const e = (ref.get(c) ?? 0) * kNorm;
    const o = cur.get(c) ?? 0;
    stat += (o - e) ** 2 / e;
  }
  const dof = categories.length - 1;
  const pValue = dof === 0 ? NaN : chiSquaredSurvival(stat, dof);
  return { statistic: stat, pValue, dof, categories };
}

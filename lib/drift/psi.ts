import { countByInnerEdges, quantileBinEdges } from "./binning";
import { countCategories } from "./chi-squared";

/** PSI rule-of-thumb thresholds: < 0.1 insignificant, 0.1–0.25 moderate, ≥ 0.25 major. */
export const PSI_THRESHOLDS = { moderate: 0.1, major: 0.25 } as const;

/** The PSI rule-of-thumb label. */
export type PsiLabel = "insignificant" | "moderate" | "major";

/** Options of {@link populationStabilityIndex}. */
export interface PsiOptions {
  /** Number of bins, cut at the reference quantiles k/bins (NumPy "linear" quantiles). Default 10. */
  bins?: number;
  /**
   * Share given to an empty bin (in either sample) before taking logs, since (c − r)·ln(c/r) is
   * infinite when one share is 0. Default 1e-4 (the value Evidently uses when no bin share is
   * ≤ 1e-4). A smaller epsilon makes an empty bin weigh more.
   */
  epsilon?: number;
}

/** Result of a PSI computation. */
export interface PsiResult {
  /** Σ (c_i − r_i) · ln(c_i / r_i) over bins, natural logarithm. */
  psi: number;
  /** Rule-of-thumb label (see {@link PSI_THRESHOLDS}). */
  label: PsiLabel;
  /** Inner bin edges (numeric) or categories. */
  bins: (number | string)[];
  /** Reference share per bin, after the epsilon for empty bins. */
  reference: number[];
  /** Current share per bin, after the epsilon for empty bins. */
  current: number[];
}

/** Label of a PSI value: < 0.1 insignificant, < 0.25 moderate, otherwise major. */
export function psiLabel(psi: number): PsiLabel {
  if (psi < PSI_THRESHOLDS.moderate) return "insignificant";
  if (psi < PSI_THRESHOLDS.major) return "moderate";
  return "major";
}

/**
 * PSI from two vectors of bin shares (each summing to 1); empty shares are replaced by `epsilon`.
 * @param reference reference share per bin
 * @param current current share per bin
 * @param epsilon replacement for a zero share (default 1e-4)
 */
export function psiFromShares(reference: readonly number[], current: readonly number[], epsilon = 1e-4): number {
  if (reference.length !== current.length) throw new Error("psiFromShares: share vectors differ in length");
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i] === 0 ? epsilon : reference[i]!;
    const c = current[i] === 0 ? epsilon : current[i]!;
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

/**
 * Population stability index of a numeric feature: bins cut at the reference deciles by default
 * (so each reference bin holds ~10%; ties can merge bins), the lowest and highest bins open-ended so
 * current values outside the reference range are counted; bin i is [e_i, e_{i+1}).
 * PSI = Σ (c − r) ln(c / r); see {@link PSI_THRESHOLDS} for the labels. A NaN (a missing value)
 * in either sample is an error, not a silent count in the lowest bin: drop missing values first
 * (`driftReport` does, and names the column).
 * @param reference reference sample (no NaN)
 * @param current current sample (no NaN)
 * @param options see {@link PsiOptions}
 */
export function populationStabilityIndex(
  reference: ArrayLike<number>,
  current: ArrayLike<number>,
  options: PsiOptions = {},
): PsiResult {
  const bins = options.bins ?? 10;
  const epsilon = options.epsilon ?? 1e-4;
  if (reference.length === 0 || current.length === 0) throw new Error("populationStabilityIndex: both samples must be non-empty");
  for (const [name, sample] of [["reference", reference], ["current", current]] as const) {
    for (let i = 0; i < sample.length; i++) {
      if (Number.isNaN(sample[i])) {
        throw new Error(`populationStabilityIndex: the ${name} sample has NaN at index ${i} (a missing value); drop missing values first or give them their own category with categoricalPsi`);
      }
    }
  }
  const edges = quantileBinEdges(reference, bins);
  const rc = countByInnerEdges(reference, edges).map((v) => v / reference.length);
  const cc = countByInnerEdges(current, edges).map((v) => v / current.length);
  const psi = psiFromShares(rc, cc, epsilon);
  const fix = (v: number): number => (v === 0 ? epsilon : v);
  return { psi, label: psiLabel(psi), bins: edges, reference: rc.map(fix), current: cc.map(fix) };
}

/**
 * Population stability index of a categorical feature: one bin per category seen in either sample
 * (sorted), shares = count / sample size, empty shares replaced by `epsilon` (default 1e-4).
 * @param reference reference values
 * @param current current values
 * @param options `epsilon` as in {@link PsiOptions}
 */
export function categoricalPsi(
  reference: Iterable<unknown>,
  current: Iterable<unknown>,
  options: Pick<PsiOptions, "epsilon"> = {},
): PsiResult {
  const epsilon = options.epsilon ?? 1e-4;
  const r = countCategories(reference);
  const c = countCategories(current);
  const nr = [...r.values()].reduce((s, v) => s + v, 0);
  const nc = [...c.values()].reduce((s, v) => s + v, 0);
  if (nr === 0 || nc === 0) throw new Error("categoricalPsi: both samples must be non-empty");
  const cats = [...new Set([...r.keys(), ...c.keys()])].sort();
  const rs = cats.map((k) => (r.get(k) ?? 0) / nr);
  const cs = cats.map((k) => (c.get(k) ?? 0) / nc);
  const psi = psiFromShares(rs, cs, epsilon);
  const fix = (v: number): number => (v === 0 ? epsilon : v);
  return { psi, label: psiLabel(psi), bins: cats, reference: rs.map(fix), current: cs.map(fix) };
}

import { binnedProportions, type BinnedProportionsOptions } from "./binning";
import { compensatedSum } from "../stats/sum";

/** x · ln(x / y) with SciPy `rel_entr`'s conventions (0 when x = 0, ∞ when y = 0 < x). */
function relEntr(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/**
 * Jensen–Shannon distance between two frequency vectors, as
 * `scipy.spatial.distance.jensenshannon(p, q, base)`: both are normalised to sum 1,
 * m = (p + q)/2, JS = sqrt((KL(p‖m) + KL(q‖m)) / 2), logarithms in `base`.
 * In base 2 it lies in [0, 1].
 * @param p first frequency (or count) vector
 * @param q second, same length
 * @param base logarithm base (default 2, the course's and Evidently's choice; SciPy's default is e)
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[], base = 2): number {
  if (p.length !== q.length) throw new Error(`jensenShannonDistance: vectors differ in length (${p.length} vs ${q.length})`);
  if (p.some((v) => v < 0) || q.some((v) => v < 0)) throw new Error("jensenShannonDistance: frequencies must be >= 0");
  const sp = compensatedSum(p);
  const sq = compensatedSum(q);
  const pn = p.map((v) => v / sp);
  const qn = q.map((v) => v / sq);
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i]! + qn[i]!) / 2;
    left.push(relEntr(pn[i]!, m));
    right.push(relEntr(qn[i]!, m));
  }
  let js = compensatedSum(left) + compensatedSum(right);
  js /= Math.log(base);
  return Math.sqrt(js / 2);
}

/**
 * Jensen–Shannon distance (base 2) between a reference and a current sample, binned as Evidently
 * does (Sturges bins over both samples for numeric features with > 20 distinct values, otherwise
 * one bin per category; see {@link binnedProportions}).
 * @param reference reference values
 * @param current current values
 * @param options binning options
 */
export function jensenShannonDrift(
  reference: ArrayLike<unknown>,
  current: ArrayLike<unknown>,
  options: BinnedProportionsOptions = {},
): number {
  const b = binnedProportions(reference, current, options);
  return jensenShannonDistance(b.reference, b.current, 2);
}

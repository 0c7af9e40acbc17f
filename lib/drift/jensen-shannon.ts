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
 * In the natural log it lies in [0, √ln 2 ≈ 0.833]; in base 2 in [0, 1] (the base-2 value is the
 * natural one divided by √ln 2, so a threshold of 0.1 in base e is 0.12 in base 2).
 * @param p first frequency (or count) vector
 * @param q second, same length
 * @param base logarithm base (default e, as SciPy's `jensenshannon` and Evidently, whose 0.1 drift threshold is on this scale)
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[], base = Math.E): number {
  if (!(base > 0 && base !== 1)) throw new RangeError(`jensenShannonDistance: base must be > 0 and ≠ 1, got ${base}`);
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

/** Options of {@link jensenShannonDrift}: the binning, and the logarithm base. */
export interface JensenShannonDriftOptions extends BinnedProportionsOptions {
  /** Logarithm base. Default e (natural log), as Evidently's `jensenshannon` stattest, whose 0.1 threshold assumes it. */
  base?: number;
}

/**
 * Jensen–Shannon distance (natural log by default) between a reference and a current sample,
 * binned as Evidently does (Sturges bins over both samples for numeric features with > 20 distinct
 * values, otherwise one bin per category; see {@link binnedProportions}).
 * @param reference reference values
 * @param current current values
 * @param options binning options and `base` (default e)
 */
export function jensenShannonDrift(
  reference: ArrayLike<unknown>,
  current: ArrayLike<unknown>,
  options: JensenShannonDriftOptions = {},
): number {
  const { base = Math.E, ...binning } = options;
  const b = binnedProportions(reference, current, binning);
  return jensenShannonDistance(b.reference, b.current, base);
}

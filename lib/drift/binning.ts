import { bisectRight } from "../stats/bisect";
import { sturgesBinEdges } from "../stats/bins";
import { histogram } from "../stats/histogram";
import { quantileSorted } from "../stats/quantile";
import { sortedFloat64 } from "../stats/sorted";

/**
 * Inner bin edges at the reference quantiles 1/bins, 2/bins, …, (bins−1)/bins (NumPy
 * `np.quantile(ref, np.linspace(0, 1, bins + 1))[1:-1]`), with duplicates removed (ties in the
 * reference can merge bins, so fewer than `bins` bins may result).
 * @param reference the reference sample
 * @param bins number of bins wanted (default 10)
 */
export function quantileBinEdges(reference: ArrayLike<number>, bins = 10): number[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins must be a positive integer, got ${bins}`);
  const sorted = sortedFloat64(reference, "reference sample");
  const step = 1 / bins; // np.linspace: i * step, last point exactly 1
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) edges.push(quantileSorted(sorted, i * step));
  return [...new Set(edges)].sort((x, y) => x - y);
}

/**
 * Counts per bin for inner edges e_1 < … < e_{k−1}: bin 0 is (−∞, e_1), bin i is [e_i, e_{i+1}),
 * the last bin is [e_{k−1}, ∞) (NumPy `searchsorted(edges, x, side="right")` as bin index).
 * @param values the sample
 * @param innerEdges ascending inner edges
 */
export function countByInnerEdges(values: ArrayLike<number>, innerEdges: readonly number[]): number[] {
  const counts = new Array<number>(innerEdges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[bisectRight(innerEdges, values[i]!)]! += 1;
  return counts;
}

/** Result of {@link binnedProportions}. */
export interface BinnedProportions {
  /** Bin labels: categories, or "[lo, hi)" intervals. */
  labels: string[];
  /** Reference share per bin (sums to 1). */
  reference: number[];
  /** Current share per bin (sums to 1). */
  current: number[];
}

/** Options of {@link binnedProportions}. */
export interface BinnedProportionsOptions {
  /** "numeric" or "categorical". Default "numeric" when every value is a finite number. */
  kind?: "numeric" | "categorical";
  /**
   * Numeric columns with more distinct reference values than this are binned by Sturges' rule over
   * reference and current together; others are treated as categories. Default 20 (Evidently's
   * `get_binned_data`).
   */
  maxCategoricalUnique?: number;
}

/**
 * Reference and current frequencies over common bins, as Evidently's `get_binned_data` builds them
 * for the Jensen–Shannon distance: numeric features with > 20 distinct reference values get
 * Sturges equal-width bins over both samples; other features are counted per category (the union
 * of both samples' categories, sorted). Shares are counts / sample size; no smoothing of empty bins.
 * @param reference reference values
 * @param current current values
 * @param options see {@link BinnedProportionsOptions}
 */
export function binnedProportions(
  reference: ArrayLike<unknown>,
  current: ArrayLike<unknown>,
  options: BinnedProportionsOptions = {},
): BinnedProportions {
  const ref = Array.from(reference);
  const cur = Array.from(current);
  if (ref.length === 0 || cur.length === 0) throw new Error("binnedProportions: both samples must be non-empty");
  const allNumeric = [...ref, ...cur].every((v) => typeof v === "number" && Number.isFinite(v));
  const kind = options.kind ?? (allNumeric ? "numeric" : "categorical");
  const maxUnique = options.maxCategoricalUnique ?? 20;
  if (kind === "numeric" && !allNumeric) throw new Error("binnedProportions: kind 'numeric' needs finite numbers only");
  if (kind === "numeric" && new Set(ref).size > maxUnique) {
    const r = ref as number[];
    const c = cur as number[];
    const edges = sturgesBinEdges([...r, ...c]);
    const rc = histogram(r, edges).counts;
    const cc = histogram(c, edges).counts;
    return {
      labels: rc.map((_, i) => `[${edges[i]}, ${edges[i + 1]}${i === rc.length - 1 ? "]" : ")"}`),
      reference: rc.map((v) => v / r.length),
      current: cc.map((v) => v / c.length),
    };
  }
  const key = (v: unknown): string => String(v);
  const labels = [...new Set([...ref.map(key), ...cur.map(key)])];
  if (kind === "numeric") labels.sort((a, b) => Number(a) - Number(b));
  else labels.sort();
  const count = (xs: unknown[]): number[] => {
    const m = new Map<string, number>();
    for (const v of xs) m.set(key(v), (m.get(key(v)) ?? 0) + 1);
    return labels.map((l) => (m.get(l) ?? 0) / xs.length);
  };
  return { labels, reference: count(ref), current: count(cur) };
}

import { countAtMost, countBelow, sortedSample } from "./numeric";

/**
 * The q-quantile of an ascending sample with NumPy's default ("linear", type 7) rule,
 * bit for bit as `np.quantile`: virtual index (n − 1)·q, then a + (b − a)·t, or b − (b − a)(1 − t)
 * when t >= 0.5.
 * @param sorted ascending sample
 * @param q probability in [0, 1]
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new Error("quantile of an empty sample");
  const v = (n - 1) * q;
  if (v >= n - 1) return sorted[n - 1]!;
  if (v < 0) return sorted[0]!;
  const lo = Math.floor(v);
  const t = v - lo;
  const a = sorted[lo]!;
  const b = sorted[lo + 1]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * Inner bin edges at the reference quantiles 1/bins, 2/bins, …, (bins−1)/bins (NumPy
 * `np.quantile(ref, np.linspace(0, 1, bins + 1))[1:-1]`), with duplicates removed (ties in the
 * reference can merge bins, so fewer than `bins` bins may result).
 * @param reference the reference sample
 * @param bins number of bins wanted (default 10)
 */
export function quantileBinEdges(reference: ArrayLike<number>, bins = 10): number[] {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`bins must be a positive integer, got ${bins}`);
  const sorted = sortedSample(reference, "reference sample");
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
  for (let i = 0; i < values.length; i++) counts[countAtMost(innerEdges, values[i]!)]! += 1;
  return counts;
}

/**
 * Equal-width bin edges by Sturges' rule over the given sample, as
 * `np.histogram_bin_edges(x, bins="sturges")`: width = range / (log2(n) + 1), ceil(range / width)
 * bins, edges by `np.linspace` (a constant sample gets one bin [x − 0.5, x + 0.5]).
 * @param values the sample (typically reference and current together)
 */
export function sturgesBinEdges(values: ArrayLike<number>): number[] {
  const n = values.length;
  if (n === 0) throw new Error("sturgesBinEdges of an empty sample");
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new Error(`sturgesBinEdges: non-finite value ${v} at index ${i}`);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = (max - min) / (Math.log2(n) + 1);
  const nBins = width ? Math.ceil((last - first) / width) : 1;
  return linspace(first, last, nBins + 1);
}

/** `np.linspace(start, stop, num)` with endpoint: i·step + start, last point exactly stop. */
export function linspace(start: number, stop: number, num: number): number[] {
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  const out: number[] = [];
  for (let i = 0; i < num; i++) out.push(step === 0 ? (i / div) * delta + start : i * step + start);
  if (num > 1) out[num - 1] = stop;
  return out;
}

/**
 * Histogram counts for explicit edges with NumPy's rule: bin i holds e_i <= x < e_{i+1}, the last
 * bin also holds x == e_last; values outside [e_0, e_last] are not counted.
 * @param values the sample
 * @param edges ascending edges (k + 1 edges for k bins)
 */
export function histogramCounts(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const sorted = sortedSample(values);
  const cum = edges.map((e, i) => (i < edges.length - 1 ? countBelow(sorted, e) : countAtMost(sorted, e)));
  const out: number[] = [];
  for (let i = 0; i + 1 < cum.length; i++) out.push(cum[i + 1]! - cum[i]!);
  return out;
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
    const rc = histogramCounts(r, edges);
    const cc = histogramCounts(c, edges);
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

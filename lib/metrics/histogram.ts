import { checkValues } from "./internal";

/**
 * A histogram: `counts[i]` values fell in `[edges[i], edges[i+1])`, the last bin also closed on the
 * right (numpy's convention). Values outside the edges are counted apart, never dropped silently.
 */
export interface Histogram {
  /** Bin edges, ascending, `counts.length + 1` of them. */
  edges: number[];
  /** Count per bin. */
  counts: number[];
  /** Values below `edges[0]` (for log bins, also every value ≤ 0). */
  underflow: number;
  /** Values above the last edge. */
  overflow: number;
  /** Total number of values seen (binned + underflow + overflow). */
  total: number;
}

/** Options of {@link computeHistogram}. */
export interface HistogramOptions {
  /** Number of equal-width bins; default 10. Ignored when `edges` is given. */
  bins?: number;
  /** Lower edge; default the minimum of the values. */
  min?: number;
  /** Upper edge; default the maximum of the values. */
  max?: number;
  /** Explicit ascending edges (at least two); overrides `bins`, `min` and `max`. */
  edges?: readonly number[];
}

/** Index of the bin of `v` for ascending `edges` (binary search), −1 under, `edges.length − 1` over. */
function binIndex(edges: readonly number[], v: number): number {
  const last = edges.length - 1;
  if (v < edges[0]!) return -1;
  if (v > edges[last]!) return last;
  if (v === edges[last]!) return last - 1; // last bin closed on the right
  let lo = 0;
  let hi = last; // invariant: edges[lo] <= v < edges[hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (v >= edges[mid]!) lo = mid;
    else hi = mid;
  }
  return lo;
}

function fill(values: ArrayLike<number>, edges: number[], floorZero: boolean): Histogram {
  const counts = new Array<number>(edges.length - 1).fill(0);
  let underflow = 0;
  let overflow = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (floorZero && v <= 0) {
      underflow++;
      continue;
    }
    const b = binIndex(edges, v);
    if (b < 0) underflow++;
    else if (b >= counts.length) overflow++;
    else counts[b]!++;
  }
  return { edges, counts, underflow, overflow, total: values.length };
}

function checkEdges(edges: readonly number[], what: string): void {
  if (edges.length < 2) throw new Error(`${what}: edges needs at least two values, got ${edges.length}`);
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i]! > edges[i - 1]!)) {
      throw new Error(`${what}: edges must be strictly ascending; edges[${i}] = ${edges[i]} ≤ edges[${i - 1}] = ${edges[i - 1]}`);
    }
  }
}

function minMax(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * Histogram with equal-width bins between `min` and `max` (defaults: the data's range), with
 * numpy's conventions: `edges[i] = min + i·(max − min)/bins`, bins half-open `[a, b)` except the
 * last, which is closed. When all values are equal (and no range is given) the range is widened
 * to `[v − 0.5, v + 0.5]`, as numpy does.
 * @param values numbers, at least one
 * @param options `bins` (default 10), `min`, `max` or explicit `edges`
 */
export function computeHistogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  checkValues(values, "computeHistogram");
  if (options.edges) {
    checkEdges(options.edges, "computeHistogram");
    return fill(values, [...options.edges], false);
  }
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`computeHistogram: bins must be a positive integer, got ${bins}`);
  const [dlo, dhi] = minMax(values);
  let lo = options.min ?? dlo;
  let hi = options.max ?? dhi;
  if (lo > hi) throw new Error(`computeHistogram: min (${lo}) is greater than max (${hi})`);
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges: number[] = [];
  const width = (hi - lo) / bins;
  for (let i = 0; i <= bins; i++) edges.push(i === bins ? hi : lo + i * width);
  return fill(values, edges, false);
}

/** Options of {@link computeLogHistogram}. */
export interface LogHistogramOptions {
  /** Number of bins, equal width in log space; default 10. */
  bins?: number;
  /** Lower edge (> 0); default the smallest positive value. */
  min?: number;
  /** Upper edge; default the maximum value. */
  max?: number;
}

/**
 * Histogram with logarithmically spaced bins (equal width in log10 space, like `numpy.geomspace`
 * edges): the right view of latencies, whose tail spans orders of magnitude.
 * `edges[i] = 10^(log10(min) + i·(log10(max) − log10(min))/bins)`. Values ≤ 0 or below `min` count as underflow.
 * @param values numbers, at least one positive unless `min` and `max` are given
 * @param options `bins` (default 10), `min` (> 0), `max`
 */
export function computeLogHistogram(values: ArrayLike<number>, options: LogHistogramOptions = {}): Histogram {
  checkValues(values, "computeLogHistogram");
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`computeLogHistogram: bins must be a positive integer, got ${bins}`);
  let posMin = Infinity;
  let dmax = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v > 0 && v < posMin) posMin = v;
    if (v > dmax) dmax = v;
  }
  let lo = options.min ?? posMin;
  let hi = options.max ?? dmax;
  if (!(lo > 0) || !Number.isFinite(lo)) {
    throw new Error(`computeLogHistogram: needs a positive lower edge; got min ${lo} (no positive values? pass options.min)`);
  }
  if (lo > hi) throw new Error(`computeLogHistogram: min (${lo}) is greater than max (${hi})`);
  if (lo === hi) {
    lo /= Math.SQRT2;
    hi *= Math.SQRT2;
  }
  // like numpy.geomspace: 10 ** linspace(log10(lo), log10(hi)), both ends set exactly
  const a = Math.log10(lo);
  const step = (Math.log10(hi) - a) / bins;
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) edges.push(i === 0 ? lo : i === bins ? hi : 10 ** (a + i * step));
  return fill(values, edges, true);
}

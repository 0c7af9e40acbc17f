import { equalWidthEdges, extent, logSpacedEdges } from "../stats/bins";
import { checkEdges, histogram } from "../stats/histogram";
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

function fill(values: ArrayLike<number>, edges: number[]): Histogram {
  const { counts, underflow, overflow } = histogram(values, edges);
  return { edges, counts, underflow, overflow, total: values.length };
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
    return fill(values, [...options.edges]);
  }
  const bins = options.bins ?? 10;
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`computeHistogram: bins must be a positive integer, got ${bins}`);
  const { min: dlo, max: dhi } = extent(values);
  const lo = options.min ?? dlo;
  const hi = options.max ?? dhi;
  if (lo > hi) throw new Error(`computeHistogram: min (${lo}) is greater than max (${hi})`);
  return fill(values, equalWidthEdges(lo, hi, bins));
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
  const lo = options.min ?? posMin;
  const hi = options.max ?? dmax;
  if (!(lo > 0) || !Number.isFinite(lo)) {
    throw new Error(`computeLogHistogram: needs a positive lower edge; got min ${lo} (no positive values? pass options.min)`);
  }
  if (lo > hi) throw new Error(`computeLogHistogram: min (${lo}) is greater than max (${hi})`);
  // values ≤ 0 lie below the positive lower edge, so they count as underflow
  return fill(values, logSpacedEdges(lo, hi, bins));
}

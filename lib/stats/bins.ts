/**
 * Bin edges as NumPy builds them: evenly spaced (`np.linspace`), log-spaced (`np.geomspace`),
 * equal-width over a range and Sturges' rule (`np.histogram_bin_edges`).
 * @packageDocumentation
 */

/**
 * `np.linspace(start, stop, num)` with the endpoint: `i·step + start`, the last point exactly `stop`.
 * @param start first value
 * @param stop last value
 * @param num number of points (at least 1)
 */
export function linspace(start: number, stop: number, num: number): number[] {
  if (!Number.isInteger(num) || num < 1) throw new Error(`linspace: num must be a positive integer, got ${num}`);
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  const out: number[] = [];
  for (let i = 0; i < num; i++) out.push(step === 0 ? (i / div) * delta + start : i * step + start);
  if (num > 1) out[num - 1] = stop;
  return out;
}

function checkBins(bins: number, what: string): void {
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`${what}: bins must be a positive integer, got ${bins}`);
}

/**
 * Smallest and largest of `values`, and the index of the first non-finite value (−1 if none).
 * @param values numbers, at least one
 */
export function extent(values: ArrayLike<number>): { min: number; max: number; nonFinite: number } {
  if (values.length === 0) throw new Error("extent: the sample is empty; pass at least one number");
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (nonFinite < 0 && !Number.isFinite(v)) nonFinite = i;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, nonFinite };
}

/**
 * `bins + 1` equal-width edges from `lo` to `hi`, as `np.histogram_bin_edges(x, bins, range=(lo, hi))`:
 * `np.linspace(lo, hi, bins + 1)`; a zero-width range is widened to `[lo − 0.5, hi + 0.5]`, as NumPy does.
 * @param lo lower edge
 * @param hi upper edge (≥ lo)
 * @param bins number of bins (positive integer)
 * @example equalWidthEdges(0, 10, 5) // [0, 2, 4, 6, 8, 10]
 */
export function equalWidthEdges(lo: number, hi: number, bins: number): number[] {
  checkBins(bins, "equalWidthEdges");
  if (!(lo <= hi)) throw new Error(`equalWidthEdges: lower edge (${lo}) is greater than the upper edge (${hi})`);
  if (lo === hi) return linspace(lo - 0.5, hi + 0.5, bins + 1);
  return linspace(lo, hi, bins + 1);
}

/**
 * `bins + 1` edges equally spaced in log10 space from `lo` to `hi` (like `np.geomspace`, both
 * ends exact): `10^(log10(lo) + i·(log10(hi) − log10(lo))/bins)`. A zero-width range is widened
 * to `[lo/√2, hi·√2]`.
 * @param lo lower edge (> 0)
 * @param hi upper edge (≥ lo)
 * @param bins number of bins (positive integer)
 * @example logSpacedEdges(1, 1000, 3) // [1, 10, 100, 1000]
 */
export function logSpacedEdges(lo: number, hi: number, bins: number): number[] {
  checkBins(bins, "logSpacedEdges");
  if (!(lo > 0) || !Number.isFinite(lo)) throw new Error(`logSpacedEdges: needs a positive finite lower edge, got ${lo}`);
  if (lo > hi) throw new Error(`logSpacedEdges: lower edge (${lo}) is greater than the upper edge (${hi})`);
  if (lo === hi) {
    lo /= Math.SQRT2;
    hi *= Math.SQRT2;
  }
  const a = Math.log10(lo);
  const step = (Math.log10(hi) - a) / bins;
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) edges.push(i === 0 ? lo : i === bins ? hi : 10 ** (a + i * step));
  return edges;
}

/**
 * Equal-width bin edges by Sturges' rule over the sample, as
 * `np.histogram_bin_edges(x, bins="sturges")`: width = range / (log2(n) + 1), ceil(range / width)
 * bins, edges by `np.linspace` (a constant sample gets one bin [x − 0.5, x + 0.5]).
 * @param values the sample, finite numbers, at least one
 */
export function sturgesBinEdges(values: ArrayLike<number>): number[] {
  const n = values.length;
  if (n === 0) throw new Error("sturgesBinEdges: the sample is empty; pass at least one number");
  const { min, max, nonFinite } = extent(values);
  if (nonFinite >= 0) throw new Error(`sturgesBinEdges: non-finite value ${values[nonFinite]} at index ${nonFinite}`);
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

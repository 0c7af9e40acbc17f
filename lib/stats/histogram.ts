/**
 * Counting values into bins with NumPy's convention (`np.histogram`): bin i holds
 * `edges[i] ≤ x < edges[i+1]`, the last bin also holds `x == edges[last]`.
 * @packageDocumentation
 */
import { bisectRight } from "./bisect";

/**
 * Index of the bin of `x` for ascending `edges` (NumPy's rule, by binary search): −1 below
 * `edges[0]`, `edges.length − 1` above the last edge, and the last bin for `x` equal to the last edge.
 * @param edges ascending edges (k + 1 for k bins)
 * @param x the value (NaN counts as above: compare nothing)
 * @example binIndex([0, 1, 2], 1) // 1; binIndex([0, 1, 2], 2) // 1 (last bin is closed)
 */
export function binIndex(edges: readonly number[], x: number): number {
  const last = edges.length - 1;
  if (x < edges[0]!) return -1;
  if (x === edges[last]!) return last - 1;
  if (!(x < edges[last]!)) return last;
  return bisectRight(edges, x) - 1;
}

/** Result of {@link histogram}: per-bin counts and what fell outside the edges. */
export interface HistogramCounts {
  /** Count per bin (`edges.length − 1` of them). */
  counts: number[];
  /** Values below `edges[0]`. */
  underflow: number;
  /** Values above the last edge. */
  overflow: number;
}

/**
 * Checks that `edges` are at least two and strictly ascending, with an error saying which pair is not.
 * @param edges the edges to check
 * @param what the caller's name for error messages
 */
export function checkEdges(edges: readonly number[], what: string): void {
  if (edges.length < 2) throw new Error(`${what}: edges needs at least two values, got ${edges.length}`);
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i]! > edges[i - 1]!)) {
      throw new Error(`${what}: edges must be strictly ascending; edges[${i}] = ${edges[i]} ≤ edges[${i - 1}] = ${edges[i - 1]}`);
    }
  }
}

/**
 * Counts `values` into the bins of `edges` with NumPy's rule (as `np.histogram(values, edges)`),
 * plus the values below and above the edges, which NumPy drops silently. NaN is an error.
 * @param values the sample
 * @param edges strictly ascending edges (at least two)
 * @example histogram([0, 1, 1.5, 2, 3], [0, 1, 2]) // { counts: [1, 3], underflow: 0, overflow: 1 }
 */
export function histogram(values: ArrayLike<number>, edges: readonly number[]): HistogramCounts {
  checkEdges(edges, "histogram");
  const counts = new Array<number>(edges.length - 1).fill(0);
  let underflow = 0;
  let overflow = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) throw new Error(`histogram: value at index ${i} is NaN; remove or fill missing values first`);
    const b = binIndex(edges, v);
    if (b < 0) underflow++;
    else if (b >= counts.length) overflow++;
    else counts[b]!++;
  }
  return { counts, underflow, overflow };
}

import { kolmogorovTwoSidedSurvival } from "./kolmogorov";
import { ecdfSorted } from "../stats/ecdf";
import { roundHalfEven } from "../stats/quantile";
import { sortedFloat64 as sortedSample } from "../stats/sorted";

/** Options of {@link ksTwoSample}. */
export interface KsTwoSampleOptions {
  /**
   * How the p-value is computed, as in `scipy.stats.ks_2samp`. Default `"auto"`: exact when
   * max(n1, n2) <= 10,000, asymptotic otherwise (and asymptotic if the exact computation fails).
   */
  method?: "auto" | "exact" | "asymp";
}

/** Result of {@link ksTwoSample}. */
export interface KsTwoSampleResult {
  /** D = sup |F1(x) − F2(x)|; under the exact method rounded to the lattice h / lcm(n1, n2), as SciPy returns it. */
  statistic: number;
  /** Two-sided p-value. */
  pValue: number;
  /** The method actually used. */
  method: "exact" | "asymp";
  /** Sample sizes. */
  n1: number;
  n2: number;
}

const MAX_AUTO_N = 10000;
const INT32_MAX = 2147483647;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** P(D_{n,n} >= h/n), Gnedenko–Korolyuk alternating sum in Horner form (SciPy `_compute_prob_outside_square`). */
function probOutsideSquare(n: number, h: number): number {
  let P = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    P = p1 * (1 - P);
    k -= 1;
  }
  return 2 * P;
}

/**
 * Proportion of lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm(m,n)
 * (Hodges 1958, "inside method", with Viehmann's (2021, arXiv:2102.08037) recursion for 1 − p;
 * SciPy `_compute_outer_prob_inside_method`).
 */
function probOutsideBand(m: number, n: number, g: number, h: number): number {
  if (m < n) [m, n] = [n, m];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  for (let j = minj; j < Math.min(maxj, lenA); j++) A[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.max(Math.floor((ng * i - h) / mg) + 1, 0);
    minj = Math.min(minj, n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) {
      const end = Math.min(maxj - minj + (lastlen - curlen), lenA);
      for (let t = maxj - minj; t < end; t++) A[t] = 1;
    }
  }
  return A[maxj - minj - 1]!;
}

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, computed as `scipy.stats.ks_2samp(a, b)`
 * (SciPy 1.10, method "auto"): the statistic from the two empirical CDFs evaluated at every
 * observation (ties handled by counting values `<= x`), the exact p-value by lattice-path counting
 * when max(n1, n2) <= 10,000, otherwise the asymptotic p-value `kstwo.sf(D, round(n1 n2/(n1+n2)))`.
 * @param a reference sample (no NaN)
 * @param b current sample (no NaN)
 * @param options see {@link KsTwoSampleOptions}
 */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>, options: KsTwoSampleOptions = {}): KsTwoSampleResult {
  const method = options.method ?? "auto";
  const x = sortedSample(a, "reference sample");
  const y = sortedSample(b, "current sample");
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new Error("ksTwoSample: both samples must be non-empty");
  // max and min of F1 - F2 over all observations (merge of two sorted arrays)
  let maxS = -Infinity;
  let minS = Infinity;
  const visit = (v: number): void => {
    const diff = ecdfSorted(x, v) - ecdfSorted(y, v);
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  };
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && x[i]! <= y[j]!) ? x[i]! : y[j]!;
    visit(v);
    while (i < n1 && x[i] === v) i++;
    while (j < n2 && y[j] === v) j++;
  }
  const minAbs = Math.min(Math.max(-minS, 0), 1);
  let d = minAbs > maxS ? minAbs : maxS;
  const g = gcd(n1, n2);
  const n1g = n1 / g;
  const n2g = n2 / g;
  let mode: "exact" | "asymp";
  if (method === "auto") mode = Math.max(n1, n2) <= MAX_AUTO_N ? "exact" : "asymp";
  else if (method === "exact") mode = n1g >= INT32_MAX / n2g ? "asymp" : "exact";
  else mode = "asymp";
  let prob = NaN;
  if (mode === "exact") {
    const lcm = n1g * n2;
    const h = roundHalfEven(d * lcm);
    d = h / lcm;
    if (h === 0) prob = 1;
    else prob = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
    if (!(prob >= 0 && prob <= 1) || !Number.isFinite(prob)) mode = "asymp";
  }
  if (mode === "asymp") {
    const m = Math.max(n1, n2);
    const n = Math.min(n1, n2);
    const en = (m * n) / (m + n);
    prob = kolmogorovTwoSidedSurvival(roundHalfEven(en), d);
  }
  prob = Math.min(Math.max(prob, 0), 1);
  return { statistic: d, pValue: prob, method: mode, n1, n2 };
}

import { normalCdf, normalPdf, normalQuantile } from "../stats/normal";

/**
 * An alpha-spending function: the cumulative type-I error spent on ONE side by information fraction
 * t ∈ (0, 1], for a one-sided level `alpha` (a two-sided test at level α spends α/2 on each side,
 * the convention of Lan & DeMets and of the R packages ldbounds and gsDesign).
 */
export type AlphaSpending = (t: number, alpha: number) => number;

/** Lan–DeMets spending function of O'Brien–Fleming type, one side at level a: a(t) = 2 − 2Φ(z_{1−a/2}/√t). */
export const obrienFlemingSpending: AlphaSpending = (t, alpha) => (t <= 0 ? 0 : 2 - 2 * normalCdf(normalQuantile(1 - alpha / 2) / Math.sqrt(Math.min(t, 1))));

/** Lan–DeMets spending function of Pocock type: α(t) = α·ln(1 + (e − 1)·t). */
export const pocockSpending: AlphaSpending = (t, alpha) => (t <= 0 ? 0 : alpha * Math.log(1 + (Math.E - 1) * Math.min(t, 1)));

/** Options of {@link groupSequentialBoundaries}; every field has a default. */
export interface GroupSequentialOptions {
  /** Two-sided overall significance level. Default `0.05`. */
  alpha?: number;
  /** Spending function. Default {@link obrienFlemingSpending}. */
  spending?: AlphaSpending;
  /** Grid points per unit of the score scale in the numerical integration. Default `60`. */
  gridPerUnit?: number;
}

/** Boundaries of a group-sequential test, one per look. */
export interface GroupSequentialBoundaries {
  /** Information fractions of the looks (the last is 1). */
  information: number[];
  /** Two-sided critical |z| at each look: stop and reject H0 when |z_k| ≥ z[k]. */
  z: number[];
  /** Cumulative two-sided type-I error spent by each look (the last is α). */
  cumulativeAlpha: number[];
}

function simpsonWeights(n: number, h: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = (i === 0 || i === n - 1 ? 1 : i % 2 === 1 ? 4 : 2) * h / 3;
  return w;
}

/**
 * Critical values of a two-sided group-sequential z-test with an alpha-spending function
 * (Lan & DeMets 1983), by the recursive numerical integration of Armitage, McPherson & Rowe (1969)
 * over the score process S_k = Z_k·√t_k (Jennison & Turnbull 2000, ch. 19). With five equally
 * spaced looks and O'Brien–Fleming-type spending at α = 0.05 it gives 4.877, 3.357, 2.680, 2.290, 2.031
 * (the published ldbounds values); with Pocock-type spending 2.438, 2.427, 2.410, 2.397, 2.386.
 * @param information increasing information fractions in (0, 1], the last one 1 (e.g. `[0.2, 0.4, 0.6, 0.8, 1]`)
 * @throws when the fractions are not increasing in (0, 1] or do not end at 1
 */
export function groupSequentialBoundaries(information: readonly number[], options: GroupSequentialOptions = {}): GroupSequentialBoundaries {
  const alpha = options.alpha ?? 0.05;
  const spend = options.spending ?? obrienFlemingSpending;
  const perUnit = options.gridPerUnit ?? 60;
  if (!information.length || information.some((t, i) => !(t > 0 && t <= 1) || (i > 0 && t <= information[i - 1]!)) || information[information.length - 1] !== 1) {
    throw new Error(`groupSequentialBoundaries: information fractions must increase within (0, 1] and end at 1, got [${information.join(", ")}]`);
  }
  const z: number[] = [];
  const cumulativeAlpha: number[] = [];
  let grid: Float64Array = new Float64Array(0); // score values s
  let dens: Float64Array = new Float64Array(0); // sub-density of S_k on the continuation region
  let weights: Float64Array = new Float64Array(0);
  let spent = 0;
  for (let k = 0; k < information.length; k++) {
    const t = information[k]!;
    const target = Math.max(2 * spend(t, alpha / 2) - spent, 0);
    let b: number;
    if (k === 0) {
      b = target > 0 ? normalQuantile(1 - target / 2) : Infinity;
    } else {
      const sd = Math.sqrt(t - information[k - 1]!);
      const crossing = (c: number): number => {
        let p = 0;
        for (let i = 0; i < grid.length; i++) p += weights[i]! * dens[i]! * (normalCdf((-c - grid[i]!) / sd) + normalCdf((grid[i]! - c) / sd));
        return p;
      };
      if (target <= 0) b = Infinity;
      else {
        let lo = 0;
        let hi = 12 * Math.sqrt(t);
        for (let it = 0; it < 60; it++) {
          const mid = (lo + hi) / 2;
          if (crossing(mid) > target) lo = mid;
          else hi = mid;
        }
        b = (lo + hi) / 2 / Math.sqrt(t);
      }
    }
    z.push(b);
    spent += target;
    cumulativeAlpha.push(spent);
    if (k === information.length - 1) break;
    // density of S_k on |s| < b·√t_k for the next look
    const c = Math.min(b, 8) * Math.sqrt(t);
    let n = Math.max(3, Math.ceil(2 * c * perUnit));
    if (n % 2 === 0) n++;
    const h = (2 * c) / (n - 1);
    const next = new Float64Array(n);
    const nextDens = new Float64Array(n);
    for (let i = 0; i < n; i++) next[i] = -c + i * h;
    if (k === 0) {
      for (let i = 0; i < n; i++) nextDens[i] = normalPdf(next[i]! / Math.sqrt(t)) / Math.sqrt(t);
    } else {
      const sd = Math.sqrt(t - information[k - 1]!);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < grid.length; j++) s += weights[j]! * dens[j]! * normalPdf((next[i]! - grid[j]!) / sd);
        nextDens[i] = s / sd;
      }
    }
    grid = next;
    dens = nextDens;
    weights = simpsonWeights(n, h);
  }
  return { information: information.slice(), z, cumulativeAlpha };
}

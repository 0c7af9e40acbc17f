import { regularizedGammaP, regularizedGammaQ } from "./gamma";

/**
 * Standard normal CDF Φ(x), through the regularized incomplete gamma function the drift tests
 * already use (erf(x) = P(1/2, x²)); accurate in the tails (Φ(−8) ≈ 6.2e-16 is not rounded to 0).
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === 0) return 0.5;
  const h = x * x / 2;
  return x < 0 ? 0.5 * regularizedGammaQ(0.5, h) : 0.5 + 0.5 * regularizedGammaP(0.5, h);
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
}

/**
 * Standard normal quantile Φ⁻¹(p) (e.g. 1.959964 for p = 0.975), by bisection then Newton steps on
 * {@link normalCdf}, so it agrees with the CDF to ~1e-12.
 * @throws when p is not strictly between 0 and 1
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be strictly between 0 and 1, got ${p}`);
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
  let x = (lo + hi) / 2;
  for (let i = 0; i < 3; i++) {
    const d = normalPdf(x);
    if (d < 1e-300) break;
    x -= (normalCdf(x) - p) / d;
  }
  return x;
}

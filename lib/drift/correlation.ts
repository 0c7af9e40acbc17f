import { averageRanks } from "../stats/ranks";

/**
 * Pearson correlation of two equally long samples (NaN when either is constant).
 * @param x first sample
 * @param y second sample
 */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length) throw new Error(`pearsonCorrelation: samples differ in length (${n} vs ${y.length})`);
  if (n < 2) throw new Error("pearsonCorrelation: need at least 2 pairs");
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/**
 * Spearman rank correlation: Pearson correlation of the average ranks (ties handled as
 * `scipy.stats.spearmanr`). Robust to outliers and to monotone rescaling, which suits drift
 * scores whose scales differ.
 * @param x first sample
 * @param y second sample
 */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`spearmanCorrelation: samples differ in length (${x.length} vs ${y.length})`);
  return pearsonCorrelation(averageRanks(x), averageRanks(y));
}

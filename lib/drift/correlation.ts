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

/** Ranks 1…n, ties getting the mean of their ranks (as `scipy.stats.rankdata`). */
export function averageRanks(values: ArrayLike<number>): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && values[idx[j + 1]!] === values[idx[i]!]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]!] = r;
    i = j + 1;
  }
  return ranks;
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

/**
 * Ranks 1…n, ties getting the mean of their ranks (as `scipy.stats.rankdata(x, method="average")`).
 * @param values numbers (NaN makes the order undefined: remove it first)
 * @example averageRanks([10, 20, 20, 30]) // [1, 2.5, 2.5, 4]
 */
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

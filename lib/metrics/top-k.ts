import type { ClassLabel } from "./class-label";
import { checkSameLength } from "./internal";

/** Options of {@link topKAccuracy}. */
export interface TopKOptions<L extends ClassLabel> {
  /** Label of each score column; when given, `yTrue` holds labels. Default: `yTrue` holds column indices. */
  labels?: readonly L[];
}

/**
 * Top-k accuracy: the fraction of items whose true class is among the `k` highest scores.
 * Ties are broken by column index, lower first, so a tie never counts twice: the true class is
 * a hit when (classes scoring strictly higher) + (classes scoring the same with a lower index) < k.
 * (A rule that counts any tied class as a hit inflates accuracy; that is the gzip-kNN paper's bug.)
 * @param yTrue true classes: column indices, or labels when `options.labels` is given
 * @param scores one row of class scores (probabilities, logits) per item
 * @param k how many top classes count (1 = ordinary accuracy); default 1
 * @param options `labels` naming the columns
 */
export function topKAccuracy<L extends ClassLabel>(
  yTrue: readonly (L | number)[],
  scores: readonly (readonly number[])[],
  k = 1,
  options: TopKOptions<L> = {},
): number {
  checkSameLength(yTrue, scores, "topKAccuracy", ["yTrue", "scores"]);
  if (yTrue.length === 0) throw new Error("topKAccuracy: no items");
  if (!Number.isInteger(k) || k < 1) throw new Error(`topKAccuracy: k must be a positive integer, got ${k}`);
  const index = options.labels ? new Map<unknown, number>(options.labels.map((l, i) => [l, i])) : null;
  let hits = 0;
  for (let r = 0; r < yTrue.length; r++) {
    const row = scores[r]!;
    const t = index ? index.get(yTrue[r]) : yTrue[r];
    if (typeof t !== "number" || !Number.isInteger(t) || t < 0 || t >= row.length) {
      throw new Error(
        `topKAccuracy: item ${r}: true class ${String(yTrue[r])} is not a column of its ${row.length} scores` +
          (index ? " (not in options.labels)" : " (pass options.labels if yTrue holds labels)"),
      );
    }
    const s = row[t]!;
    let ahead = 0;
    for (let j = 0; j < row.length; j++) if (row[j]! > s || (row[j] === s && j < t)) ahead++;
    if (ahead < k) hits++;
  }
  return hits / yTrue.length;
}

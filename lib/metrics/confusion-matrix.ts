import { sortClassLabels, type ClassLabel } from "./class-label";
import { checkSameLength } from "./internal";

/**
 * A confusion matrix in scikit-learn's orientation: `matrix[i][j]` counts the items whose true
 * label is `labels[i]` and whose predicted label is `labels[j]` (rows true, columns predicted).
 */
export interface ConfusionMatrix<L extends ClassLabel = ClassLabel> {
  /** The labels, in row/column order. */
  labels: L[];
  /** Counts, `labels.length` × `labels.length`. */
  matrix: number[][];
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions<L extends ClassLabel> {
  /** Labels and their order; default the sorted union of the true and predicted labels (numbers numerically, then strings). Items whose labels are not listed are left out. */
  labels?: readonly L[];
}

/**
 * Counts a confusion matrix (rows: true label, columns: predicted label), like
 * `sklearn.metrics.confusion_matrix`.
 * @param yTrue true labels
 * @param yPred predicted labels, aligned with `yTrue`
 * @param options `labels` (default: sorted union of both)
 * @example confusionMatrix(["a","b","a"], ["a","a","a"]) // { labels: ["a","b"], matrix: [[2,0],[1,0]] }
 */
export function confusionMatrix<L extends ClassLabel>(
  yTrue: readonly L[],
  yPred: readonly L[],
  options: ConfusionMatrixOptions<L> = {},
): ConfusionMatrix<L> {
  checkSameLength(yTrue, yPred, "confusionMatrix");
  const labels = options.labels ? [...options.labels] : sortClassLabels([...yTrue, ...yPred]);
  const index = new Map<L, number>(labels.map((l, i) => [l, i]));
  if (index.size !== labels.length) throw new Error("confusionMatrix: options.labels contains duplicates");
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let k = 0; k < yTrue.length; k++) {
    const i = index.get(yTrue[k]!);
    const j = index.get(yPred[k]!);
    if (i !== undefined && j !== undefined) matrix[i]![j]!++;
  }
  return { labels, matrix };
}

/**
 * Accuracy: the fraction of items whose prediction equals the true label.
 * @param yTrue true labels (at least one)
 * @param yPred predicted labels, aligned with `yTrue`
 */
export function accuracy<L extends ClassLabel>(yTrue: readonly L[], yPred: readonly L[]): number {
  checkSameLength(yTrue, yPred, "accuracy");
  if (yTrue.length === 0) throw new Error("accuracy: no items; pass at least one label");
  let hit = 0;
  for (let k = 0; k < yTrue.length; k++) if (yTrue[k] === yPred[k]) hit++;
  return hit / yTrue.length;
}

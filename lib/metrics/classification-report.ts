import type { ClassLabel } from "./class-label";
import { confusionMatrix, type ConfusionMatrix, type ConfusionMatrixOptions } from "./confusion-matrix";

/** Precision, recall, F1 and support of one class (or an average). */
export interface ClassScores {
  /** TP / (TP + FP): of the items predicted as this class, the fraction that are. */
  precision: number;
  /** TP / (TP + FN): of the items of this class, the fraction found. */
  recall: number;
  /** Harmonic mean of precision and recall, 2TP / (2TP + FP + FN). */
  f1: number;
  /** Number of items whose true label is this class (for averages: the total). */
  support: number;
}

/** Per-class scores and their averages, like scikit-learn's `classification_report`. */
export interface ClassificationReport<L extends ClassLabel = ClassLabel> {
  /** Labels in the order of `perClass`. */
  labels: L[];
  /** Scores per class, aligned with `labels`. */
  perClass: ClassScores[];
  /** Unweighted mean over classes of precision, recall and F1 (F1 is the mean of per-class F1s, as scikit-learn computes it). */
  macro: ClassScores;
  /** Scores from the summed TP, FP and FN of all classes (equals accuracy for single-label multiclass data over all labels). */
  micro: ClassScores;
  /** Mean over classes weighted by support. */
  weighted: ClassScores;
  /** Fraction of all items on the diagonal. */
  accuracy: number;
  /** The confusion matrix the scores came from. */
  confusion: ConfusionMatrix<L>;
}

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions<L extends ClassLabel> extends ConfusionMatrixOptions<L> {
  /** Value of a ratio whose denominator is 0 (a class never predicted, or absent); default 0, like scikit-learn's `zero_division=0`. */
  zeroDivision?: number;
}

function div(a: number, b: number, z: number): number {
  return b === 0 ? z : a / b;
}

/**
 * Per-class precision, recall, F1 and support, with macro, micro and weighted averages,
 * computed from a confusion matrix (rows true, columns predicted).
 * @param cm a confusion matrix, e.g. from {@link confusionMatrix} or written by hand
 * @param options `zeroDivision` (default 0)
 */
export function classificationReportFromMatrix<L extends ClassLabel>(
  cm: ConfusionMatrix<L>,
  options: { zeroDivision?: number } = {},
): ClassificationReport<L> {
  const z = options.zeroDivision ?? 0;
  const m = cm.matrix;
  const n = cm.labels.length;
  if (m.length !== n || m.some((row) => row.length !== n)) {
    throw new Error(`classificationReportFromMatrix: matrix must be ${n}×${n} to match ${n} labels`);
  }
  const perClass: ClassScores[] = [];
  let tpSum = 0;
  let fpSum = 0;
  let fnSum = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const tp = m[i]![i]!;
    let row = 0;
    let col = 0;
    for (let j = 0; j < n; j++) {
      row += m[i]![j]!;
      col += m[j]![i]!;
    }
    const fp = col - tp;
    const fn = row - tp;
    tpSum += tp;
    fpSum += fp;
    fnSum += fn;
    total += row;
    perClass.push({ precision: div(tp, tp + fp, z), recall: div(tp, tp + fn, z), f1: div(2 * tp, 2 * tp + fp + fn, z), support: row });
  }
  const avg = (weights: number[] | null): ClassScores => {
    const wsum = weights ? weights.reduce((a, b) => a + b, 0) : n;
    const w = (i: number): number => (weights ? weights[i]! : 1);
    const mean = (f: (s: ClassScores) => number): number =>
      wsum === 0 ? z : perClass.reduce((a, s, i) => a + w(i) * f(s), 0) / wsum;
    return { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1), support: total };
  };
  const micro: ClassScores = {
    precision: div(tpSum, tpSum + fpSum, z),
    recall: div(tpSum, tpSum + fnSum, z),
    f1: div(2 * tpSum, 2 * tpSum + fpSum + fnSum, z),
    support: total,
  };
  return {
    labels: [...cm.labels],
    perClass,
    macro: avg(null),
    micro,
    weighted: avg(perClass.map((s) => s.support)),
    accuracy: div(tpSum, total, z),
    confusion: cm,
  };
}

/**
 * Per-class precision/recall/F1 with macro, micro and weighted averages from labels, like
 * `sklearn.metrics.classification_report` (and `precision_recall_fscore_support`).
 * @param yTrue true labels
 * @param yPred predicted labels, aligned with `yTrue`
 * @param options `labels` (sorted union), `zeroDivision` (0)
 */
export function classificationReport<L extends ClassLabel>(
  yTrue: readonly L[],
  yPred: readonly L[],
  options: ClassificationReportOptions<L> = {},
): ClassificationReport<L> {
  return classificationReportFromMatrix(confusionMatrix(yTrue, yPred, options), options);
}

/**
 * F1 score averaged as asked: "macro" (mean of per-class F1, default), "micro" or "weighted".
 * @param yTrue true labels
 * @param yPred predicted labels
 * @param options `average` ("macro"), `labels`, `zeroDivision` (0)
 */
export function f1Score<L extends ClassLabel>(
  yTrue: readonly L[],
  yPred: readonly L[],
  options: ClassificationReportOptions<L> & { average?: "macro" | "micro" | "weighted" } = {},
): number {
  const r = classificationReport(yTrue, yPred, options);
  return r[options.average ?? "macro"].f1;
}

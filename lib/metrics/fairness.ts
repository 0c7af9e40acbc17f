import { sortClassLabels, type ClassLabel } from "./class-label";
import { checkSameLength, isPositiveLabel } from "./internal";

/**
 * Binary confusion counts and the rates fairness metrics compare. A rate whose denominator is 0
 * takes the `zeroDivision` value (default 0).
 */
export interface BinaryRates {
  /** Items. */
  count: number;
  /** True positives. */
  tp: number;
  /** False positives. */
  fp: number;
  /** True negatives. */
  tn: number;
  /** False negatives. */
  fn: number;
  /** Fraction predicted positive, (TP + FP) / n: what demographic parity compares. */
  selectionRate: number;
  /** Fraction actually positive, (TP + FN) / n. */
  baseRate: number;
  /** True-positive rate (recall), TP / (TP + FN): what equal opportunity compares. */
  tpr: number;
  /** False-positive rate, FP / (FP + TN). */
  fpr: number;
  /** False-negative rate, FN / (TP + FN) = 1 − TPR. */
  fnr: number;
  /** True-negative rate, TN / (FP + TN). */
  tnr: number;
  /** Precision (positive predictive value), TP / (TP + FP). */
  precision: number;
  /** (TP + TN) / n. */
  accuracy: number;
}

/** Rates of one group. */
export interface GroupRates<G extends ClassLabel = ClassLabel> extends BinaryRates {
  /** The group (value of the sensitive feature). */
  group: G;
}

/** Options shared by the fairness functions. */
export interface FairnessOptions {
  /** Label value meaning "positive" in yTrue and yPred; default 1 (boolean `true` also counts as 1). */
  posLabel?: ClassLabel;
  /** Value of a rate whose denominator is 0; default 0. */
  zeroDivision?: number;
}

/** Per-group rates and the disparity metrics fairlearn reports (all "between groups": max − min, min / max). */
export interface FairnessReport<G extends ClassLabel = ClassLabel> {
  /** Rates over all items. */
  overall: BinaryRates;
  /** Rates per group, groups sorted (numbers ascending, then text). */
  groups: GroupRates<G>[];
  /** max − min selection rate over groups (fairlearn `demographic_parity_difference`). */
  demographicParityDifference: number;
  /** min / max selection rate (fairlearn `demographic_parity_ratio`); 1 when every group's rate is 0. */
  demographicParityRatio: number;
  /** max − min true-positive rate (fairlearn `equal_opportunity_difference`). */
  equalOpportunityDifference: number;
  /** max(TPR difference, FPR difference) (fairlearn `equalized_odds_difference`, default "worst_case"). */
  equalizedOddsDifference: number;
  /** min(TPR ratio, FPR ratio) (fairlearn `equalized_odds_ratio`). */
  equalizedOddsRatio: number;
}

/**
 * Binary confusion counts and rates from counts.
 * @param counts tp, fp, tn, fn
 * @param zeroDivision value of a 0/0 rate; default 0
 */
export function binaryRatesFromCounts(counts: { tp: number; fp: number; tn: number; fn: number }, zeroDivision = 0): BinaryRates {
  const { tp, fp, tn, fn } = counts;
  const d = (a: number, b: number): number => (b === 0 ? zeroDivision : a / b);
  const n = tp + fp + tn + fn;
  return {
    count: n,
    tp,
    fp,
    tn,
    fn,
    selectionRate: d(tp + fp, n),
    baseRate: d(tp + fn, n),
    tpr: d(tp, tp + fn),
    fpr: d(fp, fp + tn),
    fnr: d(fn, tp + fn),
    tnr: d(tn, fp + tn),
    precision: d(tp, tp + fp),
    accuracy: d(tp + tn, n),
  };
}

/**
 * Binary confusion counts and rates over all items.
 * @param yTrue true labels (positive = `posLabel`, default 1/true; anything else negative)
 * @param yPred predicted labels
 * @param options posLabel (1), zeroDivision (0)
 */
export function binaryRates(yTrue: readonly ClassLabel[], yPred: readonly ClassLabel[], options: FairnessOptions = {}): BinaryRates {
  checkSameLength(yTrue, yPred, "binaryRates");
  const pos = options.posLabel ?? 1;
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < yTrue.length; i++) {
    const t = isPositiveLabel(yTrue[i]!, pos);
    const p = isPositiveLabel(yPred[i]!, pos);
    if (t && p) c.tp++;
    else if (!t && p) c.fp++;
    else if (!t && !p) c.tn++;
    else c.fn++;
  }
  return binaryRatesFromCounts(c, options.zeroDivision ?? 0);
}

function spread(xs: number[]): { diff: number; ratio: number } {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return { diff: hi - lo, ratio: hi === 0 ? 1 : lo / hi };
}

/**
 * Assembles a {@link FairnessReport} from per-group rates (e.g. counts written by hand).
 * @param overall rates over all items
 * @param groups rates per group, at least one
 */
export function fairnessFromGroupRates<G extends ClassLabel>(overall: BinaryRates, groups: GroupRates<G>[]): FairnessReport<G> {
  if (groups.length === 0) throw new Error("fairnessFromGroupRates: no groups");
  const sel = spread(groups.map((g) => g.selectionRate));
  const tpr = spread(groups.map((g) => g.tpr));
  const fpr = spread(groups.map((g) => g.fpr));
  return {
    overall,
    groups,
    demographicParityDifference: sel.diff,
    demographicParityRatio: sel.ratio,
    equalOpportunityDifference: tpr.diff,
    equalizedOddsDifference: Math.max(tpr.diff, fpr.diff),
    equalizedOddsRatio: Math.min(tpr.ratio, fpr.ratio),
  };
}

/**
 * Per-group confusion matrices and rates (selection rate, TPR, FPR, FNR, precision, …) and the
 * group-disparity metrics as fairlearn defines them: demographic-parity difference and ratio,
 * equal-opportunity difference, equalized-odds difference (the larger of the TPR and FPR gaps)
 * and ratio.
 * @param yTrue true binary labels
 * @param yPred predicted binary labels
 * @param groups sensitive feature value of each item
 * @param options posLabel (1), zeroDivision (0)
 * @example fairnessByGroup(y, yhat, sex).equalizedOddsDifference
 */
export function fairnessByGroup<G extends ClassLabel>(
  yTrue: readonly ClassLabel[],
  yPred: readonly ClassLabel[],
  groups: readonly G[],
  options: FairnessOptions = {},
): FairnessReport<G> {
  checkSameLength(yTrue, yPred, "fairnessByGroup");
  checkSameLength(yTrue, groups, "fairnessByGroup", ["yTrue", "groups"]);
  if (yTrue.length === 0) throw new Error("fairnessByGroup: no items");
  const idx = new Map<G, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    let l = idx.get(g);
    if (!l) idx.set(g, (l = []));
    l.push(i);
  }
  const rates: GroupRates<G>[] = sortClassLabels(idx.keys()).map((g) => {
    const ii = idx.get(g)!;
    return { group: g, ...binaryRates(ii.map((i) => yTrue[i]!), ii.map((i) => yPred[i]!), options) };
  });
  return fairnessFromGroupRates(binaryRates(yTrue, yPred, options), rates);
}

/**
 * Demographic-parity difference: max − min selection rate over groups (fairlearn's definition).
 * @param yTrue true labels (unused by the metric, kept for fairlearn's signature)
 * @param yPred predicted binary labels
 * @param groups sensitive feature per item
 * @param options posLabel (1)
 */
export function demographicParityDifference(yTrue: readonly ClassLabel[], yPred: readonly ClassLabel[], groups: readonly ClassLabel[], options: FairnessOptions = {}): number {
  return fairnessByGroup(yTrue, yPred, groups, options).demographicParityDifference;
}

/**
 * Demographic-parity ratio: min / max selection rate over groups.
 * @param yTrue true labels
 * @param yPred predicted binary labels
 * @param groups sensitive feature per item
 * @param options posLabel (1)
 */
export function demographicParityRatio(yTrue: readonly ClassLabel[], yPred: readonly ClassLabel[], groups: readonly ClassLabel[], options: FairnessOptions = {}): number {
  return fairnessByGroup(yTrue, yPred, groups, options).demographicParityRatio;
}

/**
 * Equal-opportunity difference: max − min true-positive rate over groups.
 * @param yTrue true binary labels
 * @param yPred predicted binary labels
 * @param groups sensitive feature per item
 * @param options posLabel (1), zeroDivision (0)
 */
export function equalOpportunityDifference(yTrue: readonly ClassLabel[], yPred: readonly ClassLabel[], groups: readonly ClassLabel[], options: FairnessOptions = {}): number {
  return fairnessByGroup(yTrue, yPred, groups, options).equalOpportunityDifference;
}

/**
 * Equalized-odds difference as fairlearn defines it: the larger of the TPR gap and the FPR gap
 * (each max − min over groups).
 * @param yTrue true binary labels
 * @param yPred predicted binary labels
 * @param groups sensitive feature per item
 * @param options posLabel (1), zeroDivision (0)
 */
export function equalizedOddsDifference(yTrue: readonly ClassLabel[], yPred: readonly ClassLabel[], groups: readonly ClassLabel[], options: FairnessOptions = {}): number {
  return fairnessByGroup(yTrue, yPred, groups, options).equalizedOddsDifference;
}

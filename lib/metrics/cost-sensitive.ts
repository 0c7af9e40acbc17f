import type { ClassLabel } from "./class-label";
import { checkSameLength, isPositiveLabel } from "./internal";

/**
 * What each outcome of a binary decision costs (in any unit: dollars, minutes of staff time).
 * A benefit is a negative cost.
 */
export interface BinaryOutcomeCosts {
  /** Cost of a false positive (acting when there was no need). */
  falsePositive: number;
  /** Cost of a false negative (missing a case that needed action). */
  falseNegative: number;
  /** Cost of a true positive (e.g. the action's own cost). Default `0`. */
  truePositive?: number;
  /** Cost of a true negative. Default `0`. */
  trueNegative?: number;
}

/** Outcome counts and cost at one decision threshold. */
export interface CostPoint {
  /** Items with score ≥ threshold are predicted positive. */
  threshold: number;
  /** True positives. */
  tp: number;
  /** False positives. */
  fp: number;
  /** True negatives. */
  tn: number;
  /** False negatives. */
  fn: number;
  /** Sum of the costs of every item's outcome. */
  totalCost: number;
  /** `totalCost` divided by the number of items. */
  costPerItem: number;
  /** tp / (tp + fp); 0 when nothing is predicted positive. */
  precision: number;
  /** tp / (tp + fn); 0 when there is no positive. */
  recall: number;
  /** Share of items predicted positive (the workload the decision creates). */
  flaggedRate: number;
  /** (tp + tn) / items. */
  accuracy: number;
}

/** Options of the cost functions. */
export interface CostOptions {
  /** Label value meaning positive in yTrue. Default `1` (boolean `true` too). */
  posLabel?: ClassLabel;
}

function checkCosts(costs: BinaryOutcomeCosts, fn: string): Required<BinaryOutcomeCosts> {
  const c = { truePositive: 0, trueNegative: 0, ...costs };
  for (const k of ["falsePositive", "falseNegative", "truePositive", "trueNegative"] as const) {
    if (typeof c[k] !== "number" || !Number.isFinite(c[k])) throw new RangeError(`${fn}: costs.${k} must be a finite number, got ${String(c[k])}.`);
  }
  return c;
}

/**
 * The cost of deciding "positive when score ≥ threshold": outcome counts, total and per-item cost,
 * precision, recall and the share of items flagged. The production view of a classifier, where a
 * missed case and a false alarm rarely cost the same.
 * @param yTrue true binary labels
 * @param scores score or probability of the positive class
 * @param threshold decision threshold
 * @param costs falsePositive, falseNegative, truePositive (0), trueNegative (0)
 * @param options posLabel (1)
 * @example costAtThreshold(y, p, 0.5, { falsePositive: 1, falseNegative: 5 }).costPerItem
 */
export function costAtThreshold(yTrue: readonly ClassLabel[], scores: readonly number[], threshold: number, costs: BinaryOutcomeCosts, options: CostOptions = {}): CostPoint {
  checkSameLength(yTrue, scores, "costAtThreshold", ["yTrue", "scores"]);
  if (yTrue.length === 0) throw new RangeError("costAtThreshold: no items.");
  if (typeof threshold !== "number" || Number.isNaN(threshold)) throw new RangeError(`costAtThreshold: threshold must be a number, got ${String(threshold)}.`);
  const c = checkCosts(costs, "costAtThreshold");
  const pos = options.posLabel ?? 1;
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s)) throw new RangeError(`costAtThreshold: scores[${i}] is NaN.`);
    const actual = isPositiveLabel(yTrue[i]!, pos);
    if (s >= threshold) actual ? tp++ : fp++;
    else actual ? fn++ : tn++;
  }
  const n = yTrue.length;
  const totalCost = tp * c.truePositive + fp * c.falsePositive + tn * c.trueNegative + fn * c.falseNegative;
  return {
    threshold, tp, fp, tn, fn, totalCost,
    costPerItem: totalCost / n,
    precision: tp + fp > 0 ? tp / (tp + fp) : 0,
    recall: tp + fn > 0 ? tp / (tp + fn) : 0,
    flaggedRate: (tp + fp) / n,
    accuracy: (tp + tn) / n,
  };
}

/**
 * {@link costAtThreshold} at every threshold of a grid.
 * @param options `thresholds` default 0, 0.01, …, 1 (101 values)
 */
export function costThresholdSweep(yTrue: readonly ClassLabel[], scores: readonly number[], costs: BinaryOutcomeCosts, options: CostOptions & { thresholds?: readonly number[] } = {}): CostPoint[] {
  const thresholds = options.thresholds ?? Array.from({ length: 101 }, (_, i) => i / 100);
  if (thresholds.length === 0) throw new RangeError("costThresholdSweep: give at least one threshold.");
  return thresholds.map((t) => costAtThreshold(yTrue, scores, t, costs, options));
}

/**
 * The threshold of the grid with the lowest total cost (ties: the one closest to 0.5, then the lower).
 * Choose it on validation data, then report its cost on test data: picking it on the test set
 * over-promises, like any tuning on test.
 * @param options `thresholds` default 0, 0.01, …, 1
 */
export function minimumCostThreshold(yTrue: readonly ClassLabel[], scores: readonly number[], costs: BinaryOutcomeCosts, options: CostOptions & { thresholds?: readonly number[] } = {}): CostPoint {
  const sweep = costThresholdSweep(yTrue, scores, costs, options);
  let best = sweep[0]!;
  for (const p of sweep.slice(1)) {
    if (p.totalCost < best.totalCost - 1e-12) best = p;
    else if (Math.abs(p.totalCost - best.totalCost) <= 1e-12) {
      const d = Math.abs(p.threshold - 0.5) - Math.abs(best.threshold - 0.5);
      if (d < 0 || (d === 0 && p.threshold < best.threshold)) best = p;
    }
  }
  return best;
}

/**
 * Precision among the `k` items with the highest scores (ties by original order): what a team that
 * can only review `k` items sees. Counts every one of the top k, so `k` larger than the number of
 * items is an error.
 * @param yTrue true binary labels
 * @param scores score of the positive class
 * @param k how many items are reviewed
 * @param options posLabel (1)
 */
export function precisionAtTopK(yTrue: readonly ClassLabel[], scores: readonly number[], k: number, options: CostOptions = {}): number {
  checkSameLength(yTrue, scores, "precisionAtTopK", ["yTrue", "scores"]);
  if (!(Number.isInteger(k) && k >= 1 && k <= yTrue.length)) throw new RangeError(`precisionAtTopK: k must be an integer in 1..${yTrue.length} (the number of items), got ${k}.`);
  const pos = options.posLabel ?? 1;
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b);
  let hits = 0;
  for (let i = 0; i < k; i++) if (isPositiveLabel(yTrue[order[i]!]!, pos)) hits++;
  return hits / k;
}

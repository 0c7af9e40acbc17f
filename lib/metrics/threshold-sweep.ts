import type { ClassLabel } from "./class-label";
import { checkSameLength } from "./internal";
import { fairnessByGroup, type FairnessOptions, type FairnessReport } from "./fairness";

/** Fairness metrics at one decision threshold. */
export interface ThresholdPoint<G extends ClassLabel = ClassLabel> extends FairnessReport<G> {
  /** Items with score ≥ threshold are predicted positive. */
  threshold: number;
}

/** Options of {@link fairnessThresholdSweep}. */
export interface ThresholdSweepOptions extends Omit<FairnessOptions, "posLabel"> {
  /** Thresholds to try; default 0, 0.05, …, 1 (21 values). */
  thresholds?: readonly number[];
  /** Label value meaning positive in yTrue; default 1 (boolean `true` too). */
  posLabel?: ClassLabel;
}

/**
 * Sweeps a decision threshold over scores and reports, at each threshold, the overall and
 * per-group rates and every disparity metric of {@link fairnessByGroup}: how moving one number
 * trades accuracy against demographic parity and equalized odds.
 * @param yTrue true binary labels
 * @param scores score or probability of the positive class; predicted positive when `score ≥ threshold`
 * @param groups sensitive feature per item
 * @param options thresholds (0…1 by 0.05), posLabel (1), zeroDivision (0)
 */
export function fairnessThresholdSweep<G extends ClassLabel>(
  yTrue: readonly ClassLabel[],
  scores: readonly number[],
  groups: readonly G[],
  options: ThresholdSweepOptions = {},
): ThresholdPoint<G>[] {
  checkSameLength(yTrue, scores, "fairnessThresholdSweep", ["yTrue", "scores"]);
  const thresholds = options.thresholds ?? Array.from({ length: 21 }, (_, i) => Math.round(i * 5) / 100);
  const pos = options.posLabel ?? 1;
  return thresholds.map((threshold) => {
    const yPred = scores.map((s) => (s >= threshold ? pos : `__not_${String(pos)}`));
    return { threshold, ...fairnessByGroup(yTrue, yPred, groups, { ...options, posLabel: pos }) };
  });
}

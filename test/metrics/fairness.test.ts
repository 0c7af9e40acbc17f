import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  calibrationByGroup,
  calibrationCurve,
  demographicParityDifference,
  demographicParityRatio,
  equalizedOddsDifference,
  equalOpportunityDifference,
  fairnessByGroup,
  fairnessThresholdSweep,
} from "../../lib/metrics";

const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/metrics/numpy-reference.json"), "utf8"));

/** Builds aligned arrays from hand-written confusion counts per group. */
function fromCounts(groups: Record<string, { tp: number; fn: number; fp: number; tn: number }>) {
  const yTrue: number[] = [];
  const yPred: number[] = [];
  const g: string[] = [];
  for (const [name, c] of Object.entries(groups)) {
    const push = (t: number, p: number, n: number): void => {
      for (let i = 0; i < n; i++) {
        yTrue.push(t);
        yPred.push(p);
        g.push(name);
      }
    };
    push(1, 1, c.tp);
    push(1, 0, c.fn);
    push(0, 1, c.fp);
    push(0, 0, c.tn);
  }
  return { yTrue, yPred, g };
}

describe("fairness metrics on two hand-made groups", () => {
  // A: TP 4, FN 1, FP 2, TN 3 → selection 6/10, TPR 0.8, FPR 0.4, FNR 0.2, precision 4/6
  // B: TP 3, FN 2, FP 0, TN 5 → selection 3/10, TPR 0.6, FPR 0.0, FNR 0.4, precision 1
  const { yTrue, yPred, g } = fromCounts({ B: { tp: 3, fn: 2, fp: 0, tn: 5 }, A: { tp: 4, fn: 1, fp: 2, tn: 3 } });
  const r = fairnessByGroup(yTrue, yPred, g);

  it("per-group confusion counts and rates", () => {
    expect(r.groups.map((x) => x.group)).toEqual(["A", "B"]);
    const [a, b] = r.groups;
    expect([a!.tp, a!.fn, a!.fp, a!.tn]).toEqual([4, 1, 2, 3]);
    expect([b!.tp, b!.fn, b!.fp, b!.tn]).toEqual([3, 2, 0, 5]);
    expect(a!.selectionRate).toBeCloseTo(0.6, 12);
    expect(a!.tpr).toBeCloseTo(0.8, 12);
    expect(a!.fpr).toBeCloseTo(0.4, 12);
    expect(a!.fnr).toBeCloseTo(0.2, 12);
    expect(a!.precision).toBeCloseTo(4 / 6, 12);
    expect(b!.selectionRate).toBeCloseTo(0.3, 12);
    expect(b!.tpr).toBeCloseTo(0.6, 12);
    expect(b!.fpr).toBe(0);
    expect(b!.fnr).toBeCloseTo(0.4, 12);
    expect(b!.precision).toBe(1);
    expect(r.overall.count).toBe(20);
    expect(r.overall.tpr).toBeCloseTo(7 / 10, 12);
  });

  it("demographic parity, equal opportunity, equalized odds (fairlearn definitions)", () => {
    expect(r.demographicParityDifference).toBeCloseTo(0.3, 12); // 0.6 − 0.3
    expect(r.demographicParityRatio).toBeCloseTo(0.5, 12); // 0.3 / 0.6
    expect(r.equalOpportunityDifference).toBeCloseTo(0.2, 12); // TPR 0.8 − 0.6
    // the FPR gap (0.4) is larger than the TPR gap (0.2): equalized odds takes the max
    expect(r.equalizedOddsDifference).toBeCloseTo(0.4, 12);
    expect(r.equalizedOddsRatio).toBe(0); // min(0.6/0.8, 0/0.4)
    expect(demographicParityDifference(yTrue, yPred, g)).toBeCloseTo(0.3, 12);
    expect(demographicParityRatio(yTrue, yPred, g)).toBeCloseTo(0.5, 12);
    expect(equalOpportunityDifference(yTrue, yPred, g)).toBeCloseTo(0.2, 12);
    expect(equalizedOddsDifference(yTrue, yPred, g)).toBeCloseTo(0.4, 12);
  });

  it("accepts booleans and a custom positive label", () => {
    const rb = fairnessByGroup(yTrue.map((v) => v === 1), yPred.map((v) => v === 1), g);
    expect(rb.equalizedOddsDifference).toBeCloseTo(0.4, 12);
    const rs = fairnessByGroup(yTrue.map((v) => (v ? "yes" : "no")), yPred.map((v) => (v ? "yes" : "no")), g, { posLabel: "yes" });
    expect(rs.demographicParityDifference).toBeCloseTo(0.3, 12);
  });
});

describe("threshold sweep", () => {
  // group X scores and labels, group Y scores and labels
  const scores = [0.9, 0.7, 0.4, 0.2, 0.8, 0.6, 0.3, 0.1];
  const yTrue = [1, 1, 0, 0, 1, 0, 1, 0];
  const groups = ["X", "X", "X", "X", "Y", "Y", "Y", "Y"];
  const sweep = fairnessThresholdSweep(yTrue, scores, groups, { thresholds: [0, 0.5, 0.75, 1.01] });
  it("at each threshold equals fairnessByGroup on thresholded predictions", () => {
    expect(sweep.map((p) => p.threshold)).toEqual([0, 0.5, 0.75, 1.01]);
    // t = 0.5: X predicts [1,1,0,0] (TPR 1, FPR 0, sel 0.5); Y predicts [1,1,0,0] (TPR 0.5, FPR 0.5, sel 0.5)
    const p = sweep[1]!;
    expect(p.demographicParityDifference).toBe(0);
    expect(p.equalOpportunityDifference).toBeCloseTo(0.5, 12);
    expect(p.equalizedOddsDifference).toBeCloseTo(0.5, 12);
    expect(p.overall.accuracy).toBeCloseTo(6 / 8, 12);
    // t = 0.75: X [1,0,0,0] sel 0.25, TPR 0.5; Y [1,0,0,0] sel 0.25, TPR 0.5, FPR 0
    expect(sweep[2]!.equalizedOddsDifference).toBe(0);
    expect(sweep[2]!.groups[0]!.tpr).toBe(0.5);
  });
  it("everyone selected at 0, nobody above 1", () => {
    expect(sweep[0]!.groups.every((x) => x.selectionRate === 1)).toBe(true);
    expect(sweep[3]!.groups.every((x) => x.selectionRate === 0)).toBe(true);
    expect(sweep[3]!.demographicParityRatio).toBe(1);
  });
  it("default thresholds 0…1 by 0.05", () => {
    const d = fairnessThresholdSweep(yTrue, scores, groups);
    expect(d).toHaveLength(21);
    expect(d[10]!.threshold).toBe(0.5);
  });
});

describe("calibration", () => {
  it("by group, hand-computed (2 bins)", () => {
    const probs = [0.1, 0.2, 0.8, 0.9, 0.3, 0.4, 0.6, 0.5];
    const y = [0, 1, 1, 1, 0, 0, 0, 1];
    const g = ["A", "A", "A", "A", "B", "B", "B", "B"];
    const [a, b] = calibrationByGroup(y, probs, g, { bins: 2 });
    expect(a!.group).toBe("A");
    expect(a!.bins[0]).toMatchObject({ count: 2, fractionPositive: 0.5 });
    expect(a!.bins[0]!.meanPredicted).toBeCloseTo(0.15, 12);
    expect(a!.bins[1]!.meanPredicted).toBeCloseTo(0.85, 12);
    expect(a!.ece).toBeCloseTo(0.5 * 0.35 + 0.5 * 0.15, 12);
    expect(a!.mce).toBeCloseTo(0.35, 12);
    // B: bin0 {0.3, 0.4, 0.5} (0.5 falls in [0, 0.5], as scikit-learn bins) → 1 positive; bin1 {0.6} → 0 positives
    expect(b!.bins.map((x) => x.count)).toEqual([3, 1]);
    expect(b!.bins[0]!.fractionPositive).toBeCloseTo(1 / 3, 15);
    expect(b!.bins[1]!.fractionPositive).toBe(0);
    expect(b!.brier).toBeCloseTo((0.09 + 0.16 + 0.36 + 0.25) / 4, 12);
  });
  it("matches scikit-learn's calibration_curve (uniform bins; empty bins dropped there)", () => {
    const c = ref.calibration;
    const curve = calibrationCurve(c.yTrue, c.probs, { bins: c.bins });
    const nonEmpty = curve.bins.filter((b) => b.count > 0);
    expect(nonEmpty.map((b) => b.fractionPositive)).toEqual(c.fractionPositive.map((x: number) => expect.closeTo(x, 12)));
    expect(nonEmpty.map((b) => b.meanPredicted)).toEqual(c.meanPredicted.map((x: number) => expect.closeTo(x, 12)));
  });
  it("puts a probability equal to an edge in the lower bin, as scikit-learn does", () => {
    // Reference values: scikit-learn 1.2.1 calibration_curve(y, p, n_bins) → (prob_true, prob_pred), non-empty bins only.
    const cases: { y: number[]; p: number[]; bins: number; probTrue: number[]; probPred: number[] }[] = [
      { y: [1, 0], p: [0.5, 0.55], bins: 10, probTrue: [1, 0], probPred: [0.5, 0.55] },
      { y: [1, 0, 1, 1, 0, 0], p: [0, 0.1, 0.2, 0.3, 0.6, 1], bins: 10, probTrue: [0.5, 1, 1, 0, 0], probPred: [0.05, 0.2, 0.3, 0.6, 1] },
      // 0.6000000000000001 is numpy's linspace edge 3·0.2 (not 3/5): it stays in the (0.4, 0.6] bin
      { y: [1, 0, 1, 0, 1], p: [0.2, 0.4, 0.4, 0.6000000000000001, 0.8], bins: 5, probTrue: [1, 0.5, 0, 1], probPred: [0.2, 0.4, 0.6000000000000001, 0.8] },
    ];
    for (const c of cases) {
      const nonEmpty = calibrationCurve(c.y, c.p, { bins: c.bins }).bins.filter((b) => b.count > 0);
      expect(nonEmpty.map((b) => b.fractionPositive)).toEqual(c.probTrue);
      expect(nonEmpty.map((b) => b.meanPredicted)).toEqual(c.probPred.map((x) => expect.closeTo(x, 15)));
    }
    // ECE from those bins: 0.5 and 0.55 in separate bins → (|1 − 0.5| + |0 − 0.55|) / 2
    expect(calibrationCurve([1, 0], [0.5, 0.55]).ece).toBeCloseTo(0.525, 15);
    const first = calibrationCurve([0, 1], [0, 0.1]).bins[0]!;
    expect([first.lo, first.hi, first.count]).toEqual([0, 0.1, 2]);
  });
});

import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  accuracy,
  classificationReport,
  classificationReportFromMatrix,
  confusionMatrix,
  f1Score,
  topKAccuracy,
} from "../../lib/metrics";

const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/metrics/numpy-reference.json"), "utf8"));

describe("confusion matrix and accuracy", () => {
  it("counts rows = true, columns = predicted, labels sorted", () => {
    const cm = confusionMatrix(["b", "a", "a", "c", "b"], ["b", "a", "b", "a", "b"]);
    expect(cm.labels).toEqual(["a", "b", "c"]);
    expect(cm.matrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    expect(accuracy(["b", "a", "a", "c", "b"], ["b", "a", "b", "a", "b"])).toBe(0.6);
    expect(confusionMatrix([10, 2, 1], [2, 2, 10]).labels).toEqual([1, 2, 10]); // numeric sort
    expect(() => accuracy([1, 2], [1])).toThrow(/aligned/);
  });
});

describe("classification report on a hand-made confusion matrix", () => {
  // rows true, columns predicted
  //            cat dog fox
  // cat         5   2   1     support 8
  // dog         1   6   0     support 7
  // fox         0   2   3     support 5
  const cm = { labels: ["cat", "dog", "fox"], matrix: [[5, 2, 1], [1, 6, 0], [0, 2, 3]] };
  const r = classificationReportFromMatrix(cm);
  it("per class", () => {
    // cat: TP 5, FP 1, FN 3 → P 5/6, R 5/8, F1 10/14
    // dog: TP 6, FP 4, FN 1 → P 6/10, R 6/7, F1 12/17
    // fox: TP 3, FP 1, FN 2 → P 3/4, R 3/5, F1 6/9
    const expected = [
      [5 / 6, 5 / 8, 10 / 14, 8],
      [6 / 10, 6 / 7, 12 / 17, 7],
      [3 / 4, 3 / 5, 6 / 9, 5],
    ];
    r.perClass.forEach((s, i) => {
      expect(s.precision).toBeCloseTo(expected[i]![0]!, 12);
      expect(s.recall).toBeCloseTo(expected[i]![1]!, 12);
      expect(s.f1).toBeCloseTo(expected[i]![2]!, 12);
      expect(s.support).toBe(expected[i]![3]);
    });
  });
  it("averages", () => {
    expect(r.accuracy).toBeCloseTo(14 / 20, 12);
    expect(r.micro.f1).toBeCloseTo(14 / 20, 12); // single-label: micro = accuracy
    expect(r.micro.precision).toBeCloseTo(0.7, 12);
    expect(r.macro.f1).toBeCloseTo((10 / 14 + 12 / 17 + 6 / 9) / 3, 12);
    expect(r.macro.precision).toBeCloseTo((5 / 6 + 0.6 + 0.75) / 3, 12);
    expect(r.weighted.recall).toBeCloseTo((8 * (5 / 8) + 7 * (6 / 7) + 5 * (3 / 5)) / 20, 12);
  });
  it("a class never predicted gets zeroDivision", () => {
    const z = classificationReport(["a", "b"], ["a", "a"]);
    expect(z.perClass[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(classificationReport(["a", "b"], ["a", "a"], { zeroDivision: 1 }).perClass[1]!.precision).toBe(1);
  });
});

describe("against scikit-learn", () => {
  const c = ref.classification;
  it("confusion matrix, precision/recall/F1 and averages", () => {
    const r = classificationReport<string>(c.yTrue, c.yPred);
    expect(r.labels).toEqual(c.labels);
    expect(r.confusion.matrix).toEqual(c.confusion);
    r.perClass.forEach((s, i) => {
      expect(s.precision).toBeCloseTo(c.precision[i], 12);
      expect(s.recall).toBeCloseTo(c.recall[i], 12);
      expect(s.f1).toBeCloseTo(c.f1[i], 12);
      expect(s.support).toBe(c.support[i]);
    });
    expect(accuracy(c.yTrue, c.yPred)).toBeCloseTo(c.accuracy, 12);
    expect(f1Score(c.yTrue, c.yPred)).toBeCloseTo(c.macroF1, 12);
    expect(f1Score(c.yTrue, c.yPred, { average: "micro" })).toBeCloseTo(c.microF1, 12);
    expect(f1Score(c.yTrue, c.yPred, { average: "weighted" })).toBeCloseTo(c.weightedF1, 12);
  });
  it("top-k accuracy", () => {
    const t = ref.topk;
    expect(topKAccuracy(t.yTrue, t.scores, 1)).toBeCloseTo(t.top1, 12);
    expect(topKAccuracy(t.yTrue, t.scores, 2)).toBeCloseTo(t.top2, 12);
    expect(topKAccuracy(t.yTrue, t.scores, 3)).toBeCloseTo(t.top3, 12);
  });
});

describe("top-k accuracy by hand", () => {
  const scores = [
    [0.5, 0.3, 0.2], // true 1: rank 2
    [0.1, 0.2, 0.7], // true 2: rank 1
    [0.4, 0.4, 0.2], // true 1: tied with class 0, which has the lower index → rank 2
    [0.2, 0.3, 0.5], // true 0: rank 3
  ];
  it("k = 1, 2, 3 and labels", () => {
    expect(topKAccuracy([1, 2, 1, 0], scores, 1)).toBe(0.25);
    expect(topKAccuracy([1, 2, 1, 0], scores, 2)).toBe(0.75);
    expect(topKAccuracy([1, 2, 1, 0], scores, 3)).toBe(1);
    expect(topKAccuracy(["b", "c", "b", "a"], scores, 2, { labels: ["a", "b", "c"] })).toBe(0.75);
    expect(() => topKAccuracy([5], [[0.5, 0.5]], 1)).toThrow(/not a column/);
  });
});

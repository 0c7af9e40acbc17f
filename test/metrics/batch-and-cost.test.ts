import { describe, it, expect } from "vitest";
import { batchSizeSweep, costAtThreshold, costThresholdSweep, minimumCostThreshold, precisionAtTopK } from "../../lib/metrics/index";

describe("batchSizeSweep", () => {
  it("calls every batch size warm-up + measured times and derives per-item and speedup from the summary", async () => {
    const calls = new Map<number, number>();
    const sweep = await batchSizeSweep((b) => { calls.set(b, (calls.get(b) ?? 0) + 1); let s = 0; for (let i = 0; i < 1000 * b; i++) s += i; return s; }, { batchSizes: [1, 4, 16], warmup: 2, iterations: 7, minTimeMs: 0 });
    expect(sweep.map((p) => p.batchSize)).toEqual([1, 4, 16]);
    for (const p of sweep) {
      expect(p.calls).toBe(7);
      expect(calls.get(p.batchSize)).toBe(2 + 7);
      expect(p.perItemP50Ms).toBeCloseTo(p.batchP50Ms / p.batchSize, 12);
      expect(p.batchP99Ms).toBeGreaterThanOrEqual(p.batchP50Ms);
      expect(p.speedup).toBeCloseTo(p.throughputPerSec / sweep[0]!.throughputPerSec, 12);
    }
    expect(sweep[0]!.speedup).toBe(1);
  });

  it("awaits async batches and rejects bad batch sizes", async () => {
    let done = 0;
    await batchSizeSweep(async () => { await new Promise((r) => setTimeout(r, 0)); done++; }, { batchSizes: [2], warmup: 1, iterations: 3, minTimeMs: 0 });
    expect(done).toBe(4);
    await expect(batchSizeSweep(() => 0, { batchSizes: [0] })).rejects.toThrow(/positive integers/);
    await expect(batchSizeSweep(() => 0, { batchSizes: [] })).rejects.toThrow(/at least one/);
  });
});

describe("cost-sensitive metrics", () => {
  // 6 items: positives at scores 0.9, 0.6, 0.2; negatives at 0.8, 0.4, 0.1
  const y = [1, 0, 1, 0, 1, 0];
  const s = [0.9, 0.8, 0.6, 0.4, 0.2, 0.1];
  const costs = { falsePositive: 1, falseNegative: 5 };

  it("counts outcomes and costs at a threshold (hand-computed)", () => {
    const p = costAtThreshold(y, s, 0.5, costs);
    // predicted positive: 0.9 (tp), 0.8 (fp), 0.6 (tp); negative: 0.4 (tn), 0.2 (fn), 0.1 (tn)
    expect([p.tp, p.fp, p.tn, p.fn]).toEqual([2, 1, 2, 1]);
    expect(p.totalCost).toBe(1 + 5);
    expect(p.costPerItem).toBeCloseTo(1, 12);
    expect(p.precision).toBeCloseTo(2 / 3, 12);
    expect(p.recall).toBeCloseTo(2 / 3, 12);
    expect(p.flaggedRate).toBeCloseTo(0.5, 12);
    expect(p.accuracy).toBeCloseTo(4 / 6, 12);
    const withAction = costAtThreshold(y, s, 0.5, { ...costs, truePositive: 0.5, trueNegative: -0.1 });
    expect(withAction.totalCost).toBeCloseTo(6 + 2 * 0.5 - 2 * 0.1, 12);
    expect(costAtThreshold(["a", "b"], [0.7, 0.2], 0.5, costs, { posLabel: "a" }).tp).toBe(1);
  });

  it("finds the cheapest threshold: with costly misses it flags more", () => {
    const sweep = costThresholdSweep(y, s, costs, { thresholds: [0.15, 0.5, 0.95] });
    // 0.15: flags 5 → tp 3, fp 2, fn 0 → cost 2; 0.5 → 6; 0.95: flags none → fn 3 → 15
    expect(sweep.map((p) => p.totalCost)).toEqual([2, 6, 15]);
    expect(minimumCostThreshold(y, s, costs, { thresholds: [0.15, 0.5, 0.95] }).threshold).toBe(0.15);
    // with a cheap miss and costly false alarm, flag nothing (ties: closest to 0.5)
    expect(minimumCostThreshold(y, s, { falsePositive: 10, falseNegative: 1 }, { thresholds: [0.95, 1] }).threshold).toBe(0.95);
  });

  it("precision among the top k scores", () => {
    expect(precisionAtTopK(y, s, 1)).toBe(1);
    expect(precisionAtTopK(y, s, 2)).toBe(0.5);
    expect(precisionAtTopK(y, s, 6)).toBe(0.5);
    expect(() => precisionAtTopK(y, s, 7)).toThrow(/k must be/);
  });

  it("rejects misaligned inputs and bad costs", () => {
    expect(() => costAtThreshold([1], [0.1, 0.2], 0.5, costs)).toThrow(/aligned/);
    expect(() => costAtThreshold(y, s, 0.5, { falsePositive: NaN, falseNegative: 1 })).toThrow(/falsePositive/);
  });
});

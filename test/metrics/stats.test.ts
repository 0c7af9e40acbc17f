import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  arithmeticMean,
  computeHistogram,
  computeLogHistogram,
  percentile,
  percentiles,
  summaryStats,
} from "../../lib/metrics";

interface RefStats {
  values: number[];
  percentiles: Record<string, number>;
  mean: number;
  std0: number;
  std1?: number;
  hist10: { counts: number[]; edges: number[] };
  logHist8?: { counts: number[]; edges: number[] };
}
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/metrics/numpy-reference.json"), "utf8")) as {
  percentilePoints: number[];
  stats: Record<string, RefStats>;
};

describe("percentile (numpy 'linear')", () => {
  it("matches hand-computed values", () => {
    // h = (n-1)·p/100; x[i] + (h-i)(x[i+1]-x[i])
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([1, 2, 3, 4], 25)).toBe(1.75); // h = 0.75
    expect(percentile([1, 2, 3, 4], 99)).toBeCloseTo(3.97, 12); // h = 2.97
    expect(percentile([15, 20, 35, 40, 50], 40)).toBeCloseTo(29, 12); // h = 1.6 → 20 + 0.6·15
    expect(percentile([15, 20, 35, 40, 50], 90)).toBeCloseTo(46, 12); // h = 3.6 → 40 + 0.6·10
    expect(percentile([50, 15, 40, 35, 20], 0)).toBe(15); // unsorted input: min
    expect(percentile([50, 15, 40, 35, 20], 100)).toBe(50);
    expect(percentile([7], 99.9)).toBe(7);
    // p99.9 of 0..1000 (1001 values): h = 999 exactly
    expect(percentile(Array.from({ length: 1001 }, (_, i) => i), 99.9)).toBeCloseTo(999, 9);
  });

  it("sorts numerically, not as strings, and leaves the input alone", () => {
    const xs = [10, 9, 100, 1];
    expect(percentile(xs, 50)).toBe(9.5);
    expect(xs).toEqual([10, 9, 100, 1]);
  });

  it("matches numpy.percentile bit for bit on reference samples", () => {
    for (const [name, s] of Object.entries(ref.stats)) {
      const got = percentiles(s.values, ref.percentilePoints);
      ref.percentilePoints.forEach((p, i) => {
        expect(got[i], `${name} p${p}`).toBe(s.percentiles[String(p)]);
      });
    }
  });

  it("rejects bad input with a clear message", () => {
    expect(() => percentile([], 50)).toThrow(/empty/);
    expect(() => percentile([1, NaN], 50)).toThrow(/index 1/);
    expect(() => percentile([1, 2], 0.999 * 1000)).toThrow(/\[0, 100\]/);
  });
});

describe("summaryStats", () => {
  it("hand-computed sample", () => {
    const s = summaryStats([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.count).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.std).toBe(2); // population std of the textbook example
    expect(summaryStats([2, 4, 4, 4, 5, 5, 7, 9], { ddof: 1 }).std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.min).toBe(2);
    expect(s.max).toBe(9);
    expect(s.p50).toBe(4.5);
    expect(s.p25).toBe(4); // h = 1.75 → 4
    expect(s.p75).toBeCloseTo(5.5, 12); // h = 5.25 → 5 + 0.25·2
    expect(s.iqr).toBeCloseTo(1.5, 12);
    expect(s.p90).toBeCloseTo(7.6, 12); // h = 6.3 → 7 + 0.3·2
    expect(arithmeticMean([1, 2, 3, 4])).toBe(2.5);
  });

  it("matches numpy mean and std (ddof 0 and 1)", () => {
    for (const [name, s] of Object.entries(ref.stats)) {
      const got = summaryStats(s.values);
      expect(got.mean, name).toBeCloseTo(s.mean, 10);
      expect(got.std, name).toBeCloseTo(s.std0, 10);
      expect(got.p999, name).toBe(s.percentiles["99.9"]);
      if (s.std1 !== undefined) expect(summaryStats(s.values, { ddof: 1 }).std, name).toBeCloseTo(s.std1, 10);
    }
  });
});

describe("histograms", () => {
  it("fixed bins: hand-computed, last bin closed", () => {
    const h = computeHistogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { bins: 5 });
    expect(h.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(h.counts).toEqual([2, 2, 2, 2, 3]);
    expect(h.underflow + h.overflow).toBe(0);
    const r = computeHistogram([-1, 0, 5, 10, 11], { bins: 2, min: 0, max: 10 });
    expect(r.counts).toEqual([1, 2]);
    expect(r.underflow).toBe(1);
    expect(r.overflow).toBe(1);
    expect(r.total).toBe(5);
    const e = computeHistogram([1, 2, 3], { edges: [0, 1.5, 10] });
    expect(e.counts).toEqual([1, 2]);
    expect(computeHistogram([3, 3], { bins: 2 }).edges).toEqual([2.5, 3, 3.5]); // numpy widens a zero range by ±0.5
  });

  it("log bins: hand-computed decades", () => {
    const h = computeLogHistogram([1, 10, 100, 1000, 0, -3, 5000], { bins: 3, min: 1, max: 1000 });
    expect(h.edges.map((x) => Math.round(x * 1e9) / 1e9)).toEqual([1, 10, 100, 1000]);
    expect(h.counts).toEqual([1, 1, 2]);
    expect(h.underflow).toBe(2); // 0 and -3
    expect(h.overflow).toBe(1);
  });

  it("matches numpy.histogram (10 bins) and geomspace bins", () => {
    for (const [name, s] of Object.entries(ref.stats)) {
      const h = computeHistogram(s.values, { bins: 10 });
      expect(h.counts, name).toEqual(s.hist10.counts);
      h.edges.forEach((e, i) => expect(e, `${name} edge ${i}`).toBeCloseTo(s.hist10.edges[i]!, 10));
      if (s.logHist8) {
        const l = computeLogHistogram(s.values, { bins: 8 });
        expect(l.counts, name).toEqual(s.logHist8.counts);
        l.edges.forEach((e, i) => expect(e, `${name} log edge ${i}`).toBeCloseTo(s.logHist8!.edges[i]!, 9));
      }
    }
  });

  it("rejects bad bins and non-positive log ranges", () => {
    expect(() => computeHistogram([1, 2], { bins: 0 })).toThrow(/positive integer/);
    expect(() => computeHistogram([1, 2], { edges: [0, 0] })).toThrow(/ascending/);
    expect(() => computeLogHistogram([0, -1])).toThrow(/positive lower edge/);
  });
});

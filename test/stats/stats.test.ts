import { describe, expect, it } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  QUANTILE_METHODS,
  averageRanks,
  binIndex,
  bisectLeft,
  bisectRight,
  compensatedSum,
  ecdf,
  equalWidthEdges,
  histogram,
  linspace,
  logSpacedEdges,
  mean,
  meanAndStd,
  quantile,
  quantiles,
  roundHalfEven,
  sortedFloat64,
  sturgesBinEdges,
  variance,
} from "../../lib/stats/index";

// Reference values from NumPy/SciPy: test/fixtures/stats/make_reference.py
const ref = JSON.parse(fs.readFileSync(path.join(__dirname, "../fixtures/stats/numpy-reference.json"), "utf8")) as {
  samples: Record<string, number[]>;
  qs: number[];
  quantile: Record<string, Record<string, number[]>>;
  hist: { edges: number[]; counts: number[]; eq5: number[]; eq5counts: number[]; geom: number[] };
  ranks: number[];
  var: { pop: number; sample: number; mean: number };
  ecdfAt: number[];
  ecdf: number[];
};

describe("quantile (NumPy's 13 methods)", () => {
  it("equals np.quantile bit for bit for every method, sample and q", () => {
    let checked = 0;
    for (const [name, values] of Object.entries(ref.samples)) {
      for (const method of QUANTILE_METHODS) {
        const want = ref.quantile[name]![method]!;
        expect(want, `${name} ${method} missing in the fixture`).toHaveLength(ref.qs.length);
        ref.qs.forEach((q, k) => {
          expect(quantile(values, q, { method }), `${name} ${method} q=${q}`).toBe(want[k]);
          checked++;
        });
        expect(quantiles(values, ref.qs, { method })).toEqual(want);
      }
    }
    expect(checked).toBe(5 * 13 * 11);
  });

  it("matches the np.quantile docstring: median 3.5 of [[10, 7, 4], [3, 2, 1]]", () => {
    expect(quantile([10, 7, 4, 3, 2, 1], 0.5)).toBe(3.5);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it("rejects a bad q, an empty sample, NaN and an unknown method with a clear message", () => {
    expect(() => quantile([1, 2], 50)).toThrow(/\[0, 1\].*p \/ 100/);
    expect(() => quantile([], 0.5)).toThrow(/empty/);
    expect(() => quantile([1, NaN], 0.5)).toThrow(/NaN at index 1/);
    expect(() => quantile([1, 2], 0.5, { method: "type7" as never })).toThrow(/unknown method.*linear/);
  });

  it("'higher' at q = 0.5 is the upper-middle element (sorted[⌊n/2⌋]) for every n", () => {
    for (let n = 1; n <= 9; n++) {
      const x = Array.from({ length: n }, (_, i) => (i * 7) % n + 0.5);
      expect(quantile(x, 0.5, { method: "higher" })).toBe([...x].sort((a, b) => a - b)[Math.floor(n / 2)]);
    }
  });

  it("does not modify its input", () => {
    const v = [3, 1, 2];
    quantile(v, 0.5);
    expect(v).toEqual([3, 1, 2]);
  });
});

describe("sorted copies and binary search", () => {
  it("sorts numerically, not as strings", () => {
    expect(Array.from(sortedFloat64([10, 9, 100, -1]))).toEqual([-1, 9, 10, 100]);
  });
  it("bisectLeft/bisectRight are searchsorted left/right", () => {
    const s = [1, 2, 2, 2, 3];
    expect([0, 1, 2, 2.5, 3, 4].map((x) => bisectLeft(s, x))).toEqual([0, 0, 1, 4, 4, 5]);
    expect([0, 1, 2, 2.5, 3, 4].map((x) => bisectRight(s, x))).toEqual([0, 1, 4, 4, 5, 5]);
  });
  it("roundHalfEven is np.round", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, 2, 3]);
  });
});

describe("bins and histograms", () => {
  const x = ref.samples.random!;
  it("Sturges edges and counts equal np.histogram(x, bins='sturges')", () => {
    const edges = sturgesBinEdges(x);
    expect(edges).toEqual(ref.hist.edges);
    const h = histogram(x, edges);
    expect(h.counts).toEqual(ref.hist.counts);
    expect(h.underflow + h.overflow).toBe(0);
  });
  it("equal-width edges and counts equal np.histogram(x, bins=5)", () => {
    const s = sortedFloat64(x);
    const edges = equalWidthEdges(s[0]!, s[s.length - 1]!, 5);
    expect(edges).toEqual(ref.hist.eq5);
    expect(histogram(x, edges).counts).toEqual(ref.hist.eq5counts);
    expect(equalWidthEdges(3, 3, 2)).toEqual([2.5, 3, 3.5]);
  });
  it("log-spaced edges agree with np.geomspace (ends exact)", () => {
    const e = logSpacedEdges(0.5, 50, 4);
    expect(e[0]).toBe(0.5);
    expect(e[4]).toBe(50);
    e.forEach((v, i) => expect(v).toBeCloseTo(ref.hist.geom[i]!, 12));
  });
  it("counts what falls outside the edges and closes the last bin", () => {
    expect(histogram([-1, 0, 1, 1.5, 2, 3], [0, 1, 2])).toEqual({ counts: [1, 3], underflow: 1, overflow: 1 });
    expect([-0.1, 0, 0.99, 1, 2, 2.1].map((v) => binIndex([0, 1, 2], v))).toEqual([-1, 0, 0, 1, 1, 2]);
    expect(() => histogram([1], [0, 0])).toThrow(/strictly ascending/);
    expect(() => histogram([NaN], [0, 1])).toThrow(/index 0 is NaN/);
  });
  it("linspace is np.linspace with an exact endpoint", () => {
    expect(linspace(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, 2, 3)).toEqual([2, 2, 2]);
    expect(() => linspace(0, 1, 0)).toThrow(/positive integer/);
  });
});

describe("ranks, ECDF, sums and variance", () => {
  it("averageRanks equals scipy.stats.rankdata", () => {
    expect(averageRanks([...ref.samples.ties!, 2, 0.5])).toEqual(ref.ranks);
  });
  it("ecdf equals scipy.stats.ecdf(x).cdf.evaluate", () => {
    const F = ecdf(ref.samples.random!);
    ref.ecdfAt.forEach((x, i) => expect(F(x)).toBe(ref.ecdf[i]));
    expect(() => ecdf([])).toThrow(/empty/);
  });
  it("compensated sum survives cancellation a plain loop loses", () => {
    expect(compensatedSum([1e100, 1, -1e100])).toBe(1);
    expect(compensatedSum([])).toBe(0);
  });
  it("mean and variance agree with np.mean / np.var", () => {
    const x = ref.samples.random!;
    expect(mean(x)).toBeCloseTo(ref.var.mean, 14);
    expect(variance(x)).toBeCloseTo(ref.var.pop, 14);
    expect(variance(x, { ddof: 1 })).toBeCloseTo(ref.var.sample, 14);
    expect(variance([1, 2, 3, 4])).toBe(1.25);
    const ms = meanAndStd([1, 2, 3, 4]);
    expect(ms.mean).toBe(2.5);
    expect(ms.std).toBe(Math.sqrt(1.25));
    expect(() => variance([1], { ddof: 1 })).toThrow(/ddof/);
    expect(() => mean([])).toThrow(/empty/);
  });
});

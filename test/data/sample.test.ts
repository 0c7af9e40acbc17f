import { describe, it, expect } from "vitest";
import { stratifiedSample, stratifiedSplit, createRng, labelCounts } from "../../lib/data/index";

const rows = [
  ...Array.from({ length: 600 }, (_, i) => ({ label: "a", i })),
  ...Array.from({ length: 300 }, (_, i) => ({ label: "b", i: 600 + i })),
  ...Array.from({ length: 100 }, (_, i) => ({ label: "c", i: 900 + i })),
];

describe("seeded generator", () => {
  it("matches mulberry32's reference output for seed 42", () => {
    // reference values from the published mulberry32 algorithm, computed with Python integers
    const r = createRng(42);
    const got = [r.next(), r.next(), r.next()].map((x) => Math.round(x * 4294967296));
    expect(got).toEqual([2581720956, 1925393290, 3661312704]);
  });
  it("is reproducible and in [0, 1)", () => {
    const a = createRng(7), b = createRng(7);
    for (let i = 0; i < 1000; i++) {
      const x = a.next();
      expect(x).toBe(b.next());
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
  it("normal draws have mean ≈ 0 and variance ≈ 1", () => {
    const r = createRng(1);
    const xs = Array.from({ length: 20000 }, () => r.normal());
    const mean = xs.reduce((a, b) => a + b) / xs.length;
    const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.04);
  });
});

describe("stratified sampling", () => {
  it("keeps class shares exactly (largest remainder) and the total", () => {
    const s = stratifiedSample(rows, 100, { seed: 3 });
    expect(s.length).toBe(100);
    expect(labelCounts(s).map((c) => [c.label, c.count])).toEqual([["a", 60], ["b", 30], ["c", 10]]);
  });
  it("rounds shares by largest remainder when they are not integers", () => {
    const s = stratifiedSample(rows, 7, { seed: 3 }); // exact 4.2, 2.1, 0.7 → 4, 2, 1
    expect(labelCounts(s).map((c) => c.count)).toEqual([4, 2, 1]);
  });
  it("is deterministic per seed, different across seeds, and keeps file order", () => {
    const a = stratifiedSample(rows, 50, { seed: 1 }).map((r) => r.i);
    expect(stratifiedSample(rows, 50, { seed: 1 }).map((r) => r.i)).toEqual(a);
    expect(stratifiedSample(rows, 50, { seed: 2 }).map((r) => r.i)).not.toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
  });
  it("rejects a bad size", () => {
    expect(() => stratifiedSample(rows, -1)).toThrow(/non-negative integer/);
  });
});

describe("stratified split", () => {
  it("partitions every row exactly once with per-class test shares", () => {
    const { train, test } = stratifiedSplit(rows, { testFraction: 0.2, seed: 5 });
    expect(train.length + test.length).toBe(rows.length);
    const ids = new Set([...train, ...test].map((r) => r.i));
    expect(ids.size).toBe(rows.length);
    expect(labelCounts(test).map((c) => [c.label, c.count])).toEqual([["a", 120], ["b", 60], ["c", 20]]);
  });
  it("rejects a fraction outside (0, 1)", () => {
    expect(() => stratifiedSplit(rows, { testFraction: 1 })).toThrow(/testFraction/);
  });
});

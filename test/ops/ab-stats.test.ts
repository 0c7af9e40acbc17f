import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "../../lib/stats/normal";
import { sampleSizeTwoProportions, twoProportionZTest } from "../../lib/ops/sample-size";
import { groupSequentialBoundaries, obrienFlemingSpending, pocockSpending } from "../../lib/ops/group-sequential";
import { lookSchedule, simulateAaPeeking } from "../../lib/ops/peeking";
import { simulateAbTest } from "../../lib/ops/ab-test";

describe("normal distribution", () => {
  it("matches Python's math.erf/erfc values", () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517796, 12);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301035, 14);
    expect(normalCdf(-8) / 6.220960574271819e-16).toBeCloseTo(1, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 10);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489004, 10);
    expect(() => normalQuantile(1)).toThrow(/strictly between 0 and 1/);
  });
});

describe("A/B sample size and z-test", () => {
  it("gives the textbook 388 users per arm for 50% → 60% (α 0.05, power 0.8)", () => {
    // (1.959964·√(2·0.55·0.45) + 0.841621·√(0.25 + 0.24))² / 0.1² = 387.34 (computed in Python)
    expect(sampleSizeTwoProportions(0.5, 0.6)).toBe(388);
    expect(sampleSizeTwoProportions(0.6, 0.5)).toBe(388);
  });
  it("needs about 4× the users for half the effect, and more for more power", () => {
    const n1 = sampleSizeTwoProportions(0.5, 0.52);
    const n2 = sampleSizeTwoProportions(0.5, 0.51);
    expect(n2 / n1).toBeGreaterThan(3.8);
    expect(n2 / n1).toBeLessThan(4.1);
    expect(sampleSizeTwoProportions(0.5, 0.52, { power: 0.9 })).toBeGreaterThan(n1);
    expect(() => sampleSizeTwoProportions(0.5, 0.5)).toThrow(/no effect/);
    expect(() => sampleSizeTwoProportions(0, 0.5)).toThrow(/strictly between/);
  });
  it("z-test equals a hand computation (pooled variance)", () => {
    const t = twoProportionZTest(50, 100, 65, 100);
    expect(t.z).toBeCloseTo(2.1455956195564547, 10);
    expect(t.pValue).toBeCloseTo(0.03190525523659656, 10);
    expect(() => twoProportionZTest(5, 4, 1, 2)).toThrow(/successes/);
  });
});

describe("group-sequential boundaries", () => {
  it("reproduce the published Lan–DeMets values for 5 equally spaced looks (ldbounds)", () => {
    const info = [0.2, 0.4, 0.6, 0.8, 1];
    const obf = groupSequentialBoundaries(info).z;
    [4.8769, 3.3569, 2.6803, 2.2898, 2.031].forEach((v, k) => expect(obf[k]).toBeCloseTo(v, 2));
    const pocock = groupSequentialBoundaries(info, { spending: pocockSpending }).z;
    [2.438, 2.4268, 2.4101, 2.3966, 2.3859].forEach((v, k) => expect(pocock[k]).toBeCloseTo(v, 2));
  });
  it("one look is the fixed-horizon test, and the whole α is spent", () => {
    const b = groupSequentialBoundaries([1]);
    expect(b.z[0]).toBeCloseTo(1.959964, 5);
    const five = groupSequentialBoundaries([0.2, 0.4, 0.6, 0.8, 1]);
    expect(five.cumulativeAlpha[4]).toBeCloseTo(0.05, 10);
    expect(obrienFlemingSpending(1, 0.025)).toBeCloseTo(0.025, 12);
  });
  it("refuses fractions that do not increase to 1", () => {
    expect(() => groupSequentialBoundaries([0.5, 0.4, 1])).toThrow(/increase/);
    expect(() => groupSequentialBoundaries([0.5, 0.9])).toThrow(/end at 1/);
  });
});

describe("A/A peeking simulation", () => {
  it("naive peeking inflates the false-positive rate; fixed horizon and group-sequential stay near α", () => {
    const r = simulateAaPeeking({ experiments: 1000, usersPerArm: 500, seed: 3 });
    expect(r.fixedHorizonFpr).toBeGreaterThan(0.03);
    expect(r.fixedHorizonFpr).toBeLessThan(0.07);
    expect(r.groupSequentialFpr).toBeLessThan(0.07);
    expect(r.naivePeekingFpr).toBeGreaterThan(2 * r.fixedHorizonFpr);
  });
  it("spaces looks evenly and ends at n", () => {
    expect(lookSchedule(100, 4)).toEqual([25, 50, 75, 100]);
    expect(() => lookSchedule(3, 5)).toThrow(/≥ looks/);
  });
});

describe("A/B test with users from labels", () => {
  it("stops early for a large real difference and names the better arm", () => {
    const n = 400;
    const slices = Array.from({ length: n }, (_, i) => (i % 2 ? "x" : "y"));
    const r = simulateAbTest({ correctA: Array(n).fill(true), correctB: Array(n).fill(false), slices, usersPerArm: 2000 });
    expect(r.decision).toBe("A better");
    expect(r.stoppedAtLook).toBe(1);
    expect(r.offlineAccuracy).toEqual({ a: 1, b: 0 });
  });
  it("follows the online population: B wins offline but loses on the slice most users come from", () => {
    // A is right on every x row, B on every y row and on half the x rows: offline B 0.75 > A 0.5
    const slices = [...Array(200).fill("x"), ...Array(200).fill("y")];
    const correctA = slices.map((s) => s === "x");
    const correctB = slices.map((s, i) => s === "y" || i % 2 === 0);
    const r = simulateAbTest({ correctA, correctB, slices, population: { x: 0.9, y: 0.1 }, usersPerArm: 3000 });
    expect(r.offlineAccuracy.b).toBeGreaterThan(r.offlineAccuracy.a);
    expect(r.decision).toBe("A better");
    expect(() => simulateAbTest({ correctA, correctB, slices, population: { z: 1 } })).toThrow(/no rows/);
  });
});

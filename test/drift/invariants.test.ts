import { describe, expect, it } from "vitest";
import {
  chiSquaredTest,
  columnDrift,
  driftReport,
  inferColumnKind,
  jensenShannonDistance,
  ksTwoSample,
  normalizedWasserstein,
  parseCsvTable,
  populationStabilityIndex,
  psiLabel,
  selectDriftTest,
  wassersteinDistance,
} from "../../lib/drift";
import { createRng } from "../../lib/data/random";

function normals(seed: number, n: number, loc = 0, scale = 1): number[] {
  const r = createRng(seed);
  return Array.from({ length: n }, () => loc + scale * r.normal());
}

describe("identical samples show no drift", () => {
  const x = normals(1, 800);
  it("KS: D = 0, p = 1", () => {
    const r = ksTwoSample(x, [...x].reverse());
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
  });
  it("PSI, JS and Wasserstein are 0", () => {
    expect(populationStabilityIndex(x, x).psi).toBe(0);
    expect(jensenShannonDistance([1, 2, 3], [2, 4, 6])).toBe(0);
    expect(wassersteinDistance(x, x)).toBe(0);
  });
  it("chi-squared: statistic 0, p = 1", () => {
    const c = ["a", "b", "b", "c", "c", "c"];
    const r = chiSquaredTest(c, c);
    expect(r.statistic).toBe(0);
    expect(r.pValue).toBe(1);
  });
  it("drift report: nothing drifts", () => {
    const rows = x.map((v, i) => ({ v, c: ["a", "b", "c"][i % 3]! }));
    const rep = driftReport(rows, rows);
    expect(rep.driftedCount).toBe(0);
    expect(rep.datasetDrift).toBe(false);
  });
});

describe("shifted samples drift", () => {
  it("KS (small reference) and normalised Wasserstein (large reference) flag a 0.5 sd shift", () => {
    const ks = columnDrift(normals(2, 500), normals(3, 500, 0.5));
    expect(ks.test).toBe("ks");
    expect(ks.drifted).toBe(true);
    const w = columnDrift(normals(4, 5000), normals(5, 5000, 0.5));
    expect(w.test).toBe("wasserstein");
    expect(w.score).toBeGreaterThan(0.4);
    expect(w.drifted).toBe(true);
  });
  it("a same-distribution sample does not drift", () => {
    expect(columnDrift(normals(6, 500), normals(7, 500)).drifted).toBe(false);
    expect(columnDrift(normals(8, 5000), normals(9, 5000)).drifted).toBe(false);
  });
  it("normalised Wasserstein of a pure shift by s·sd is ≈ s", () => {
    const x = normals(10, 4000, 3, 2);
    expect(normalizedWasserstein(x, x.map((v) => v + 0.6))).toBeCloseTo(0.3, 2);
  });
  it("PSI labels follow 0.1 / 0.25", () => {
    expect(psiLabel(0.05)).toBe("insignificant");
    expect(psiLabel(0.1)).toBe("moderate");
    expect(psiLabel(0.25)).toBe("major");
    const r = populationStabilityIndex(normals(11, 3000), normals(12, 3000, 1));
    expect(r.label).toBe("major");
    expect(r.reference.length).toBe(10);
  });
  it("categorical shift: chi-squared (small) and Jensen–Shannon (large)", () => {
    const ref = Array.from({ length: 600 }, (_, i) => (i % 10 < 7 ? "a" : "b"));
    const cur = Array.from({ length: 600 }, (_, i) => (i % 10 < 4 ? "a" : "b"));
    const chi = columnDrift(ref, cur);
    expect(chi.test).toBe("chi-squared");
    expect(chi.drifted).toBe(true);
    const big = columnDrift([...ref, ...ref], [...cur, ...cur]);
    expect(big.test).toBe("jensen-shannon");
    expect(big.drifted).toBe(true);
  });
});

describe("default test selection (Evidently)", () => {
  const few = [1, 2, 3, 1, 2, 3];
  it("≤ 1000 reference rows", () => {
    expect(selectDriftTest(normals(1, 1000), normals(2, 10), "numeric")).toBe("ks");
    expect(selectDriftTest(few, few, "numeric")).toBe("chi-squared");
    expect(selectDriftTest(["x", "y"], ["x"], "categorical")).toBe("chi-squared");
  });
  it("> 1000 reference rows", () => {
    expect(selectDriftTest(normals(1, 1001), normals(2, 10), "numeric")).toBe("wasserstein");
    expect(selectDriftTest(Array(1001).fill(1), few, "numeric")).toBe("jensen-shannon");
    expect(selectDriftTest(Array(1001).fill("x"), ["y"], "categorical")).toBe("jensen-shannon");
  });
  it("two categories: the uncorrected chi-squared p equals the two-proportion Z-test's", () => {
    // 2x2: 70/30 vs 55/45, z-test with pooled proportion
    const [a1, n1, a2, n2] = [70, 100, 55, 100];
    const p = (a1 + a2) / (n1 + n2);
    const z = (a1 / n1 - a2 / n2) / Math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2));
    const chi = chiSquaredTest(new Map([["a", a1], ["b", n1 - a1]]), new Map([["a", a2], ["b", n2 - a2]]), { correction: false });
    expect(chi.statistic).toBeCloseTo(z * z, 12);
  });
});

describe("drift report", () => {
  it("types columns, drops missing values and applies the 50% rule", () => {
    const ref = normals(20, 300).map((v, i) => ({ x: String(v), y: String(i % 5), c: i % 2 ? "u" : "v", gone: "" }));
    const cur = normals(21, 300, 1).map((v, i) => ({ x: String(v), y: String(i % 5), c: i % 2 ? "u" : "v", gone: "NA" }));
    const rep = driftReport(ref, cur);
    expect(rep.columns.map((c) => [c.column, c.kind, c.test])).toEqual([
      ["x", "numeric", "ks"],
      ["y", "numeric", "chi-squared"],
      ["c", "categorical", "chi-squared"],
    ]);
    expect(rep.skipped.map((s) => s.column)).toEqual(["gone"]);
    expect(rep.driftedCount).toBe(1);
    expect(rep.datasetDrift).toBe(false); // 1 of 3 < 50%
    const two = driftReport(ref, cur, { columns: ["x", "c"] });
    expect(two.datasetDrift).toBe(true); // 1 of 2 = 50%
  });
  it("explains missing and unshared columns", () => {
    expect(() => driftReport([{ a: 1 }], [{ b: 1 }])).toThrow(/share no columns/);
    expect(() => driftReport([{ a: 1 }], [{ a: 2 }], { columns: ["z"] })).toThrow(/"z" not in both tables/);
    expect(() => driftReport([], [{ a: 1 }])).toThrow(/no rows/);
  });
  it("inferColumnKind", () => {
    expect(inferColumnKind(["1", "2.5", "", "-3e2"])).toBe("numeric");
    expect(inferColumnKind(["1", "UP"])).toBe("categorical");
  });
});

describe("CSV parsing", () => {
  it("handles quotes, embedded commas, doubled quotes, newlines in quotes and CRLF", () => {
    const t = parseCsvTable('id,text\r\n1,"a, b"\r\n2,"say ""hi"""\r\n3,"two\nlines"\r\n');
    expect(t.columns).toEqual(["id", "text"]);
    expect(t.rows.map((r) => r.text)).toEqual(["a, b", 'say "hi"', "two\nlines"]);
  });
  it("rejects empty input and ragged rows", () => {
    expect(() => parseCsvTable("", "x.csv")).toThrow(/x.csv is empty/);
    expect(() => parseCsvTable("a,b\n1,2,3\n", "y.csv")).toThrow(/line 2 has 3 fields/);
  });
});

/**
 * Every drift metric against SciPy/NumPy reference vectors (test/fixtures/drift/reference.json,
 * made by make_reference.py). Tolerances: statistics and distances 1e-9 relative; p-values 1e-9
 * relative too (tighter than the 1e-6 asked for), except where noted.
 */
import { describe, expect, it } from "vitest";
import {
  binnedProportions,
  categoricalPsi,
  chiSquaredGoodnessOfFit,
  chiSquaredTest,
  jensenShannonDistance,
  jensenShannonDrift,
  kolmogorovTwoSidedSurvival,
  ksTwoSample,
  normalizedWasserstein,
  populationStabilityIndex,
  smirnovSurvival,
  wassersteinDistance,
} from "../../lib/drift";
import { chiSquaredSurvival } from "../../lib/stats/gamma";
import { createRng } from "../../lib/data/random";
import { closeRel, generate, numbers, reference, sample } from "./reference-data";

const STAT = 1e-9;
const PVAL = 1e-9;

function expectRel(actual: number, expected: number, rel: number, what: string): void {
  if (!closeRel(actual, expected, rel)) {
    throw new Error(`${what}: got ${actual}, SciPy ${expected} (rel. diff ${Math.abs(actual - expected) / Math.abs(expected)})`);
  }
}

describe("reference vectors", () => {
  it("were made by SciPy/NumPy and the sample generator matches createRng", () => {
    expect(reference.versions.scipy).toMatch(/^\d+\.\d+/);
    expect(reference.versions.numpy).toMatch(/^\d+\.\d+/);
    const g = reference.generatorCheck;
    const rng = createRng(g.seed);
    for (const v of g.first) expect(rng.next()).toBe(v);
    expect(generate({ type: "normal", seed: 1, n: 3, loc: 0, scale: 1 })).toEqual(g.normal);
  });
});

describe("two-sample Kolmogorov–Smirnov vs scipy.stats.ks_2samp", () => {
  for (const c of reference.ks_2samp) {
    it(`${c.name} (${c.method})`, () => {
      const r = ksTwoSample(numbers(c.a), numbers(c.b));
      expect(r.method).toBe(c.method);
      expectRel(r.statistic, c.statistic, STAT, "statistic");
      expectRel(r.pValue, c.pvalue, PVAL, "p-value");
    });
  }
});

describe("KS distributions vs SciPy", () => {
  it("kstwo.sf on a grid covering every branch", () => {
    for (const c of reference.kstwo_sf) expectRel(kolmogorovTwoSidedSurvival(c.n, c.d), c.sf, PVAL, `kstwo.sf(${c.d}, ${c.n})`);
  });
  it("scipy.special.smirnov on a grid", () => {
    for (const c of reference.smirnov) expectRel(smirnovSurvival(c.n, c.d), c.sf, PVAL, `smirnov(${c.n}, ${c.d})`);
  });
});

describe("chi-squared vs SciPy", () => {
  it("chi2.sf on a grid (df 1..1000, x 0.01..3000)", () => {
    for (const c of reference.chi2_sf) expectRel(chiSquaredSurvival(c.x, c.df), c.sf, PVAL, `chi2.sf(${c.x}, ${c.df})`);
  });
  for (const c of reference.chi2_contingency) {
    it(`chi2_contingency: ${c.name}`, () => {
      const r = chiSquaredTest(new Map(Object.entries(c.reference)), new Map(Object.entries(c.current)), { correction: c.correction });
      expect(r.dof).toBe(c.dof);
      expectRel(r.statistic, c.statistic, STAT, "statistic");
      expectRel(r.pValue, c.pvalue, PVAL, "p-value");
    });
  }
  for (const c of reference.chisquare_gof) {
    it(`chisquare goodness of fit (Evidently form): ${c.name}`, () => {
      const r = chiSquaredGoodnessOfFit(new Map(Object.entries(c.reference)), new Map(Object.entries(c.current)));
      expectRel(r.statistic, c.statistic, STAT, "statistic");
      expectRel(r.pValue, c.pvalue, PVAL, "p-value");
    });
  }
});

describe("Jensen–Shannon vs scipy.spatial.distance.jensenshannon", () => {
  for (const c of reference.jensenshannon_vectors) {
    it(`vectors: ${c.name}`, () => {
      expectRel(jensenShannonDistance(c.p, c.q, 2), c.base2, STAT, "base 2");
      expectRel(jensenShannonDistance(c.p, c.q, Math.E), c.natural, STAT, "base e");
    });
  }
  for (const c of reference.jensenshannon_binned) {
    it(`binned samples: ${c.name}`, () => {
      const a = sample(c.a);
      const b = sample(c.b);
      expect(binnedProportions(a, b).labels.length).toBe(c.bins);
      expectRel(jensenShannonDrift(a, b), c.value, STAT, "JS distance");
    });
  }
});

describe("Wasserstein vs scipy.stats.wasserstein_distance", () => {
  for (const c of reference.wasserstein) {
    it(c.name, () => {
      const a = numbers(c.a);
      const b = numbers(c.b);
      expectRel(wassersteinDistance(a, b), c.value, STAT, "distance");
      expectRel(normalizedWasserstein(a, b), c.normalized, STAT, "normalised by np.std (ddof 0)");
    });
  }
});

describe("PSI vs a NumPy implementation", () => {
  for (const c of reference.psi) {
    it(c.name, () => {
      const v = c.categorical ? categoricalPsi(sample(c.a), sample(c.b)).psi : populationStabilityIndex(numbers(c.a), numbers(c.b)).psi;
      expectRel(v, c.psi, STAT, "PSI");
    });
  }
});

import { describe, it, expect, beforeAll } from "vitest";
import { loadRows, stratifiedSplit, type TableRow } from "../../lib/data/index";
import { TabularEncoder, TABULAR_MISSING_CATEGORY, TABULAR_OTHER_CATEGORY } from "../../lib/models/tabular";
import { TabularClassifier, binaryLabels } from "../../lib/models/tabular-classifier";
import { ADULT_INCOME_TASK, COMPAS_RECIDIVISM_TASK, HMDA_DENIAL_TASK, withoutTaskColumns } from "../../lib/models/tabular-tasks";
import { fairnessByGroup } from "../../lib/metrics/index";

const rows = [
  { age: 20, hours: 40, sex: "F", city: "A" },
  { age: 30, hours: null, sex: "M", city: "B" },
  { age: 40, hours: 20, sex: "M", city: null },
  { age: 50, hours: 60, sex: "F", city: "A" },
];

describe("TabularEncoder", () => {
  const enc = new TabularEncoder({ numeric: ["age", "hours"], categorical: ["sex", "city"] }).fit(rows);

  it("names features: numeric columns, then each categorical column's sorted categories (missing is its own)", () => {
    expect(enc.featureNames).toEqual(["age", "hours", "sex=F", "sex=M", "city=(missing)", "city=A", "city=B"]);
    expect(enc.featureColumns).toEqual(["age", "hours", "sex", "sex", "city", "city", "city"]);
    expect(enc.featuresOfColumn("sex")).toEqual([2, 3]);
    expect(enc.dim).toBe(7);
  });

  it("standardises with the training mean and population std; missing numeric → mean → 0", () => {
    // age: mean 35, population std sqrt(125) = 11.18; hours: mean of 40,20,60 = 40, std sqrt(800/3)
    const [s0, s1] = enc.numericStats;
    expect(s0!.mean).toBe(35);
    expect(s0!.std).toBeCloseTo(Math.sqrt(125), 12);
    expect(s1!.mean).toBe(40);
    expect(s1!.std).toBeCloseTo(Math.sqrt(800 / 3), 12);
    expect(s1!.missing).toBe(1);
    const x = enc.transform(rows[1]!);
    expect(x[0]).toBeCloseTo(-5 / Math.sqrt(125), 6);
    expect(Array.from(x.slice(1))).toEqual([0, 0, 1, 0, 0, 1]);
    expect(Array.from(enc.transform(rows[2]!).slice(2))).toEqual([0, 1, 1, 0, 0]);
  });

  it("round-trips rows through transform and inverseTransform", () => {
    for (const r of [rows[0]!, rows[3]!]) {
      const back = enc.inverseTransform(enc.transform(r));
      expect(back.age as number).toBeCloseTo(r.age, 4);
      expect(back.hours as number).toBeCloseTo(r.hours as number, 4);
      expect(back.sex).toBe(r.sex);
      expect(back.city).toBe(r.city);
    }
    expect(enc.inverseTransform(enc.transform(rows[2]!)).city).toBeNull(); // "(missing)" decodes to null
  });

  it("encodes an unknown category as all zeros, or throws with handleUnknown: 'error'", () => {
    const x = enc.transform({ age: 35, hours: 40, sex: "X", city: "Z" });
    expect(Array.from(x)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(enc.inverseTransform(x).sex).toBeNull();
    const strict = new TabularEncoder({ numeric: ["age"], categorical: ["sex"], handleUnknown: "error" }).fit(rows);
    expect(() => strict.transform({ age: 1, sex: "X" })).toThrow(/not seen in training/);
  });

  it("sparse form equals the dense non-zeros; JSON round-trip encodes identically", () => {
    const r = rows[3]!;
    const d = enc.transform(r);
    const s = enc.transformSparse(r);
    expect(Array.from(s.indices)).toEqual(Array.from(d.keys()).filter((i) => d[i] !== 0));
    expect(Array.from(s.values)).toEqual(Array.from(d).filter((v) => v !== 0));
    const back = TabularEncoder.fromJSON(JSON.parse(JSON.stringify(enc.toJSON())));
    for (const q of rows) expect(Array.from(back.transform(q))).toEqual(Array.from(enc.transform(q)));
  });

  it("pools rare categories into (other), which also takes unseen ones", () => {
    const e = new TabularEncoder({ categorical: ["c"], minCategoryCount: 2 }).fit([{ c: "a" }, { c: "a" }, { c: "b" }, { c: "d" }]);
    expect(e.featureNames).toEqual(["c=(other)", "c=a"]);
    expect(e.categoricalStats[0]!.counts).toEqual([2, 2]);
    expect(Array.from(e.transform({ c: "zzz" }))).toEqual([1, 0]);
    expect(TABULAR_OTHER_CATEGORY).toBe("(other)");
    expect(TABULAR_MISSING_CATEGORY).toBe("(missing)");
  });

  it("rejects bad input with a clear message", () => {
    expect(() => new TabularEncoder({})).toThrow(/at least one column/);
    expect(() => new TabularEncoder({ numeric: ["a"], categorical: ["a"] })).toThrow(/listed twice/);
    expect(() => new TabularEncoder({ numeric: ["nope"] }).fit(rows)).toThrow(/no column "nope"/);
    expect(() => new TabularEncoder({ numeric: ["sex"] }).fit(rows)).toThrow(/list it under categorical/);
    expect(() => new TabularEncoder({ numeric: ["age"] }).transform(rows[0]!)).toThrow(/call fit/);
  });
});

describe("tabular tasks", () => {
  it("COMPAS task leaves out every leaking column and COMPAS's own scores", () => {
    const features = [...COMPAS_RECIDIVISM_TASK.numeric, ...COMPAS_RECIDIVISM_TASK.categorical];
    for (const leak of ["is_recid", "r_charge_degree", "vr_charge_degree", "is_violent_recid", "event", "start", "end", "decile_score", "score_text"]) {
      expect(COMPAS_RECIDIVISM_TASK.excluded[leak], leak).toBeDefined();
      expect(features).not.toContain(leak);
    }
    expect(features).not.toContain(COMPAS_RECIDIVISM_TASK.label);
    expect(HMDA_DENIAL_TASK.excluded.insurance).toMatch(/proxy/);
    expect([...HMDA_DENIAL_TASK.numeric, ...HMDA_DENIAL_TASK.categorical]).not.toContain("insurance");
  });
  it("withoutTaskColumns drops features and records why", () => {
    const t = withoutTaskColumns(ADULT_INCOME_TASK, ["sex", "race"], "fairness through unawareness");
    expect(t.categorical).not.toContain("sex");
    expect(t.excluded.race).toBe("fairness through unawareness");
    expect(ADULT_INCOME_TASK.categorical).toContain("sex");
    expect(() => withoutTaskColumns(ADULT_INCOME_TASK, ["fnlwgt"])).toThrow(/not a feature/);
  });
  it("binaryLabels compares as text and rejects missing labels", () => {
    expect(binaryLabels([{ y: 1 }, { y: "1" }, { y: 0 }], "y", 1)).toEqual([1, 1, 0]);
    expect(() => binaryLabels([{ y: null }], "y", 1)).toThrow(/no value/);
  });
});

describe("TabularClassifier on real data", () => {
  let train: TableRow[], test: TableRow[], clf: TabularClassifier;
  beforeAll(async () => {
    train = await loadRows("adult", "train");
    test = await loadRows("adult", "test");
    clf = TabularClassifier.fit(train, ADULT_INCOME_TASK);
  });

  it("Adult: test accuracy ≥ 0.845 at threshold 0.5 (measured 0.8510 with seed 42), deterministic", () => {
    const y = clf.labelsOf(test);
    const pred = clf.predictMany(test);
    const acc = pred.filter((p, i) => p === y[i]).length / y.length;
    expect(acc).toBeGreaterThanOrEqual(0.845);
    expect(acc).toBeLessThan(0.87);
    // a second fit with the same seed gives the same probabilities, bit for bit
    const again = TabularClassifier.fit(train, ADULT_INCOME_TASK);
    const some = test.slice(0, 200);
    expect(again.predictProbaMany(some)).toEqual(clf.predictProbaMany(some));
    // native_country has a train-only level (Holand-Netherlands); the encoder took the test rows without error
    expect(clf.encoder.featureNames).toContain("native_country=Holand-Netherlands");
  });

  it("Adult: probabilities feed fairness metrics; coefficients and JSON round-trip", () => {
    const y = clf.labelsOf(test);
    const p = clf.predictProbaMany(test);
    for (const q of p.slice(0, 100)) expect(q > 0 && q < 1).toBe(true);
    const bySex = fairnessByGroup(y, p.map((q) => (q >= 0.5 ? 1 : 0)), test.map((r) => String(r.sex)));
    const f = bySex.groups.find((g) => g.group === "Female")!;
    const m = bySex.groups.find((g) => g.group === "Male")!;
    expect(m.selectionRate).toBeGreaterThan(f.selectionRate); // measured 0.248 vs 0.084
    const coef = clf.coefficients();
    expect(coef).toHaveLength(clf.encoder.dim);
    expect(coef.find((c) => c.feature === "capital_gain")!.weight).toBeGreaterThan(0);
    expect(coef.find((c) => c.feature === "education_num")!.weight).toBeGreaterThan(0);
    const back = TabularClassifier.fromJSON(JSON.parse(JSON.stringify(clf.toJSON())));
    expect(back.predictProbaMany(test.slice(0, 50))).toEqual(clf.predictProbaMany(test.slice(0, 50)));
    expect(clf.sizeBytes()).toBe((clf.encoder.dim * 2 + 2) * 4);
  });

  it("COMPAS: without leaking columns, accuracy is modest (measured 0.673 on a seeded 20% split)", async () => {
    const all = await loadRows("compas", "all");
    const { train: tr, test: te } = stratifiedSplit(all, { seed: 42, key: (r) => String(r.two_year_recid) });
    const c = TabularClassifier.fit(tr, COMPAS_RECIDIVISM_TASK);
    const y = c.labelsOf(te);
    const acc = c.predictMany(te).filter((p, i) => p === y[i]).length / y.length;
    expect(acc).toBeGreaterThan(0.64);
    expect(acc).toBeLessThan(0.72); // far from the ~0.97 that is_recid alone would give: no leak
  });
});

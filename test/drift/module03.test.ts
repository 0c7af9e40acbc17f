import { describe, expect, it } from "vitest";
import {
  accuracyOverTime,
  trainOldTestCurrent,
  simulateRetraining,
  retrainingCost,
  cheapestRetrainingCadence,
  cadenceName,
  compareSliceModels,
  pearsonCorrelation,
  spearmanCorrelation,
  monthlyDrift,
  driftReport,
  populationStabilityIndex,
  type RetrainingRun,
} from "../../lib/drift/index";
import { averageRanks } from "../../lib/stats/index";

// A model that predicts the majority label of its training rows: its accuracy is easy to compute by hand.
type Row = { date: string; label: string; x: number };
const majoritySpec = {
  timeKey: "date" as const,
  fit: (rows: Row[]) => {
    const a = rows.filter((r) => r.label === "a").length;
    return a >= rows.length - a ? "a" : "b";
  },
  predict: (m: string, rows: Row[]) => rows.map(() => m),
  label: (r: Row) => r.label,
};

/** Rows on consecutive days from 2024-01-01; label from a function of the day number. */
function dailyRows(n: number, labelOf: (d: number) => string): Row[] {
  return Array.from({ length: n }, (_, d) => ({ date: new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10), label: labelOf(d), x: d }));
}

describe("accuracyOverTime", () => {
  // Jan–Feb mostly "a"; Mar all "a"; Apr all "b" (a concept change)
  const rows: Row[] = [
    ...["a", "a", "a", "b"].map((label, i) => ({ date: `2024-01-0${i + 1}`, label, x: i })),
    ...["a", "b"].map((label, i) => ({ date: `2024-02-0${i + 1}`, label, x: i })),
    ...["a", "a"].map((label, i) => ({ date: `2024-03-0${i + 1}`, label, x: i })),
    ...["b", "b", "b"].map((label, i) => ({ date: `2024-04-0${i + 1}`, label, x: i })),
  ];
  it("trains on the first months and scores each later month, with the majority floor and fresh models", () => {
    const r = accuracyOverTime(rows, { ...majoritySpec, trainMonths: 2, freshMonths: 1 });
    expect(r.trainMonths).toEqual(["2024-01", "2024-02"]);
    expect(r.trainRows).toBe(6);
    expect(r.majorityLabel).toBe("a");
    expect(r.trainAccuracy).toBeCloseTo(4 / 6, 12);
    expect(r.months.map((m) => [m.month, m.monthsSinceTraining, m.accuracy, m.majorityAccuracy])).toEqual([
      ["2024-03", 1, 1, 1],
      ["2024-04", 2, 0, 0],
    ]);
    // fresh for March: trained on Feb (a,b tie → "a") → 1; for April: trained on March ("a") → 0
    expect(r.months.map((m) => m.freshAccuracy)).toEqual([1, 0]);
  });
  it("refuses too few months", () => {
    expect(() => accuracyOverTime(rows, { ...majoritySpec, trainMonths: 4 })).toThrow(/need more than trainMonths/);
  });
});

describe("trainOldTestCurrent", () => {
  // one row per month for 2023: "a" until June, "b" from July
  const rows: Row[] = Array.from({ length: 12 }, (_, m) => ({ date: `2023-${String(m + 1).padStart(2, "0")}-15`, label: m < 6 ? "a" : "b", x: m }));
  it("trains on data six months old and on the latest months, tests both on the current month", () => {
    const r = trainOldTestCurrent(rows, { ...majoritySpec, ageMonths: 6, trainMonths: 3, currentMonths: 1 });
    expect([r.currentFrom, r.currentTo, r.currentRows]).toEqual(["2023-12", "2024-01", 1]);
    expect([r.stale.trainFrom, r.stale.trainTo, r.stale.trainRows, r.stale.accuracy]).toEqual(["2023-03", "2023-06", 3, 0]);
    expect([r.fresh.trainFrom, r.fresh.trainTo, r.fresh.trainRows, r.fresh.accuracy]).toEqual(["2023-09", "2023-12", 3, 1]);
    expect(r.drop).toBe(1);
  });
  it("says which window is empty", () => {
    expect(() => trainOldTestCurrent(rows, { ...majoritySpec, ageMonths: 11 })).toThrow(/stale training window .* has no rows/);
  });
});

describe("simulateRetraining", () => {
  // 20 days: "a" for days 0–9, "b" from day 10; evaluation starts on day 5
  const rows = dailyRows(20, (d) => (d < 10 ? "a" : "b"));
  it("never retraining: the initial model's errors are every row after the change", () => {
    const sim = simulateRetraining(rows, { ...majoritySpec, initialDays: 5, cadencesDays: [Infinity] });
    const never = sim.runs[0]!;
    expect([never.name, never.retrains, never.evaluated, never.errors]).toEqual(["never", 0, 15, 10]);
    expect(never.accuracy).toBeCloseTo(1 / 3, 12);
    expect(sim.evaluationFrom).toBe("2024-01-06");
    expect(sim.evaluationTo).toBe("2024-01-20");
  });
  it("daily retraining on a 1-day window errs once, on the day of the change", () => {
    const sim = simulateRetraining(rows, { ...majoritySpec, initialDays: 5, windowDays: 1, cadencesDays: [1, 4], cost: { perRetrain: 2, perError: 3 } });
    const [daily, every4] = sim.runs as [RetrainingRun, RetrainingRun];
    expect([daily.retrains, daily.errors, daily.totalCost]).toEqual([14, 1, 14 * 2 + 3]);
    // every 4 days from day 5: models at days 5, 9, 13, 17 (windows end on days 4, 8, 12, 16) → errors on days 10, 11, 12
    expect([every4.retrains, every4.errors, every4.retrainCost, every4.errorCost]).toEqual([3, 3, 6, 9]);
    expect(every4.monthly).toEqual([{ month: "2024-01", rows: 15, accuracy: 12 / 15 }]);
  });
  it("labels that arrive late delay the fix", () => {
    const sim = simulateRetraining(rows, { ...majoritySpec, initialDays: 5, windowDays: 1, labelDelayDays: 2, cadencesDays: [1] });
    expect(sim.runs[0]!.errors).toBe(3); // days 10, 11, 12 are predicted by models that saw day ≤ 9
  });
  it("checks its options", () => {
    expect(() => simulateRetraining(rows, { ...majoritySpec, initialDays: 30 })).toThrow(/no rows after the first 30 days/);
    expect(() => simulateRetraining(rows, { ...majoritySpec, cadencesDays: [0] })).toThrow(/cadence must be > 0/);
    expect(cadenceName(1)).toBe("every day");
  });
});

describe("retraining cost and the cheapest cadence", () => {
  const run = (cadenceDays: number, retrains: number, errors: number, accuracy: number): RetrainingRun =>
    ({ cadenceDays, name: cadenceName(cadenceDays), retrains, errors, accuracy, evaluated: 100, monthly: [], fitSeconds: 0, ...retrainingCost({ retrains, errors }) }) as RetrainingRun;
  const runs = [run(1, 100, 10, 0.9), run(7, 14, 20, 0.8), run(Infinity, 0, 60, 0.4)];
  it("prices retrains and errors", () => {
    expect(retrainingCost({ retrains: 3, errors: 10 }, { perRetrain: 5, perError: 2 })).toEqual({ retrainCost: 15, errorCost: 20, totalCost: 35 });
    expect(retrainingCost({ retrains: 3, errors: 10 }).totalCost).toBe(160);
  });
  it("picks the cheapest run above the accuracy floor", () => {
    // default costs: 5010, 720, 60
    expect(cheapestRetrainingCadence(runs)!.cadenceDays).toBe(Infinity);
    expect(cheapestRetrainingCadence(runs, { minAccuracy: 0.5 })!.cadenceDays).toBe(7);
    expect(cheapestRetrainingCadence(runs, { minAccuracy: 0.85 })!.cadenceDays).toBe(1);
    expect(cheapestRetrainingCadence(runs, { minAccuracy: 0.95 })).toBeNull();
    // errors expensive: 100 + 1000 = 1100 (daily) vs 14 + 2000 (weekly) vs 6000 (never)
    expect(cheapestRetrainingCadence(runs, { cost: { perRetrain: 1, perError: 100 } })!.cadenceDays).toBe(1);
  });
});

describe("compareSliceModels", () => {
  // slice A: y = x > 0; slice B: y = x <= 0. A global threshold model can get only one slice right.
  type R = { s: string; x: number; y: 0 | 1 };
  const make = (n: number): R[] => Array.from({ length: n }, (_, i) => {
    const s = i % 2 ? "A" : "B";
    const x = (i % 7) - 3 + 0.5;
    return { s, x, y: ((s === "A") === x > 0 ? 1 : 0) as 0 | 1 };
  });
  // model: sign of the correlation between x and y in the training rows
  const fit = (rows: R[]) => (rows.filter((r) => (r.x > 0) === (r.y === 1)).length >= rows.length / 2 ? 1 : -1);
  const predictProba = (m: number, rows: R[]) => rows.map((r) => ((m * r.x > 0) ? 0.9 : 0.1));
  it("per-slice models fix what one global model cannot", () => {
    const train = make(140);
    const test = make(70);
    const c = compareSliceModels(train, test, { sliceOf: (r) => r.s, fit, predictProba, label: (r) => r.y, minSliceRows: 10, ensembleWeight: 0.6 });
    expect(c.sliceAccuracy).toBe(1);
    expect(c.globalAccuracy).toBeCloseTo(0.5, 1);
    expect(c.models).toBe(3);
    expect(c.slices.map((s) => s.slice)).toEqual(["A", "B"]);
    // weight 0.6 on the slice model: 0.6·0.9 + 0.4·0.1 = 0.58 and 0.6·0.1 + 0.4·0.9 = 0.42, so the slice model decides
    expect(c.ensembleAccuracy).toBe(1);
    expect(c.slices.every((s) => s.ownModel && s.sliceAccuracy === 1)).toBe(true);
  });
  it("slices too small use the global model", () => {
    const c = compareSliceModels(make(20), make(10), { sliceOf: (r) => r.s, fit, predictProba, label: (r) => r.y, minSliceRows: 50 });
    expect(c.models).toBe(1);
    expect(c.sliceAccuracy).toBe(c.globalAccuracy);
  });
});

describe("correlation", () => {
  it("Pearson and Spearman (ties as scipy.stats.spearmanr)", () => {
    expect(pearsonCorrelation([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])).toBeCloseTo(0.7745966692414834, 12);
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(spearmanCorrelation([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505139, 12);
    expect(spearmanCorrelation([3, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8])).toBeCloseTo(0.19885368120992467, 12);
    expect(pearsonCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});

describe("monthlyDrift", () => {
  const ref = Array.from({ length: 1200 }, (_, i) => ({ v: (i * 7919) % 1000, c: i % 3 === 0 ? "x" : "y" }));
  const rows = [
    ...ref.slice(0, 600).map((r) => ({ ...r, date: "2024-01-10" })),
    ...ref.slice(0, 600).map((r) => ({ v: r.v + 400, c: "x", date: "2024-02-10" })),
  ];
  it("scores every month against the reference, consistent with driftReport and PSI", () => {
    const md = monthlyDrift(ref, rows, { timeKey: "date", columns: ["v", "c"] });
    expect(md.months.map((m) => m.month)).toEqual(["2024-01", "2024-02"]);
    const feb = md.scores.filter((s) => s.month === "2024-02");
    const rep = driftReport(ref, rows.slice(600), { columns: ["v", "c"] });
    expect(feb.map((s) => [s.column, s.defaultTest, s.drifted])).toEqual(rep.columns.map((c) => [c.column, c.test, c.drifted]));
    expect(feb[0]!.psi).toBeCloseTo(populationStabilityIndex(ref.map((r) => r.v), rows.slice(600).map((r) => r.v)).psi, 12);
    expect(feb.every((s) => s.drifted)).toBe(true);
    expect(md.months[1]!.driftedShare).toBe(1);
    const jan = md.scores.filter((s) => s.month === "2024-01");
    expect(jan.every((s) => !s.drifted)).toBe(true);
    expect(jan[1]!.ksPValue).toBeNull();
  });
});

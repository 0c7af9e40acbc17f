import { describe, expect, it } from "vitest";
import { randomVsTemporalSplit, electricityModelSpec, loadElectricityRows, ELECTRICITY_UPDOWN_TASK } from "../../lib/drift/index";

// Months 1–2: 8 "a" and 2 "b" each; months 3–4: 3 "a" and 7 "b". The model predicts its training
// rows' majority label, so every accuracy below follows by hand.
type Row = { date: string; label: string };
const rows: Row[] = [];
for (const [month, a] of [["2024-01", 8], ["2024-02", 8], ["2024-03", 3], ["2024-04", 3]] as const) {
  for (let i = 0; i < 10; i++) rows.push({ date: `${month}-${String(i + 1).padStart(2, "0")}`, label: i < a ? "a" : "b" });
}
const majority = {
  timeKey: "date" as const,
  fit: (train: Row[]): string => (train.filter((r) => r.label === "a").length * 2 >= train.length ? "a" : "b"),
  predict: (m: string, rs: Row[]): string[] => rs.map(() => m),
  label: (r: Row): string => r.label,
};

describe("randomVsTemporalSplit", () => {
  it("gives the hand-computed research and production estimates", () => {
    const r = randomVsTemporalSplit(rows, { ...majority, trainMonths: 2 });
    expect(r.trainMonths).toEqual(["2024-01", "2024-02"]);
    expect(r.trainRows).toBe(20);
    expect(r.laterRows).toBe(20);
    expect(r.temporalAccuracy).toBe(6 / 20); // predicts "a"; later months hold 6 "a"
    // stratified draw of half of each label (a: 11 of 22, b: 9 of 18 into the test set): the model predicts "a", 11 of 20 right
    expect(r.randomSplitAccuracy).toBe(11 / 20);
    expect(r.months).toEqual([
      { month: "2024-03", rows: 10, accuracy: 0.3, majorityAccuracy: 0.7 },
      { month: "2024-04", rows: 10, accuracy: 0.3, majorityAccuracy: 0.7 },
    ]);
    expect(randomVsTemporalSplit(rows, { ...majority, trainMonths: 2, randomSplit: false }).randomSplitAccuracy).toBeNull();
  });

  it("rejects a split that leaves no month to test", () => {
    expect(() => randomVsTemporalSplit(rows, { ...majority, trainMonths: 4 })).toThrow(/span 4 month.*trainMonths = 4/);
    expect(() => randomVsTemporalSplit(rows, { ...majority, trainMonths: 0 })).toThrow(/integer >= 1/);
  });

  it("on Electricity (the one task definition), the random split promises more than the future delivers", async () => {
    const elec = await loadElectricityRows();
    const honest = randomVsTemporalSplit(elec, electricityModelSpec());
    expect(honest.trainMonths).toEqual(["1996-05", "1996-06", "1996-07", "1996-08", "1996-09", "1996-10"]);
    expect(honest.trainRows + honest.laterRows).toBe(45_312);
    expect(honest.randomSplitAccuracy!).toBeGreaterThan(honest.temporalAccuracy + 0.02);
    expect(honest.months.some((m) => m.accuracy < m.majorityAccuracy)).toBe(true);
    const leakyTask = { ...ELECTRICITY_UPDOWN_TASK, numeric: [...ELECTRICITY_UPDOWN_TASK.numeric, "nswprice"] };
    const leaky = randomVsTemporalSplit(elec, { ...electricityModelSpec({}, leakyTask), randomSplit: false });
    expect(leaky.temporalAccuracy).not.toBe(honest.temporalAccuracy); // the task argument reaches the model
    console.log(`electricity: random split ${honest.randomSplitAccuracy!.toFixed(4)}, temporal ${honest.temporalAccuracy.toFixed(4)}, leaky temporal ${leaky.temporalAccuracy.toFixed(4)}`);
  }, 120_000);
});

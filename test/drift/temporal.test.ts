import { describe, expect, it } from "vitest";
import { ensureFile } from "../../lib/data/sources";
import { readDataFile } from "../../lib/data/verify";
import { groupRowsByMonth, monthKey, parseCsvTable, parseTimeValue, shiftMonths, temporalSplit, windowedEvaluation } from "../../lib/drift";

const rows = [
  { date: "2024-01-15", y: 1 },
  { date: "2024-02-01", y: 2 },
  { date: "2024-02-29", y: 3 },
  { date: "2024-04-10", y: 4 },
  { date: "2024-07-31", y: 5 },
  { date: "2024-08-01", y: 6 },
];

describe("temporalSplit", () => {
  it("splits on half-open windows, keeping row order", () => {
    const s = temporalSplit(rows, "date", { trainEnd: "2024-03-01" });
    expect(s.train.map((r) => r.y)).toEqual([1, 2, 3]);
    expect(s.test.map((r) => r.y)).toEqual([4, 5, 6]);
    expect(s.trainRange).toEqual({ first: "2024-01-15T00:00:00.000Z", last: "2024-02-29T00:00:00.000Z" });
  });
  it("train six months before the latest data, test on the latest month", () => {
    const latest = "2024-08-01";
    const s = temporalSplit(rows, "date", { trainEnd: shiftMonths(latest, -6), testStart: "2024-08", testEnd: "2024-09" });
    expect(s.train.map((r) => r.y)).toEqual([1]);
    expect(s.test.map((r) => r.y)).toEqual([6]);
    expect(s.unused).toBe(4);
  });
  it("refuses overlapping windows and unreadable dates", () => {
    expect(() => temporalSplit(rows, "date", { trainEnd: "2024-03", testStart: "2024-02" })).toThrow(/overlap/);
    expect(() => temporalSplit([{ date: "soon" }], "date", { trainEnd: "2024-01" })).toThrow(/row 0: cannot read "soon"/);
    expect(() => parseTimeValue("2024-02-30")).toThrow(/invalid calendar date/);
  });
  it("shiftMonths clamps to the month's last day", () => {
    expect(shiftMonths("2024-03-31", -1).toISOString()).toBe("2024-02-29T00:00:00.000Z");
    expect(shiftMonths("2024-08-15", -6).toISOString()).toBe("2024-02-15T00:00:00.000Z");
  });
});

describe("windowedEvaluation", () => {
  it("slices rows by month in time order", () => {
    const res = windowedEvaluation(rows, (r) => r.date, (m) => m.reduce((s, r) => s + r.y, 0));
    expect(res).toEqual([
      { month: "2024-01", rows: 1, result: 1 },
      { month: "2024-02", rows: 2, result: 5 },
      { month: "2024-04", rows: 1, result: 4 },
      { month: "2024-07", rows: 1, result: 5 },
      { month: "2024-08", rows: 1, result: 6 },
    ]);
    expect(windowedEvaluation(rows, "date", (m) => m.length, { from: "2024-04", minRows: 1 }).map((r) => r.month)).toEqual([
      "2024-04",
      "2024-07",
      "2024-08",
    ]);
    expect(monthKey("1998-12-06")).toBe("1998-12");
  });
});

// the shipped copy (datasets/electricity/), verified against its manifest; nothing is downloaded
describe("electricity (Elec2) dates", () => {
  it("every date_seq parses, months match month_seq, and the per-month counts match SOURCE.md", async () => {
    const elecFile = await ensureFile("electricity", "elec2_with_dates.csv.gz", { download: false, log: () => {} });
    const t = parseCsvTable(readDataFile(elecFile).toString("utf8"), elecFile);
    expect(t.rows.length).toBe(45312);
    for (const r of t.rows) expect(monthKey(r.date_seq!)).toBe(r.month_seq);
    const months = groupRowsByMonth(t.rows, "date_seq");
    expect(months.size).toBe(32);
    expect(months.get("1996-05")!.length).toBe(1200);
    expect(months.get("1998-12")!.length).toBe(288);
    const s = temporalSplit(t.rows, "date_seq", { trainEnd: shiftMonths("1998-12-06", -6) });
    expect(s.train.length + s.test.length).toBe(45312);
    expect(s.testRange!.last).toBe("1998-12-06T00:00:00.000Z");
  });
});

import { describe, expect, it } from "vitest";
import { loadElectricityRows } from "../../lib/drift/electricity";
import { runAlertExperiment } from "../../lib/ops/alert-experiment";
import { dataVersionExperiment } from "../../lib/ops/data-experiment";
import * as os from "node:os";
import * as fs from "node:fs";
import * as path from "node:path";
import { OPS_RESULTS, OPS_RELEASE, OPS_AB, OPS_MONITORING, opsResultFile, readResult, readOpsResults, type OpsResultsName } from "../../lib/results/index";
import { structuredEvalExperiment } from "../../lib/ops/structured-eval";

describe("committed module 06 results", () => {
  it("every results/ops file matches its schema and holds what the issue asks for", () => {
    for (const name of Object.keys(OPS_RESULTS) as OpsResultsName[]) expect(() => readResult<unknown>(OPS_RESULTS[name], opsResultFile(name)), name).not.toThrow();
    const release = readResult(OPS_RELEASE, "ops/release.json");
    // the defect is caught in shadow with ≤1% false alarms on the control, and a canary rolls back by itself
    expect(release.shadow.detection.controlFalseAlarmRate).toBeLessThanOrEqual(0.01);
    expect(release.shadow.detection.detectedShare).toBe(1);
    expect(release.canary.defect.some((c) => c.rolledBack)).toBe(true);
    expect(release.canary.control.rolledBack).toBe(false);
    expect(release.metricsLines.some((l) => l.startsWith("release_rollbacks_total 1"))).toBe(true);
    const ab = readResult(OPS_AB, "ops/ab.json");
    expect(ab.peeking.experiments).toBeGreaterThanOrEqual(1000);
    expect(ab.peeking.naivePeekingFpr).toBeGreaterThan(ab.peeking.groupSequentialFpr);
    const mon = readResult(OPS_MONITORING, "ops/monitoring.json");
    for (const f of mon.silentFailures.failures) expect(Object.keys(f.daysToDetect).sort()).toEqual(["accuracy", "drift", "driftCalibrated", "validation"]);
  });
  it("says which command writes a missing file", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "ops-results-"));
    expect(() => readResult(OPS_RELEASE, "ops/release.json", { dir: empty })).toThrow(/npm run ops -- --only release --save/);
    expect(() => readOpsResults("ladder", { dir: empty })).toThrow(/results\/ops\/ladder\.json does not exist: it is written by `npm run ops -- --only ladder --save`/);
    expect(readOpsResults("ab").peeking).toEqual(readResult(OPS_AB, "ops/ab.json").peeking);
  });
});

describe("module 06 experiments, small", () => {
  it("data versions on electricity: diff by key, shuffle-proof snapshots, one merge conflict", async () => {
    const r = dataVersionExperiment(await loadElectricityRows());
    expect(r.diff.removed).toBe(48);
    expect(r.diff.addedColumns).toEqual(["source"]);
    expect(r.diff.changedCellsByColumn.vicprice).toBe(r.diff.changed);
    expect(r.lineDiff.shuffled.keyedChanges).toBe(0);
    expect(r.lineDiff.shuffled.differingLines).toBeGreaterThan(0.9 * r.rows);
    expect(r.snapshots.v1Shuffled).toBe(r.snapshots.v1);
    expect(r.snapshots.v2).not.toBe(r.snapshots.v1);
    expect(r.merge.conflicts).toBe(1);
    expect(r.merge.example).toMatchObject({ column: "nswdemand", theirs: 0.5 });
  }, 120_000);
  it("structured outputs: valid after repair is more than all-fields-right", async () => {
    const r = await structuredEvalExperiment({ perSource: 20 });
    expect(r.outputs).toBe(80);
    expect(r.validity.afterRepair).toBeGreaterThanOrEqual(r.validity.before);
    expect(r.exactAmongValid).toBeLessThan(1);
    expect(r.fields.recall).toBeLessThanOrEqual(r.fields.precision);
    expect(r.tokensPer1000.repairThenReprompt).toBeLessThanOrEqual(r.tokensPer1000.repromptAll);
    expect(r.rubric.kappa).toBeGreaterThan(0);
    expect(r.rubric.kappa).toBeLessThanOrEqual(1);
  }, 120_000);
  it("the 4xx alert fires on the second scrape after malformed requests start, never before; the 5xx rule stays silent", async () => {
    const r = await runAlertExperiment({ intervals: 6, requestsPerInterval: 40, failFrom: 3 });
    expect(r.rules[0]!.firedBeforeFailure).toBe(false);
    expect(r.rules[0]!.firstFiring).toBe(5);
    expect(r.rules[0]!.values.slice(4)).toEqual([0.1, 0.1, 0.1]);
    expect(r.rules[1]!.firstFiring).toBeNull();
  }, 120_000);
});

import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { repoRoot } from "../data/paths";

const num = z.number();
const nullableNum = z.number().nullable();
const canaryRun = z.object({ share: num, rolledBack: z.boolean(), rolledBackAtRequest: nullableNum, reason: z.string().nullable(), candidateRequests: num, usersExposed: num, wrongCandidateAnswers: num });
const sweepRow = z.object({ share: num, rollbackRate: num, medianRollbackRequest: nullableNum, medianUsersExposed: num, p90UsersExposed: num, medianWrongAnswers: num });
const envelope = { command: z.string(), generatedAt: z.string(), seconds: num };

/** Schema of results/ops/release.json (shadow, canary, canary sweep). */
export const releaseResultsSchema = z.object({
  ...envelope,
  requests: num,
  users: num,
  models: z.object({ production: z.string(), control: z.string(), defect: z.string(), defectDescription: z.string() }),
  offlineAccuracy: z.object({ production: num, control: num, defect: num }),
  shadow: z.object({
    controlDisagreement: num,
    defectDisagreement: num,
    detection: z.object({ p0: num, p1: num, threshold: num, controlFalseAlarmRate: num, detectedShare: num, requestsToDetect: z.object({ median: num, p90: num, max: num }), replays: num, horizon: num }),
  }),
  canary: z.object({ defect: z.array(canaryRun), control: canaryRun }),
  canarySweep: z.object({ repetitions: num, defect: z.array(sweepRow), control: z.array(sweepRow) }),
  metricsLines: z.array(z.string()),
});

const abLook = z.object({ usersPerArm: num, rateA: num, rateB: num, z: num, boundary: num });
const abRun = z.object({ name: z.string(), population: z.record(num), looks: z.array(abLook), stoppedAtLook: nullableNum, decision: z.string(), fixedHorizon: z.object({ z: num, pValue: num }), offlineAccuracy: z.object({ a: num, b: z.number() }) });

/** Schema of results/ops/ab.json (sample sizes, peeking, A/B tests from real labels). */
export const abResultsSchema = z.object({
  ...envelope,
  baselineAcceptance: num,
  sampleSizes: z.array(z.object({ lift: num, usersPerArm: num })),
  offlineGap: z.object({ acceptanceA: num, acceptanceB: num, usersPerArm: num }),
  peeking: z.object({ experiments: num, usersPerArm: num, rate: num, alpha: num, fixedHorizonFpr: num, naivePeekingFpr: num, groupSequentialFpr: num, naiveLooks: num, sequentialLooks: num, sequentialBoundaries: z.array(num) }),
  perSliceAccuracy: z.array(z.object({ slice: z.string(), a: num, b: num })),
  tests: z.array(abRun),
});

const detect = z.object({ validation: nullableNum, drift: nullableNum, driftCalibrated: nullableNum, accuracy: nullableNum });

/** Schema of results/ops/monitoring.json (silent failures on Elec2, alert rules over /metrics). */
export const monitoringResultsSchema = z.object({
  ...envelope,
  silentFailures: z.object({
    trainDays: num,
    windows: z.object({ calibration: z.tuple([z.string(), z.string()]), healthy: z.tuple([z.string(), z.string()]), failure: z.tuple([z.string(), z.string()]) }),
    falseAlarmRate: z.object({ validation: num, drift: num, driftCalibrated: num, accuracy: num }),
    healthyAccuracy: num,
    accuracyFloor: num,
    failures: z.array(z.object({ failure: z.string(), description: z.string(), daysToDetect: detect, servedAccuracy: num })),
  }),
  alerts: z.object({
    intervals: num,
    requestsPerInterval: num,
    failFrom: num,
    malformedShare: num,
    rules: z.array(z.object({ rule: z.string(), firstFiring: nullableNum, scrapesToDetect: nullableNum, firedBeforeFailure: z.boolean(), values: z.array(num) })),
  }),
});

/** Schema of results/ops/data.json (data versions and label poisoning). */
export const dataResultsSchema = z.object({
  ...envelope,
  versions: z.object({
    rows: num,
    edits: z.array(z.string()),
    diff: z.object({ added: num, removed: num, changed: num, addedColumns: z.array(z.string()), changedCellsByColumn: z.record(num) }),
    lineDiff: z.object({ v2: z.object({ differingLines: num, lines: num, gzipBytesDiffering: num }), shuffled: z.object({ differingLines: num, lines: num, gzipBytesDiffering: num, keyedChanges: num }) }),
    snapshots: z.object({ v1: z.string(), v1Shuffled: z.string(), v2: z.string() }),
    merge: z.object({ conflicts: num, example: z.object({ key: z.string(), column: z.string(), base: z.unknown(), ours: z.unknown(), theirs: z.unknown() }).nullable(), mergedRows: num }),
  }),
  poisoning: z.object({ dataset: z.string(), cleanAccuracy: num, method: z.string(), rows: z.array(z.object({ share: num, flipped: num, accuracy: num, detection: z.object({ precision: num, recall: num }), accuracyAfterRemoval: num })) }),
});

/** Schema of results/ops/structured.json (trust in structured output). */
export const structuredEvalResultsSchema = z.object({
  ...envelope,
  outputs: num,
  fieldErrorRate: num,
  formatRate: num,
  validity: z.object({ before: num, afterRepair: num }),
  exactAmongValid: num,
  fieldAccuracyAmongValid: num,
  fields: z.object({ precision: num, recall: num }),
  rubric: z.object({ kappa: num, agreement: num, strictMean: num, lenientMean: num }),
  tokensPer1000: z.object({ repromptAll: num, repairThenReprompt: num, tokenizer: z.string() }),
});

/** Schema of results/ops/ladder.json (module 01's ladder: edit distance, gzip, TF-IDF; vocabulary growth). */
export const ladderResultsSchema = z.object({
  ...envelope,
  dataset: z.string(),
  testRows: num,
  curve: z.array(z.object({ method: z.string(), trainSize: num, accuracy: num, seconds: num, cpuSeconds: num })),
  vocabulary: z.array(z.object({ corpus: z.string(), ngrams: z.string(), beta: num, k: num, points: z.array(z.object({ documents: num, vocabulary: num })) })),
});

/** Every results file of module 06 (and 01b), by name. */
export const OPS_RESULTS = {
  release: releaseResultsSchema,
  ab: abResultsSchema,
  monitoring: monitoringResultsSchema,
  data: dataResultsSchema,
  structured: structuredEvalResultsSchema,
  ladder: ladderResultsSchema,
} as const;

/** Name of a results file under results/ops/. */
export type OpsResultsName = keyof typeof OPS_RESULTS;

/** The parsed type of each results file. */
export type OpsResults = { [K in OpsResultsName]: z.infer<(typeof OPS_RESULTS)[K]> };

/** Where a results file lives: `results/ops/NAME.json` (saved) or `build/ops/NAME.json` (an ad-hoc run). */
export function opsResultsPath(name: OpsResultsName, saved = true): string {
  return path.join(repoRoot(), saved ? "results" : "build", "ops", `${name}.json`);
}

/**
 * Reads and validates one of module 06's results files (written by `npm run ops -- --save`).
 * @param saved read results/ops (default) or build/ops (an unsaved run)
 * @throws when the file is missing (saying which command writes it) or does not match its schema
 */
export function readOpsResults<K extends OpsResultsName>(name: K, saved = true): OpsResults[K] {
  const file = opsResultsPath(name, saved);
  if (!fs.existsSync(file)) throw new Error(`readOpsResults: ${path.relative(repoRoot(), file)} is missing; write it with npm run ops -- --only ${name}${saved ? " --save" : ""}.`);
  const parsed = OPS_RESULTS[name].safeParse(JSON.parse(fs.readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`readOpsResults: ${path.relative(repoRoot(), file)} does not match its schema (${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); rerun npm run ops -- --only ${name} --save.`);
  return parsed.data as OpsResults[K];
}

/**
 * Results of `npm run ops` (module 06, and module 01b's ladder): one file per section under
 * `results/ops/`. The value types are zod's inferred ones.
 * @packageDocumentation
 */
import { z } from "zod";
import { defineResultFamily, typedSchema, type ResultFamily, type ResultOf } from "./family";
import { readResult, type ReadResultOptions } from "./io";

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

/** Name of a section of `npm run ops`, and of its file `results/ops/<name>.json`. */
export type OpsResultsName = "release" | "ab" | "monitoring" | "data" | "structured" | "ladder";

/** The family of `results/ops/<name>.json`, written by `npm run ops -- --only <name> --save`. */
function opsFamily<T>(name: OpsResultsName, schema: z.ZodTypeAny): ResultFamily<T> {
  return defineResultFamily({
    name: `ops-${name}`,
    schema: typedSchema<T>(schema),
    version: 1,
    files: new RegExp(`^ops/${name}\\.json$`),
    command: () => `npm run ops -- --only ${name} --save`,
  });
}

/** `results/ops/release.json`: shadow, canary and the canary sweep. */
export const OPS_RELEASE = opsFamily<z.infer<typeof releaseResultsSchema>>("release", releaseResultsSchema);
/** `results/ops/ab.json`: sample sizes, peeking, A/B tests from real labels. */
export const OPS_AB = opsFamily<z.infer<typeof abResultsSchema>>("ab", abResultsSchema);
/** `results/ops/monitoring.json`: silent failures on Elec2, alert rules over /metrics. */
export const OPS_MONITORING = opsFamily<z.infer<typeof monitoringResultsSchema>>("monitoring", monitoringResultsSchema);
/** `results/ops/data.json`: data versions and label poisoning. */
export const OPS_DATA = opsFamily<z.infer<typeof dataResultsSchema>>("data", dataResultsSchema);
/** `results/ops/structured.json`: trust in structured output. */
export const OPS_STRUCTURED = opsFamily<z.infer<typeof structuredEvalResultsSchema>>("structured", structuredEvalResultsSchema);
/** `results/ops/ladder.json`: module 01b's ladder (edit distance, gzip, TF-IDF) and vocabulary growth. */
export const OPS_LADDER = opsFamily<z.infer<typeof ladderResultsSchema>>("ladder", ladderResultsSchema);

/** Every family of `npm run ops`, by section name (the order `npm run ops` runs them in). */
export const OPS_RESULTS = {
  release: OPS_RELEASE,
  ab: OPS_AB,
  monitoring: OPS_MONITORING,
  data: OPS_DATA,
  structured: OPS_STRUCTURED,
  ladder: OPS_LADDER,
} as const;

/** The file of a section, relative to `results/` (and to `build/results/` for an unsaved run). */
export function opsResultFile(name: OpsResultsName): string {
  return `ops/${name}.json`;
}

/** The parsed value of each section's file. */
export type OpsResults = { [K in OpsResultsName]: ResultOf<(typeof OPS_RESULTS)[K]> };

/**
 * Reads `results/ops/<name>.json` with its family: {@link readResult} keyed by section name (for
 * code that picks a section by name, such as the exercise checks).
 * @throws ResultFileError when the file is missing, stale or does not match its schema, naming `npm run ops -- --only <name> --save`
 */
export function readOpsResults<K extends OpsResultsName>(name: K, options: ReadResultOptions = {}): OpsResults[K] {
  return readResult<unknown>(OPS_RESULTS[name], opsResultFile(name), options) as OpsResults[K];
}

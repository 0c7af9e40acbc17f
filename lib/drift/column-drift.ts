import { chiSquaredTest } from "./chi-squared";
import { jensenShannonDrift } from "./jensen-shannon";
import { ksTwoSample } from "./ks-test";
import { categoricalPsi, populationStabilityIndex } from "./psi";
import { normalizedWasserstein } from "./wasserstein";

/** Whether a column is treated as numbers or as categories. */
export type DriftColumnKind = "numeric" | "categorical";

/** The drift tests a column can get. */
export type DriftTestName = "ks" | "chi-squared" | "wasserstein" | "jensen-shannon" | "psi";

/** Defaults of the drift tests: what the score is and when it means drift. */
export const DRIFT_TEST_DEFAULTS: Record<DriftTestName, { score: "p-value" | "distance"; threshold: number }> = {
  ks: { score: "p-value", threshold: 0.05 },
  "chi-squared": { score: "p-value", threshold: 0.05 },
  wasserstein: { score: "distance", threshold: 0.1 },
  "jensen-shannon": { score: "distance", threshold: 0.1 },
  psi: { score: "distance", threshold: 0.1 },
};

/** Rows of reference data up to which the p-value tests are chosen (Evidently). */
export const SMALL_REFERENCE_ROWS = 1000;

/**
 * Evidently's default test for a column (its `_get_default_stattest`):
 * - reference ≤ 1,000 rows: numeric with > 5 distinct values (reference and current together) →
 *   KS; numeric with ≤ 5 distinct values and categorical → chi-squared (Evidently uses a
 *   two-proportion Z-test for ≤ 2 values, which is the uncorrected 2×2 chi-squared test);
 * - reference > 1,000 rows: numeric with > 5 distinct values → Wasserstein normalised by the
 *   reference std; otherwise → Jensen–Shannon distance.
 * @param reference reference values (missing values already removed)
 * @param current current values
 * @param kind the column kind
 */
export function selectDriftTest(reference: readonly unknown[], current: readonly unknown[], kind: DriftColumnKind): DriftTestName {
  const distinct = new Set([...reference, ...current].map((v) => String(v))).size;
  if (reference.length <= SMALL_REFERENCE_ROWS) {
    if (kind === "numeric" && distinct > 5) return "ks";
    return "chi-squared";
  }
  if (kind === "numeric" && distinct > 5) return "wasserstein";
  return "jensen-shannon";
}

/** Options of {@link columnDrift}. */
export interface ColumnDriftOptions {
  /** Column kind. Default: numeric when every value is a finite number. */
  kind?: DriftColumnKind;
  /** Force a test instead of {@link selectDriftTest}'s choice. */
  test?: DriftTestName;
  /** Threshold; default from {@link DRIFT_TEST_DEFAULTS} (0.05 for p-values, 0.1 for distances). */
  threshold?: number;
}

/** Drift verdict for one column. */
export interface ColumnDriftResult {
  /** Column name (set by the report). */
  column: string;
  kind: DriftColumnKind;
  test: DriftTestName;
  /** The test's score: a p-value (drift when below the threshold) or a distance (drift when ≥ threshold). */
  score: number;
  scoreKind: "p-value" | "distance";
  threshold: number;
  drifted: boolean;
  /** Non-missing values compared. */
  referenceCount: number;
  currentCount: number;
}

/**
 * Tests one column for drift with Evidently's default choice of test and thresholds (or the test
 * you name). Values must already be free of missing entries.
 * @param reference reference values
 * @param current current values
 * @param options see {@link ColumnDriftOptions}
 */
export function columnDrift(reference: readonly unknown[], current: readonly unknown[], options: ColumnDriftOptions = {}): ColumnDriftResult {
  if (reference.length === 0 || current.length === 0) {
    throw new Error(`columnDrift: no values to compare (reference ${reference.length}, current ${current.length})`);
  }
  const numeric = [...reference, ...current].every((v) => typeof v === "number" && Number.isFinite(v));
  const kind = options.kind ?? (numeric ? "numeric" : "categorical");
  if (kind === "numeric" && !numeric) throw new Error("columnDrift: kind 'numeric' needs finite numbers only");
  const test = options.test ?? selectDriftTest(reference, current, kind);
  const { score: scoreKind, threshold: defaultThreshold } = DRIFT_TEST_DEFAULTS[test];
  const threshold = options.threshold ?? defaultThreshold;
  let score: number;
  switch (test) {
    case "ks":
      if (kind !== "numeric") throw new Error("columnDrift: the KS test needs a numeric column");
      score = ksTwoSample(reference as number[], current as number[]).pValue;
      break;
    case "chi-squared":
      // no Yates correction: with two categories this equals Evidently's two-proportion Z-test
      score = chiSquaredTest(reference, current, { correction: false }).pValue;
      break;
    case "wasserstein":
      if (kind !== "numeric") throw new Error("columnDrift: the Wasserstein distance needs a numeric column");
      score = normalizedWasserstein(reference as number[], current as number[]);
      break;
    case "jensen-shannon":
      score = jensenShannonDrift(reference, current, { kind });
      break;
    case "psi":
      score =
        kind === "numeric"
          ? populationStabilityIndex(reference as number[], current as number[]).psi
          : categoricalPsi(reference, current).psi;
      break;
  }
  const drifted = scoreKind === "p-value" ? score < threshold : score >= threshold;
  return { column: "", kind, test, score, scoreKind, threshold, drifted, referenceCount: reference.length, currentCount: current.length };
}

import { categoricalPsi, populationStabilityIndex } from "./psi";
import { ksTwoSample } from "./ks-test";
import { jensenShannonDrift } from "./jensen-shannon";
import { normalizedWasserstein } from "./wasserstein";
import { driftReport, type DriftReport, type DriftRow } from "./report";
import type { DriftColumnKind } from "./column-drift";
import { windowedEvaluation } from "./windowed-evaluation";
import type { TimeValue } from "./temporal-split";

/** Options of {@link monthlyDrift}. */
export interface MonthlyDriftOptions<T> {
  /** The date column of the current rows, or a function returning a row's time. */
  timeKey: keyof T | ((row: T) => TimeValue);
  /** Feature columns to test (leave out labels, ids and dates). */
  columns: string[];
  /** Kind of each column; default: numeric when every value is a number. */
  kinds?: Record<string, DriftColumnKind>;
  /** Months with fewer rows are skipped. Default `1`. */
  minRows?: number;
  /**
   * KS p-value method. Default `"asymp"`: the exact lattice count costs n1·n2 per column and month,
   * and with thousands of rows both give p-values far below 0.05 for any visible shift.
   */
  ksMethod?: "auto" | "exact" | "asymp";
  /** Called after each month. */
  onMonth?: (month: string) => void;
}

/** Every score of one column in one month (all tests, whatever the default picks). */
export interface MonthlyColumnDrift {
  month: string;
  column: string;
  kind: DriftColumnKind;
  /** Population stability index (deciles of the reference for numbers, categories otherwise); drift ≥ 0.1. */
  psi: number;
  /** KS p-value (numeric columns; null for categorical); drift < 0.05. */
  ksPValue: number | null;
  /** Wasserstein distance / reference std (numeric; null for categorical); drift ≥ 0.1. */
  wasserstein: number | null;
  /** Jensen–Shannon distance, base 2 (numeric columns binned as Evidently does); drift ≥ 0.1. */
  jensenShannon: number;
  /** The test Evidently's defaults choose, its score and verdict (as {@link driftReport}). */
  defaultTest: string;
  defaultScore: number;
  drifted: boolean;
}

/** One month of {@link monthlyDrift}. */
export interface MonthDriftSummary {
  month: string;
  rows: number;
  /** The Evidently-style report of the month against the reference. */
  report: DriftReport;
  /** Share of columns drifted under the default tests. */
  driftedShare: number;
  /** Mean PSI over the columns. */
  meanPsi: number;
}

/** Result of {@link monthlyDrift}: per-month summaries and a flat table of every score. */
export interface MonthlyDrift {
  months: MonthDriftSummary[];
  scores: MonthlyColumnDrift[];
}

/**
 * Drift of every later month against a reference window (the training data), per feature, with
 * all the usual scores side by side: PSI, KS p-value, normalised Wasserstein, Jensen–Shannon, and
 * the verdict of Evidently's default test ({@link driftReport}: with > 1,000 reference rows,
 * Wasserstein for numbers and Jensen–Shannon for categories, drift ≥ 0.1). Put it next to
 * accuracy per month to see whether drift scores announce an accuracy drop.
 * @param reference reference rows (e.g. the training window)
 * @param rows later rows, split by calendar month of `timeKey`
 * @param options see {@link MonthlyDriftOptions}
 */
export function monthlyDrift<T extends DriftRow>(reference: readonly DriftRow[], rows: readonly T[], options: MonthlyDriftOptions<T>): MonthlyDrift {
  if (options.columns.length === 0) throw new Error("monthlyDrift: name at least one feature column");
  const refValues = new Map(options.columns.map((c) => [c, reference.map((r) => r[c]).filter((v) => v !== null && v !== undefined && v !== "")]));
  const kindOf = (c: string): DriftColumnKind =>
    (Object.prototype.hasOwnProperty.call(options.kinds ?? {}, c) ? options.kinds![c]! : undefined) ?? (refValues.get(c)!.every((v) => typeof v === "number" && Number.isFinite(v)) ? "numeric" : "categorical");
  const scores: MonthlyColumnDrift[] = [];
  const months = windowedEvaluation(
    rows,
    options.timeKey,
    (monthRows, month) => {
      const report = driftReport(reference, monthRows, { columns: options.columns, kinds: options.kinds });
      let psiSum = 0;
      for (const res of report.columns) {
        const c = res.column;
        const kind = kindOf(c);
        const ref = refValues.get(c)!;
        const cur = monthRows.map((r) => r[c]).filter((v) => v !== null && v !== undefined && v !== "");
        let psi: number;
        try {
          psi = kind === "numeric" ? populationStabilityIndex(ref as number[], cur as number[]).psi : categoricalPsi(ref, cur).psi;
        } catch (err) {
          throw new Error(`monthlyDrift: column ${JSON.stringify(c)}, month ${month}: ${(err as Error).message}`);
        }
        psiSum += psi;
        scores.push({
          month,
          column: c,
          kind,
          psi,
          ksPValue: kind === "numeric" ? ksTwoSample(ref as number[], cur as number[], { method: options.ksMethod ?? "asymp" }).pValue : null,
          wasserstein: kind === "numeric" ? normalizedWasserstein(ref as number[], cur as number[]) : null,
          jensenShannon: jensenShannonDrift(kind === "numeric" ? ref : ref.map(String), kind === "numeric" ? cur : cur.map(String), { kind }),
          defaultTest: res.test,
          defaultScore: res.score,
          drifted: res.drifted,
        });
      }
      options.onMonth?.(month);
      return { report, driftedShare: report.driftedShare, meanPsi: psiSum / Math.max(1, report.columns.length) };
    },
    { minRows: options.minRows },
  );
  return { months: months.map((m) => ({ month: m.month, rows: m.rows, ...m.result })), scores };
}

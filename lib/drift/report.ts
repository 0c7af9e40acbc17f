import { columnDrift, type ColumnDriftResult, type DriftColumnKind, type DriftTestName } from "./column-drift";

/** A table row: column name → value (strings from CSV, numbers, booleans, null). */
export type DriftRow = Record<string, unknown>;

/** Values treated as missing (and dropped before testing): null, undefined, NaN and these strings. */
export const MISSING_VALUE_STRINGS: readonly string[] = ["", "NA", "N/A", "NaN", "nan", "null", "NULL", "?"];

function isMissing(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === "number") return Number.isNaN(v);
  if (typeof v === "string") return MISSING_VALUE_STRINGS.includes(v.trim());
  return false;
}

function asNumber(v: unknown): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string") {
    const s = v.trim();
    if (s === "") return null;
    const x = Number(s);
    return Number.isFinite(x) ? x : null;
  }
  return null;
}

/**
 * Numeric when every non-missing value (of both samples, if you pass them together) is a finite
 * number or a string that parses as one ("3", "-1.5e3"); otherwise categorical. A column with no
 * values at all is categorical.
 * @param values the column's values
 */
export function inferColumnKind(values: Iterable<unknown>): DriftColumnKind {
  let any = false;
  for (const v of values) {
    if (isMissing(v)) continue;
    any = true;
    if (asNumber(v) === null) return "categorical";
  }
  return any ? "numeric" : "categorical";
}

/** Options of {@link driftReport}. */
export interface DriftReportOptions {
  /** Columns to test. Default: every column present in both tables (in the reference's order). */
  columns?: string[];
  /** Share of drifted columns at which the dataset counts as drifted. Default 0.5 (Evidently). */
  driftShare?: number;
  /** Per-column kind overrides; others are inferred by {@link inferColumnKind} on both tables. */
  kinds?: Record<string, DriftColumnKind>;
  /** Per-column test overrides; others get Evidently's default choice. */
  tests?: Record<string, DriftTestName>;
  /** Column order of the tables when rows are plain objects (default: keys of the first rows). */
  referenceColumns?: string[];
  currentColumns?: string[];
}

/** The per-feature drift report over two tables. */
export interface DriftReport {
  /** One verdict per tested column. */
  columns: ColumnDriftResult[];
  /** Columns skipped, with the reason (e.g. no non-missing values). */
  skipped: { column: string; reason: string }[];
  driftedCount: number;
  /** driftedCount / tested columns. */
  driftedShare: number;
  /** The threshold share (default 0.5). */
  driftShare: number;
  /** True when driftedShare ≥ driftShare. */
  datasetDrift: boolean;
  referenceRows: number;
  currentRows: number;
}

function columnsOf(rows: readonly DriftRow[], given?: string[]): string[] {
  if (given) return given;
  const seen = new Set<string>();
  for (const r of rows.slice(0, 100)) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/**
 * Per-feature drift report between a reference and a current table, Evidently-style: each shared
 * column is auto-typed (numeric vs categorical), missing values are dropped, the default test is
 * chosen by {@link columnDrift} (KS / chi-squared p < 0.05 for ≤ 1,000 reference rows, normalised
 * Wasserstein / Jensen–Shannon ≥ 0.1 above), and the dataset drifts when at least half of the
 * columns drift.
 * @param reference reference rows
 * @param current current rows
 * @param options see {@link DriftReportOptions}
 */
export function driftReport(reference: readonly DriftRow[], current: readonly DriftRow[], options: DriftReportOptions = {}): DriftReport {
  if (reference.length === 0) throw new Error("driftReport: the reference table has no rows");
  if (current.length === 0) throw new Error("driftReport: the current table has no rows");
  const refCols = columnsOf(reference, options.referenceColumns);
  const curCols = new Set(columnsOf(current, options.currentColumns));
  const shared = refCols.filter((c) => curCols.has(c));
  let columns: string[];
  if (options.columns) {
    const missing = options.columns.filter((c) => !refCols.includes(c) || !curCols.has(c));
    if (missing.length > 0) {
      throw new Error(
        `driftReport: column(s) ${missing.map((c) => `"${c}"`).join(", ")} not in both tables; shared columns: ${shared.join(", ") || "(none)"}`,
      );
    }
    columns = options.columns;
  } else {
    columns = shared;
  }
  if (columns.length === 0) {
    throw new Error(
      `driftReport: the tables share no columns (reference: ${refCols.join(", ") || "(none)"}; current: ${[...curCols].join(", ") || "(none)"})`,
    );
  }
  const results: ColumnDriftResult[] = [];
  const skipped: { column: string; reason: string }[] = [];
  for (const col of columns) {
    const r = reference.map((row) => row[col]).filter((v) => !isMissing(v));
    const c = current.map((row) => row[col]).filter((v) => !isMissing(v));
    if (r.length === 0 || c.length === 0) {
      skipped.push({ column: col, reason: `no non-missing values in the ${r.length === 0 ? "reference" : "current"} table` });
      continue;
    }
    const kind = options.kinds?.[col] ?? inferColumnKind([...r, ...c]);
    let rv: unknown[] = r.map((v) => String(v));
    let cv: unknown[] = c.map((v) => String(v));
    if (kind === "numeric") {
      const rn = r.map(asNumber);
      const cn = c.map(asNumber);
      if ([...rn, ...cn].some((v) => v === null)) {
        throw new Error(`driftReport: column "${col}" was declared numeric but has non-numeric values`);
      }
      rv = rn;
      cv = cn;
    }
    const res = columnDrift(rv, cv, { kind, test: options.tests?.[col] });
    results.push({ ...res, column: col });
  }
  const driftShare = options.driftShare ?? 0.5;
  const driftedCount = results.filter((r) => r.drifted).length;
  const driftedShare = results.length ? driftedCount / results.length : 0;
  return {
    columns: results,
    skipped,
    driftedCount,
    driftedShare,
    driftShare,
    datasetDrift: results.length > 0 && driftedShare >= driftShare,
    referenceRows: reference.length,
    currentRows: current.length,
  };
}

function formatScore(x: number): string {
  if (x === 0) return "0";
  if (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e4) return x.toExponential(3);
  return x.toFixed(4);
}

/**
 * The report as a plain-text table (one line per column, then the dataset verdict).
 * @param report a {@link DriftReport}
 */
export function formatDriftReport(report: DriftReport): string {
  const header = ["column", "kind", "test", "score", "threshold", "drift"];
  const body = report.columns.map((r) => [
    r.column,
    r.kind,
    r.test,
    formatScore(r.score),
    `${r.scoreKind === "p-value" ? "p <" : "≥"} ${r.threshold}`,
    r.drifted ? "DRIFT" : "no",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const out = [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
  for (const s of report.skipped) out.push(`(skipped ${s.column}: ${s.reason})`);
  out.push(
    `${report.driftedCount} of ${report.columns.length} columns drifted (${(report.driftedShare * 100).toFixed(1)}%); ` +
      `dataset drift: ${report.datasetDrift ? "YES" : "no"} (threshold ${report.driftShare * 100}% of columns; ` +
      `reference ${report.referenceRows} rows, current ${report.currentRows} rows)`,
  );
  return out.join("\n");
}

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
 * Largest number of non-numeric entries a column of `nonMissing` values may hold and still count
 * as numeric (a typo or an unlisted missing-value marker such as "n/a"): 1% of the values, at
 * least one, provided numbers outnumber them 20 to 1.
 */
function tolerableInvalid(nonMissing: number, invalid: number): boolean {
  return invalid <= Math.max(1, Math.floor(nonMissing / 100)) && nonMissing - invalid >= 20 * invalid;
}

/**
 * Numeric when the non-missing values (of both samples, if you pass them together) are finite
 * numbers or strings that parse as one ("3", "-1.5e3"), all but a stray few: at most 1% of them
 * (at least one) may be something else, such as a typo, provided numbers outnumber them 20 to 1
 * ({@link driftReport} then drops those and warns). Otherwise categorical. A column with no values
 * at all is categorical.
 * @param values the column's values
 */
export function inferColumnKind(values: Iterable<unknown>): DriftColumnKind {
  let nonMissing = 0;
  let invalid = 0;
  for (const v of values) {
    if (isMissing(v)) continue;
    nonMissing++;
    if (asNumber(v) === null) invalid++;
  }
  if (nonMissing === 0 || nonMissing === invalid) return "categorical";
  return invalid === 0 || tolerableInvalid(nonMissing, invalid) ? "numeric" : "categorical";
}

/** Own property of a plain options object (so that a column named `__proto__` or `constructor` finds nothing inherited). */
function ownValue<V>(record: Record<string, V> | undefined, key: string): V | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
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
  /** Column order of the current table (default: keys of its first rows). */
  currentColumns?: string[];
  /**
   * What to do when `columns` is not given and the tables' columns differ: `"error"` (default)
   * throws, naming every column missing from either table; `"report"` tests the shared columns and
   * lists the others in {@link DriftReport.unmatchedColumns}.
   */
  onColumnMismatch?: "error" | "report";
}

/** The per-feature drift report over two tables. */
export interface DriftReport {
  /** One verdict per tested column. */
  columns: ColumnDriftResult[];
  /** Columns skipped, with the reason (e.g. no non-missing values). */
  skipped: { column: string; reason: string }[];
  /** Columns of only one table (not tested): empty unless `onColumnMismatch: "report"`. */
  unmatchedColumns: { referenceOnly: string[]; currentOnly: string[] };
  /** Problems in the data that did not stop the report, e.g. stray non-numbers dropped from a numeric column. */
  warnings: string[];
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
  const refSet = new Set(refCols);
  const unmatchedColumns = { referenceOnly: refCols.filter((c) => !curCols.has(c)), currentOnly: [...curCols].filter((c) => !refSet.has(c)) };
  const names = (cs: string[]): string => cs.map((c) => JSON.stringify(c)).join(", ");
  const mismatch = unmatchedColumns.referenceOnly.length + unmatchedColumns.currentOnly.length > 0;
  if (!options.columns && mismatch && (options.onColumnMismatch ?? "error") === "error" && shared.length > 0) {
    const parts = [];
    if (unmatchedColumns.referenceOnly.length) parts.push(`missing from the current table: ${names(unmatchedColumns.referenceOnly)}`);
    if (unmatchedColumns.currentOnly.length) parts.push(`not in the reference table: ${names(unmatchedColumns.currentOnly)}`);
    throw new Error(
      `driftReport: the tables' columns differ (${parts.join("; ")}); only ${names(shared)} are shared. ` +
        `Fix the files, or name the columns to test (columns option, --columns), or pass onColumnMismatch: "report".`,
    );
  }
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
  const warnings: string[] = [];
  const valueOf = (row: DriftRow, col: string): unknown => (Object.prototype.hasOwnProperty.call(row, col) ? row[col] : undefined);
  for (const col of columns) {
    let r = reference.map((row) => valueOf(row, col)).filter((v) => !isMissing(v));
    let c = current.map((row) => valueOf(row, col)).filter((v) => !isMissing(v));
    if (r.length === 0 || c.length === 0) {
      skipped.push({ column: col, reason: `no non-missing values in the ${r.length === 0 ? "reference" : "current"} table` });
      continue;
    }
    const declared = ownValue(options.kinds, col);
    const kind = declared ?? inferColumnKind([...r, ...c]);
    let rv: unknown[] = r.map((v) => String(v));
    let cv: unknown[] = c.map((v) => String(v));
    if (kind === "numeric") {
      const bad = [...r, ...c].filter((v) => asNumber(v) === null);
      if (bad.length > 0) {
        if (declared) throw new Error(`driftReport: column ${JSON.stringify(col)} was declared numeric but has non-numeric values (${names([...new Set(bad.map(String))].slice(0, 5))})`);
        const where = (vs: unknown[], table: string): string[] => (vs.some((v) => asNumber(v) === null) ? [`${vs.filter((v) => asNumber(v) === null).length} in the ${table}`] : []);
        warnings.push(
          `column ${JSON.stringify(col)}: ${bad.length} of ${r.length + c.length} values are not numbers (${[...where(r, "reference"), ...where(c, "current")].join(", ")}: ` +
            `${names([...new Set(bad.map(String))].slice(0, 5))}); treated as missing. Fix them in the data, or turn such markers into empty values before the report.`,
        );
        r = r.filter((v) => asNumber(v) !== null);
        c = c.filter((v) => asNumber(v) !== null);
      }
      rv = r.map(asNumber);
      cv = c.map(asNumber);
    }
    let res: ColumnDriftResult;
    try {
      res = columnDrift(rv, cv, { kind, test: ownValue(options.tests, col) });
    } catch (err) {
      throw new Error(`driftReport: column ${JSON.stringify(col)}: ${(err as Error).message}`);
    }
    results.push({ ...res, column: col });
  }
  const driftShare = options.driftShare ?? 0.5;
  const driftedCount = results.filter((r) => r.drifted).length;
  const driftedShare = results.length ? driftedCount / results.length : 0;
  return {
    columns: results,
    skipped,
    unmatchedColumns: options.columns ? { referenceOnly: [], currentOnly: [] } : unmatchedColumns,
    warnings,
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
  const { referenceOnly, currentOnly } = report.unmatchedColumns;
  if (referenceOnly.length) out.push(`(not tested, missing from the current table: ${referenceOnly.join(", ")})`);
  if (currentOnly.length) out.push(`(not tested, not in the reference table: ${currentOnly.join(", ")})`);
  for (const w of report.warnings) out.push(`warning: ${w}`);
  out.push(
    `${report.driftedCount} of ${report.columns.length} columns drifted (${(report.driftedShare * 100).toFixed(1)}%); ` +
      `dataset drift: ${report.datasetDrift ? "YES" : "no"} (threshold ${report.driftShare * 100}% of columns; ` +
      `reference ${report.referenceRows} rows, current ${report.currentRows} rows)`,
  );
  return out.join("\n");
}

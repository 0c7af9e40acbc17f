import { parseTimeValue, type TimeValue } from "./temporal-split";

/** "YYYY-MM" (UTC) of a time value. */
export function monthKey(time: TimeValue): string {
  const d = new Date(parseTimeValue(time));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}`;
}

/**
 * Groups rows by calendar month of their time (UTC), months in ascending order, rows in their
 * original order within a month.
 * @param rows the rows
 * @param timeKey the date column, or a function returning a row's time
 */
export function groupRowsByMonth<T>(rows: readonly T[], timeKey: keyof T | ((row: T) => TimeValue)): Map<string, T[]> {
  const get = typeof timeKey === "function" ? timeKey : (row: T) => row[timeKey] as unknown as TimeValue;
  const groups = new Map<string, T[]>();
  rows.forEach((row, i) => {
    let key: string;
    try {
      key = monthKey(get(row));
    } catch (err) {
      throw new Error(`groupRowsByMonth: row ${i}: ${(err as Error).message}`);
    }
    const g = groups.get(key);
    if (g) g.push(row);
    else groups.set(key, [row]);
  });
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One month of a {@link windowedEvaluation}. */
export interface MonthlyResult<R> {
  /** "YYYY-MM". */
  month: string;
  /** Rows in that month. */
  rows: number;
  /** What `evaluate` returned for the month's rows. */
  result: R;
}

/** Options of {@link windowedEvaluation}. */
export interface WindowedEvaluationOptions {
  /** Months with fewer rows are skipped (a partial last month can mislead). Default 1. */
  minRows?: number;
  /** Only months ≥ this "YYYY-MM" (e.g. the test period). Default: all. */
  from?: string;
  /** Only months ≤ this "YYYY-MM". Default: all. */
  to?: string;
}

/**
 * Evaluates something month by month: slices the rows by calendar month of `timeKey` and calls
 * `evaluate(monthRows, month)` for each, in time order. Typical use: accuracy of a model trained on
 * older data on each later month, or a drift report of each month against the training window.
 * @param rows the rows
 * @param timeKey the date column, or a function returning a row's time
 * @param evaluate computes the month's result
 * @param options see {@link WindowedEvaluationOptions}
 */
export function windowedEvaluation<T, R>(
  rows: readonly T[],
  timeKey: keyof T | ((row: T) => TimeValue),
  evaluate: (monthRows: T[], month: string) => R,
  options: WindowedEvaluationOptions = {},
): MonthlyResult<R>[] {
  const minRows = options.minRows ?? 1;
  const out: MonthlyResult<R>[] = [];
  for (const [month, monthRows] of groupRowsByMonth(rows, timeKey)) {
    if (monthRows.length < minRows) continue;
    if (options.from !== undefined && month < options.from) continue;
    if (options.to !== undefined && month > options.to) continue;
    out.push({ month, rows: monthRows.length, result: evaluate(monthRows, month) });
  }
  return out;
}

/** A point in time: a Date, epoch milliseconds, or an ISO string ("1997-05", "1997-05-04", "1997-05-04T10:00Z"). */
export type TimeValue = Date | number | string;

const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Epoch milliseconds (UTC) of a time value. "YYYY-MM" means the first day of that month and
 * "YYYY-MM-DD" midnight UTC, so results never depend on the machine's time zone. Throws with the
 * value when it cannot be parsed.
 * @param value the time value
 */
export function parseTimeValue(value: unknown): number {
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) throw new Error("invalid Date");
    return t;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`not a time: ${value}`);
    return value;
  }
  if (typeof value === "string") {
    const s = value.trim();
    let m = ISO_MONTH.exec(s);
    if (m) return checkedUtc(s, +m[1]!, +m[2]!, 1);
    m = ISO_DAY.exec(s);
    if (m) return checkedUtc(s, +m[1]!, +m[2]!, +m[3]!);
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return t;
  }
  throw new Error(`cannot read ${JSON.stringify(value)} as a date: use a Date, epoch ms, or ISO "YYYY-MM[-DD]"`);
}

function checkedUtc(s: string, y: number, mo: number, d: number): number {
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error(`invalid calendar date "${s}"`);
  }
  return t;
}

/**
 * Moves a time by whole calendar months (UTC), clamping the day to the target month's length
 * (2024-03-31 − 1 month = 2024-02-29). Use it for "six months ago": `shiftMonths(latest, -6)`.
 * @param time the starting time
 * @param months months to add (negative to go back)
 */
export function shiftMonths(time: TimeValue, months: number): Date {
  const d = new Date(parseTimeValue(time));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const target = new Date(Date.UTC(y, m, 1, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target;
}

/** Options of {@link temporalSplit}. Intervals are half-open: start ≤ t < end. */
export interface TemporalSplitOptions {
  /** Rows before this time can be training rows (required). */
  trainEnd: TimeValue;
  /** Rows from this time on can be test rows. Default: `trainEnd` (no gap). Must not precede `trainEnd`. */
  testStart?: TimeValue;
  /** Earliest training time. Default: no lower bound. */
  trainStart?: TimeValue;
  /** End of the test window (exclusive). Default: no upper bound. */
  testEnd?: TimeValue;
}

/** Result of {@link temporalSplit}. */
export interface TemporalSplit<T> {
  train: T[];
  test: T[];
  /** Rows that fall in neither window (the gap, or outside the bounds). */
  unused: number;
  /** The windows actually covered by the rows, ISO strings (null when a window is empty). */
  trainRange: { first: string; last: string } | null;
  testRange: { first: string; last: string } | null;
}

/**
 * Splits rows by time instead of at random, so a model is trained on the past and tested on the
 * future ("train on data from six months ago, test on current data"): train = rows with
 * trainStart ≤ t < trainEnd, test = rows with testStart ≤ t < testEnd. Row order is kept. A gap
 * between trainEnd and testStart mimics the delay before a model reaches production; an overlap is
 * refused because it leaks the future into training.
 * @param rows the rows
 * @param timeKey the date column, or a function returning a row's time
 * @param options see {@link TemporalSplitOptions}
 */
export function temporalSplit<T>(
  rows: readonly T[],
  timeKey: keyof T | ((row: T) => TimeValue),
  options: TemporalSplitOptions,
): TemporalSplit<T> {
  const get = typeof timeKey === "function" ? timeKey : (row: T) => row[timeKey] as unknown as TimeValue;
  const trainEnd = parseTimeValue(options.trainEnd);
  const testStart = options.testStart === undefined ? trainEnd : parseTimeValue(options.testStart);
  const trainStart = options.trainStart === undefined ? -Infinity : parseTimeValue(options.trainStart);
  const testEnd = options.testEnd === undefined ? Infinity : parseTimeValue(options.testEnd);
  if (testStart < trainEnd) {
    throw new Error("temporalSplit: testStart is before trainEnd, so train and test overlap (future data would leak into training)");
  }
  if (trainStart >= trainEnd) throw new Error("temporalSplit: trainStart must be before trainEnd");
  const train: T[] = [];
  const test: T[] = [];
  let unused = 0;
  let tr: [number, number] | null = null;
  let te: [number, number] | null = null;
  const widen = (r: [number, number] | null, t: number): [number, number] => (r ? [Math.min(r[0], t), Math.max(r[1], t)] : [t, t]);
  rows.forEach((row, i) => {
    let t: number;
    try {
      t = parseTimeValue(get(row));
    } catch (err) {
      throw new Error(`temporalSplit: row ${i}: ${(err as Error).message}`);
    }
    if (t >= trainStart && t < trainEnd) {
      train.push(row);
      tr = widen(tr, t);
    } else if (t >= testStart && t < testEnd) {
      test.push(row);
      te = widen(te, t);
    } else unused++;
  });
  const iso = (r: [number, number] | null) => (r ? { first: new Date(r[0]).toISOString(), last: new Date(r[1]).toISOString() } : null);
  return { train, test, unused, trainRange: iso(tr), testRange: iso(te) };
}

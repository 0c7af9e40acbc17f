import { groupRowsByMonth, monthKey } from "./windowed-evaluation";
import { parseTimeValue, shiftMonths, temporalSplit, type TimeValue } from "./temporal-split";

/**
 * How a model is trained and applied, for the time-based evaluations of this folder: `fit` trains on
 * rows, `predict` labels rows (one prediction per row, same order), `label` reads a row's truth.
 * Predictions and labels are compared with `===` after `String()`.
 */
export interface TimedModelSpec<T, M> {
  /** The date column, or a function returning a row's time. */
  timeKey: keyof T | ((row: T) => TimeValue);
  /** Trains a model on rows (called once per training window). */
  fit: (rows: T[]) => M;
  /** Predicted labels of rows, one per row. */
  predict: (model: M, rows: T[]) => readonly unknown[];
  /** True label of a row. */
  label: (row: T) => unknown;
}

/** Accuracy of predictions against the rows' labels (0 for no rows). */
export function accuracyOfModel<T, M>(spec: Pick<TimedModelSpec<T, M>, "predict" | "label">, model: M, rows: T[]): number {
  if (rows.length === 0) return 0;
  const pred = spec.predict(model, rows);
  if (pred.length !== rows.length) throw new Error(`predict returned ${pred.length} predictions for ${rows.length} rows; return one per row`);
  let ok = 0;
  for (let i = 0; i < rows.length; i++) if (String(pred[i]) === String(spec.label(rows[i]!))) ok++;
  return ok / rows.length;
}

function majorityLabel<T>(rows: readonly T[], label: (row: T) => unknown): string {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const k = String(label(r));
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let best = "";
  let n = -1;
  for (const [k, c] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (c > n) {
      best = k;
      n = c;
    }
  }
  return best;
}

/** Options of {@link accuracyOverTime}. */
export interface AccuracyOverTimeOptions<T, M> extends TimedModelSpec<T, M> {
  /** The first this many calendar months (that have rows) train the model; every later month is a test month. Default `6`. */
  trainMonths?: number;
  /**
   * Also train, for every test month, a *fresh* model on the `freshMonths` months just before it
   * (what a model retrained right before the month would score), to tell "the model got old" from
   * "this month is hard". Default `0`: no fresh models.
   */
  freshMonths?: number;
  /** Months with fewer rows are skipped (a partial last month can mislead). Default `1`. */
  minRows?: number;
  /** Called after each test month (e.g. to tick a progress bar). */
  onMonth?: (month: string) => void;
}

/** One test month of {@link accuracyOverTime}. */
export interface MonthAccuracy {
  /** "YYYY-MM". */
  month: string;
  /** Rows in the month. */
  rows: number;
  /** Months between the end of training and this month (1 = the month right after training). */
  monthsSinceTraining: number;
  /** Accuracy of the model trained on the first months. */
  accuracy: number;
  /** Accuracy of always answering the training window's most frequent label (the floor to beat). */
  majorityAccuracy: number;
  /** Accuracy of a model trained on the `freshMonths` months just before (null when not asked for). */
  freshAccuracy: number | null;
}

/** Result of {@link accuracyOverTime}. */
export interface AccuracyOverTime {
  /** Months used for training ("YYYY-MM"). */
  trainMonths: string[];
  /** Training rows. */
  trainRows: number;
  /** Accuracy on the training rows themselves (the optimistic number a notebook reports at deploy time). */
  trainAccuracy: number;
  /** The training window's most frequent label. */
  majorityLabel: string;
  /** One entry per later month, in time order. */
  months: MonthAccuracy[];
}

/**
 * "Model performance stays the same"? Trains once on the first `trainMonths` calendar months and
 * evaluates month by month on every later month, beside the majority-label floor and (optionally)
 * a model retrained on the months just before each test month. Months are UTC calendar months of
 * `timeKey`; rows never cross from the future into a training window.
 * @example
 * const r = accuracyOverTime(rows, { timeKey: "date_seq", trainMonths: 6, freshMonths: 1, fit, predict, label: (r) => r.class });
 */
export function accuracyOverTime<T, M>(rows: readonly T[], options: AccuracyOverTimeOptions<T, M>): AccuracyOverTime {
  const trainMonths = options.trainMonths ?? 6;
  const freshMonths = options.freshMonths ?? 0;
  const minRows = options.minRows ?? 1;
  if (!Number.isInteger(trainMonths) || trainMonths < 1) throw new RangeError(`accuracyOverTime: trainMonths must be an integer >= 1, got ${trainMonths}`);
  if (!Number.isInteger(freshMonths) || freshMonths < 0) throw new RangeError(`accuracyOverTime: freshMonths must be an integer >= 0, got ${freshMonths}`);
  const byMonth = groupRowsByMonth(rows, options.timeKey);
  const keys = [...byMonth.keys()];
  if (keys.length <= trainMonths) {
    throw new Error(`accuracyOverTime: the rows span ${keys.length} month(s); need more than trainMonths = ${trainMonths} to have a month to test on`);
  }
  const trainKeys = keys.slice(0, trainMonths);
  const train = trainKeys.flatMap((k) => byMonth.get(k)!);
  const model = options.fit(train);
  const majority = majorityLabel(train, options.label);
  const months: MonthAccuracy[] = [];
  for (let i = trainMonths; i < keys.length; i++) {
    const month = keys[i]!;
    const monthRows = byMonth.get(month)!;
    if (monthRows.length < minRows) continue;
    let freshAccuracy: number | null = null;
    if (freshMonths > 0) {
      const fresh = options.fit(keys.slice(Math.max(0, i - freshMonths), i).flatMap((k) => byMonth.get(k)!));
      freshAccuracy = accuracyOfModel(options, fresh, monthRows);
    }
    months.push({
      month,
      rows: monthRows.length,
      monthsSinceTraining: i - trainMonths + 1,
      accuracy: accuracyOfModel(options, model, monthRows),
      majorityAccuracy: monthRows.filter((r) => String(options.label(r)) === majority).length / monthRows.length,
      freshAccuracy,
    });
    options.onMonth?.(month);
  }
  return { trainMonths: trainKeys, trainRows: train.length, trainAccuracy: accuracyOfModel(options, model, train), majorityLabel: majority, months };
}

/** Options of {@link trainOldTestCurrent}. */
export interface TrainOldTestCurrentOptions<T, M> extends TimedModelSpec<T, M> {
  /** How old the stale model's data is: its training window ends this many months before the current window. Default `6`. */
  ageMonths?: number;
  /** Length of each training window in months. Default `6`. */
  trainMonths?: number;
  /** Length of the current (test) window in months. Default `1`. */
  currentMonths?: number;
  /**
   * End of the current window (exclusive), e.g. `"1998-12"`. Default: the first day of the month
   * after the latest row (so the current window is the latest `currentMonths` calendar months).
   */
  currentEnd?: TimeValue;
}

/** One side of {@link trainOldTestCurrent}. */
export interface WindowAccuracy {
  /** Training window, "YYYY-MM" of its first and last month (half-open end given as the first excluded month). */
  trainFrom: string;
  trainTo: string;
  /** Training rows. */
  trainRows: number;
  /** Accuracy on the current window. */
  accuracy: number;
}

/** Result of {@link trainOldTestCurrent}. */
export interface TrainOldTestCurrentResult {
  /** Current window: first month and first month after it. */
  currentFrom: string;
  currentTo: string;
  /** Rows in the current window. */
  currentRows: number;
  /** The model trained on data `ageMonths` old. */
  stale: WindowAccuracy;
  /** The model trained on the months right before the current window. */
  fresh: WindowAccuracy;
  /** `fresh.accuracy − stale.accuracy`: what the data's age costs (negative when the old model did better). */
  drop: number;
}

/**
 * Chip Huyen's tip as a function: "train models on data generated six months ago and test on
 * current data to see how much worse they get". Trains one model on a window ending `ageMonths`
 * before the current window and one on the window just before it, and tests both on the current
 * window; the difference is what the data's age costs. Windows are half-open calendar-month ranges.
 */
export function trainOldTestCurrent<T, M>(rows: readonly T[], options: TrainOldTestCurrentOptions<T, M>): TrainOldTestCurrentResult {
  const ageMonths = options.ageMonths ?? 6;
  const trainMonths = options.trainMonths ?? 6;
  const currentMonths = options.currentMonths ?? 1;
  for (const [k, v] of Object.entries({ ageMonths, trainMonths, currentMonths })) {
    if (!Number.isInteger(v) || v < (k === "ageMonths" ? 0 : 1)) throw new RangeError(`trainOldTestCurrent: ${k} must be a whole number of months (>= ${k === "ageMonths" ? 0 : 1}), got ${v}`);
  }
  const get = typeof options.timeKey === "function" ? options.timeKey : (row: T) => row[options.timeKey as keyof T] as unknown as TimeValue;
  let currentEnd: Date;
  if (options.currentEnd !== undefined) currentEnd = new Date(parseTimeValue(options.currentEnd));
  else {
    let latest = -Infinity;
    for (const r of rows) latest = Math.max(latest, parseTimeValue(get(r)));
    if (!Number.isFinite(latest)) throw new Error("trainOldTestCurrent: no rows");
    currentEnd = shiftMonths(monthKey(latest), 1);
  }
  const currentStart = shiftMonths(currentEnd, -currentMonths);
  const window = (end: Date): { rows: T[]; from: Date; to: Date } => {
    const from = shiftMonths(end, -trainMonths);
    const s = temporalSplit(rows, get, { trainStart: from, trainEnd: end, testStart: end, testEnd: end });
    return { rows: s.train, from, to: end };
  };
  const current = temporalSplit(rows, get, { trainStart: shiftMonths(currentStart, -1), trainEnd: currentStart, testStart: currentStart, testEnd: currentEnd }).test;
  if (current.length === 0) throw new Error(`trainOldTestCurrent: no rows in the current window ${monthKey(currentStart)} … ${monthKey(currentEnd)} (exclusive); set currentEnd`);
  const side = (end: Date, what: string): WindowAccuracy => {
    const w = window(end);
    if (w.rows.length === 0) throw new Error(`trainOldTestCurrent: the ${what} training window ${monthKey(w.from)} … ${monthKey(w.to)} (exclusive) has no rows; use a smaller ageMonths or trainMonths`);
    const model = options.fit(w.rows);
    return { trainFrom: monthKey(w.from), trainTo: monthKey(w.to), trainRows: w.rows.length, accuracy: accuracyOfModel(options, model, current) };
  };
  const stale = side(shiftMonths(currentStart, -ageMonths), "stale");
  const fresh = side(currentStart, "fresh");
  return { currentFrom: monthKey(currentStart), currentTo: monthKey(currentEnd), currentRows: current.length, stale, fresh, drop: fresh.accuracy - stale.accuracy };
}

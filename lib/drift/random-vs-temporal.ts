/**
 * "Train on data from six months ago and test on current data": the research estimate (a random
 * split) beside the production one (train on the past, test on the future, month by month).
 * @packageDocumentation
 */
import { stratifiedSplit } from "../data/sample";
import { accuracyOfModel, type TimedModelSpec } from "./accuracy-over-time";
import { groupRowsByMonth } from "./windowed-evaluation";

/** Options of {@link randomVsTemporalSplit}. */
export interface RandomVsTemporalOptions<T, M> extends TimedModelSpec<T, M> {
  /** The first this many calendar months (that have rows) train the model; the later ones test it. Default 6. */
  trainMonths?: number;
  /** Also fit the research estimate: a random split with the same training size, stratified by label. Default true. */
  randomSplit?: boolean;
  /** Seed of the random split. Default 5. */
  seed?: number;
}

/** One later month of {@link randomVsTemporalSplit}. */
export interface TemporalMonthAccuracy {
  /** "YYYY-MM". */
  month: string;
  /** Rows in the month. */
  rows: number;
  /** Accuracy of the model trained on the first months. */
  accuracy: number;
  /** Accuracy of always answering this month's own most frequent label (the floor to beat). */
  majorityAccuracy: number;
}

/** Result of {@link randomVsTemporalSplit}. */
export interface RandomVsTemporalResult {
  /** Training months ("YYYY-MM"), in time order. */
  trainMonths: string[];
  /** Training rows (the same number for both estimates). */
  trainRows: number;
  /** Rows after the training months. */
  laterRows: number;
  /** Trained on the first months, tested on every later row. */
  temporalAccuracy: number;
  /** Trained on a random, label-stratified draw of `trainRows` rows, tested on the rest (null when `randomSplit` is false). */
  randomSplitAccuracy: number | null;
  /** Every later month, in time order. */
  months: TemporalMonthAccuracy[];
}

/**
 * The research estimate against the production one on the same rows: trains once on the first
 * `trainMonths` calendar months and tests on all later rows and month by month (beside each
 * month's majority-label floor); and, unless `randomSplit` is false, trains on a random
 * label-stratified draw of as many rows from the whole period and tests on the rest.
 * @param rows the rows, any order (grouped by the calendar month of `timeKey`)
 * @param options the model spec (`timeKey`, `fit`, `predict`, `label`), trainMonths (6), randomSplit (true), seed (5)
 */
export function randomVsTemporalSplit<T, M>(rows: readonly T[], options: RandomVsTemporalOptions<T, M>): RandomVsTemporalResult {
  const trainMonths = options.trainMonths ?? 6;
  if (!Number.isInteger(trainMonths) || trainMonths < 1) throw new RangeError(`randomVsTemporalSplit: trainMonths must be an integer >= 1, got ${trainMonths}`);
  const byMonth = groupRowsByMonth(rows, options.timeKey);
  const keys = [...byMonth.keys()];
  if (keys.length <= trainMonths) {
    throw new Error(`randomVsTemporalSplit: the rows span ${keys.length} month(s); need more than trainMonths = ${trainMonths} to have a month to test on`);
  }
  const train = keys.slice(0, trainMonths).flatMap((k) => byMonth.get(k)!);
  const later = keys.slice(trainMonths).flatMap((k) => byMonth.get(k)!);
  const model = options.fit(train);
  const months = keys.slice(trainMonths).map((month) => {
    const monthRows = byMonth.get(month)!;
    const counts = new Map<string, number>();
    for (const r of monthRows) counts.set(String(options.label(r)), (counts.get(String(options.label(r))) ?? 0) + 1);
    return { month, rows: monthRows.length, accuracy: accuracyOfModel(options, model, monthRows), majorityAccuracy: Math.max(...counts.values()) / monthRows.length };
  });
  let randomSplitAccuracy: number | null = null;
  if (options.randomSplit ?? true) {
    const split = stratifiedSplit(rows, { testFraction: 1 - train.length / rows.length, seed: options.seed ?? 5, key: (r) => String(options.label(r)) });
    randomSplitAccuracy = accuracyOfModel(options, options.fit(split.train), split.test);
  }
  return { trainMonths: keys.slice(0, trainMonths), trainRows: train.length, laterRows: later.length, temporalAccuracy: accuracyOfModel(options, model, later), randomSplitAccuracy, months };
}

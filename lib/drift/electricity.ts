import { loadRows, type TableRow } from "../data/load";
import { TabularClassifier, type TabularClassifierOptions } from "../models/tabular-classifier";
import type { TabularTaskColumns } from "../models/tabular-tasks";
import type { TimedModelSpec } from "./accuracy-over-time";

/** A row of the electricity (Elec2) dataset as {@link loadElectricityRows} returns it. */
export type ElectricityRow = TableRow & {
  /** ISO date derived from row order ("1996-05-07" …): the time axis. */
  date_seq: string;
  /** Half-hour of the day as a category ("0" … "47"), so a linear model can learn the daily shape. */
  slot: string;
  /** "UP" or "DOWN": the NSW price against its 24-hour moving average. */
  class: string;
};

/**
 * The course's electricity task: predict UP/DOWN from demand, the Victoria market and the time of
 * day/week. Left out on purpose: `nswprice` and `date` (the label is defined from the NSW price,
 * so they leak it; Gama et al. drop both), the derived index columns, and `period` (replaced by the
 * categorical `slot`).
 */
export const ELECTRICITY_UPDOWN_TASK: TabularTaskColumns & { excluded: Readonly<Record<string, string>> } = {
  label: "class",
  positive: "UP",
  numeric: ["nswdemand", "vicprice", "vicdemand", "transfer"],
  categorical: ["day", "slot"],
  excluded: {
    nswprice: "the label is defined from it (leaks the answer)",
    date: "a normalized yymmdd code that is not monotonic, and leaks time",
    period: "replaced by the categorical slot (a linear model cannot learn the daily shape from k/47)",
    row: "index",
    day_index: "index",
    month_seq: "index",
    period_index: "index (same as slot)",
    date_seq: "the time axis, used to split, never as a feature",
  },
};

/** Loads electricity's 45,312 rows (verified) in time order, with the categorical `slot` added. */
export async function loadElectricityRows(): Promise<ElectricityRow[]> {
  const rows = await loadRows("electricity", "all");
  return rows.map((r) => ({ ...r, slot: String(r.period_index) }) as ElectricityRow);
}

/**
 * The model spec the time-based evaluations take ({@link TimedModelSpec}) for the electricity task:
 * a {@link TabularClassifier} (one-hot + standardisation + logistic regression) refitted on each
 * training window, predicting "UP"/"DOWN" at threshold 0.5, time axis `date_seq`.
 * @param options classifier options; default model `{ epochs: 3, batchSize: 128 }` (fast enough to retrain hundreds of times)
 * @param task the columns; default {@link ELECTRICITY_UPDOWN_TASK} (pass a variant to show what a leaky column does)
 */
export function electricityModelSpec(options: TabularClassifierOptions = {}, task: TabularTaskColumns = ELECTRICITY_UPDOWN_TASK): TimedModelSpec<ElectricityRow, TabularClassifier> {
  const model = { epochs: 3, batchSize: 128, ...(options.model ?? {}) };
  return {
    timeKey: "date_seq",
    fit: (rows) => TabularClassifier.fit(rows, task, { ...options, model }),
    predict: (clf, rows) => clf.predictMany(rows).map((y) => (y === 1 ? "UP" : "DOWN")),
    label: (row) => row.class,
  };
}

import { accuracyOfModel, type TimedModelSpec } from "./accuracy-over-time";
import { parseTimeValue, type TimeValue } from "./temporal-split";
import { monthKey } from "./windowed-evaluation";
import { bisectLeft } from "../stats/bisect";

const DAY_MS = 86_400_000;

/**
 * The cost model of {@link simulateRetraining}: total cost = retrains × `perRetrain` + wrong
 * predictions × `perError`, in one unit of your choice (the ratio is what matters). A retrain's
 * cost stands for everything a new version needs (compute, validation, review, rollout); an
 * error's cost for what one wrong prediction costs the business.
 */
export interface RetrainingCostModel {
  /** Cost of one retrain-and-deploy. Default `50`. */
  perRetrain?: number;
  /** Cost of one wrong prediction. Default `1`. */
  perError?: number;
}

/** Options of {@link simulateRetraining}. */
export interface RetrainingSimulationOptions<T, M> extends TimedModelSpec<T, M> {
  /** The first model is trained on the first `initialDays` days; evaluation starts right after. Default `90`. */
  initialDays?: number;
  /**
   * Each retrain uses the last `windowDays` days of labelled data; `Infinity` = all data so far
   * (expanding window). The first model always uses the whole initial window, so every cadence
   * starts from the same model. Default: `initialDays`.
   */
  windowDays?: number;
  /** Cadences to simulate, in days between retrains; `Infinity` = never retrain. Default `[7, 30, 90, Infinity]`. */
  cadencesDays?: number[];
  /** Labels arrive this many days late: a retrain at day d only sees rows before d − delay. Default `0`. */
  labelDelayDays?: number;
  /** Cost model (see {@link RetrainingCostModel}). Default `{ perRetrain: 50, perError: 1 }`. */
  cost?: RetrainingCostModel;
  /** Called after each cadence (e.g. to tick a progress bar). */
  onCadence?: (run: RetrainingRun) => void;
}

/** Cost of one simulated cadence under a {@link RetrainingCostModel}. */
export interface RetrainingCost {
  /** retrains × perRetrain. */
  retrainCost: number;
  /** errors × perError. */
  errorCost: number;
  /** The sum. */
  totalCost: number;
}

/** One cadence of {@link simulateRetraining}. */
export interface RetrainingRun extends RetrainingCost {
  /** Days between retrains (`Infinity` = never). */
  cadenceDays: number;
  /** `"every 7 days"` or `"never"`. */
  name: string;
  /** Retrains after the initial training. */
  retrains: number;
  /** Rows evaluated (every row after the initial window). */
  evaluated: number;
  /** Wrong predictions among them. */
  errors: number;
  /** 1 − errors / evaluated. */
  accuracy: number;
  /** Accuracy per calendar month of the evaluation period. */
  monthly: { month: string; rows: number; accuracy: number }[];
  /** Wall time spent in `fit`, seconds (measured; varies between runs). */
  fitSeconds: number;
}

/** Result of {@link simulateRetraining}. */
export interface RetrainingSimulation {
  /** First and last evaluated day (ISO dates). */
  evaluationFrom: string;
  evaluationTo: string;
  /** The cost model used (defaults filled in). */
  cost: Required<RetrainingCostModel>;
  /** One run per cadence, in the order given. */
  runs: RetrainingRun[];
}

/** Name of a cadence: "every 7 days", "every day" or "never". */
export function cadenceName(days: number): string {
  if (days === Infinity) return "never";
  return days === 1 ? "every day" : `every ${days} days`;
}

/**
 * The cost of a simulated run under another cost model (no refitting needed: it is arithmetic on
 * `retrains` and `errors`).
 * @param run a run of {@link simulateRetraining} (or anything with `retrains` and `errors`)
 * @param cost the cost model; defaults `{ perRetrain: 50, perError: 1 }`
 */
export function retrainingCost(run: { retrains: number; errors: number }, cost: RetrainingCostModel = {}): RetrainingCost {
  const perRetrain = cost.perRetrain ?? 50;
  const perError = cost.perError ?? 1;
  if (!(perRetrain >= 0) || !(perError >= 0)) throw new RangeError(`retrainingCost: costs must be >= 0, got perRetrain ${perRetrain}, perError ${perError}`);
  const retrainCost = run.retrains * perRetrain;
  const errorCost = run.errors * perError;
  return { retrainCost, errorCost, totalCost: retrainCost + errorCost };
}

/**
 * "You won't need to update your models much"? Replays a timestamped dataset as a deployment would
 * live it: the first model is trained on the first `initialDays` days; from then on, for each
 * cadence, the model is retrained every `cadenceDays` days on the latest `windowDays` days of
 * labelled data (seen `labelDelayDays` late) and predicts every row until the next retrain.
 * Reports accuracy (overall and per month), retrains, errors and the total cost under the stated
 * cost model, so accuracy and cost can be charted against cadence. Deterministic when `fit` is.
 * @example
 * const sim = simulateRetraining(rows, { timeKey: "date_seq", fit, predict, label: (r) => r.class, cadencesDays: [7, 30, Infinity] });
 */
export function simulateRetraining<T, M>(rows: readonly T[], options: RetrainingSimulationOptions<T, M>): RetrainingSimulation {
  const initialDays = options.initialDays ?? 90;
  const windowDays = options.windowDays ?? initialDays;
  const delay = options.labelDelayDays ?? 0;
  const cadences = options.cadencesDays ?? [7, 30, 90, Infinity];
  const cost = { perRetrain: options.cost?.perRetrain ?? 50, perError: options.cost?.perError ?? 1 };
  if (!(initialDays > 0)) throw new RangeError(`simulateRetraining: initialDays must be > 0, got ${initialDays}`);
  if (!(windowDays > 0)) throw new RangeError(`simulateRetraining: windowDays must be > 0 (Infinity for an expanding window), got ${windowDays}`);
  if (!(delay >= 0) || delay >= initialDays) throw new RangeError(`simulateRetraining: labelDelayDays must be >= 0 and < initialDays, got ${delay}`);
  if (cadences.length === 0) throw new RangeError("simulateRetraining: give at least one cadence");
  for (const c of cadences) if (!(c > 0)) throw new RangeError(`simulateRetraining: a cadence must be > 0 days (Infinity = never), got ${c}`);
  if (rows.length === 0) throw new Error("simulateRetraining: no rows");

  const get = typeof options.timeKey === "function" ? options.timeKey : (row: T) => row[options.timeKey as keyof T] as unknown as TimeValue;
  const withDay = rows.map((row, i) => {
    let t: number;
    try {
      t = parseTimeValue(get(row));
    } catch (e) {
      throw new Error(`simulateRetraining: row ${i}: ${(e as Error).message}`);
    }
    return { row, day: t / DAY_MS, i };
  });
  withDay.sort((a, b) => a.day - b.day || a.i - b.i); // stable: keeps file order within a time
  const sorted = withDay.map((x) => x.row);
  const days = Float64Array.from(withDay, (x) => x.day);
  const day0 = Math.floor(days[0]!);
  const lastDay = days[days.length - 1]!;
  const evalStart = day0 + initialDays;
  const firstEval = bisectLeft(days, evalStart);
  if (firstEval >= sorted.length) throw new Error(`simulateRetraining: no rows after the first ${initialDays} days; use a smaller initialDays`);
  const months = sorted.map((_, k) => (k >= firstEval ? monthKey(days[k]! * DAY_MS) : ""));

  const runs: RetrainingRun[] = [];
  for (const cadence of cadences) {
    let errors = 0;
    let retrains = -1;
    let fitMs = 0;
    const perMonth = new Map<string, { rows: number; ok: number }>();
    for (let start = evalStart; start <= lastDay; start += cadence) {
      const end = cadence === Infinity ? Infinity : start + cadence;
      const from = bisectLeft(days, start);
      const to = end === Infinity ? sorted.length : bisectLeft(days, end);
      if (to <= from) continue; // no rows in this period (a gap in the data): nothing to retrain for
      const trainTo = bisectLeft(days, start - delay);
      // the first model sees the whole initial window, so every cadence starts from the same model
      const trainFrom = windowDays === Infinity || start === evalStart ? 0 : bisectLeft(days, start - delay - windowDays);
      const trainRows = sorted.slice(trainFrom, trainTo);
      if (trainRows.length === 0) throw new Error(`simulateRetraining: no labelled rows to train on before day ${start - day0}; check windowDays and labelDelayDays`);
      const t0 = performance.now();
      const model = options.fit(trainRows);
      fitMs += performance.now() - t0;
      retrains++;
      const test = sorted.slice(from, to);
      const pred = options.predict(model, test);
      if (pred.length !== test.length) throw new Error(`simulateRetraining: predict returned ${pred.length} predictions for ${test.length} rows`);
      for (let k = 0; k < test.length; k++) {
        const ok = String(pred[k]) === String(options.label(test[k]!));
        if (!ok) errors++;
        const m = months[from + k]!;
        const e = perMonth.get(m) ?? { rows: 0, ok: 0 };
        e.rows++;
        if (ok) e.ok++;
        perMonth.set(m, e);
      }
    }
    const evaluated = sorted.length - firstEval;
    const run: RetrainingRun = {
      cadenceDays: cadence,
      name: cadenceName(cadence),
      retrains: Math.max(0, retrains),
      evaluated,
      errors,
      accuracy: 1 - errors / evaluated,
      monthly: [...perMonth.entries()].map(([month, e]) => ({ month, rows: e.rows, accuracy: e.ok / e.rows })),
      fitSeconds: fitMs / 1000,
      ...retrainingCost({ retrains: Math.max(0, retrains), errors }, cost),
    };
    runs.push(run);
    options.onCadence?.(run);
  }
  const iso = (d: number): string => new Date(d * DAY_MS).toISOString().slice(0, 10);
  return { evaluationFrom: iso(days[firstEval]!), evaluationTo: iso(lastDay), cost, runs };
}

/** Options of {@link cheapestRetrainingCadence}. */
export interface CheapestCadenceOptions {
  /** Only runs with accuracy ≥ this qualify. Default `0` (any). */
  minAccuracy?: number;
  /** Re-price the runs under this cost model first. Default: their own `totalCost`. */
  cost?: RetrainingCostModel;
}

/**
 * The cheapest run (lowest total cost) among those whose accuracy is at least `minAccuracy`; ties
 * go to the less frequent retraining. Null when no run is accurate enough.
 * @param runs runs of {@link simulateRetraining}
 * @param options minAccuracy (0) and an optional cost model to re-price with
 */
export function cheapestRetrainingCadence(runs: readonly RetrainingRun[], options: CheapestCadenceOptions = {}): RetrainingRun | null {
  const minAccuracy = options.minAccuracy ?? 0;
  let best: RetrainingRun | null = null;
  let bestCost = Infinity;
  for (const r of runs) {
    if (r.accuracy < minAccuracy) continue;
    const c = options.cost ? retrainingCost(r, options.cost).totalCost : r.totalCost;
    if (c < bestCost || (c === bestCost && best !== null && r.cadenceDays > best.cadenceDays)) {
      best = r;
      bestCost = c;
    }
  }
  return best;
}

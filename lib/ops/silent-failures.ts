import { ksTwoSample } from "../drift/ks-test";
import { ELECTRICITY_UPDOWN_TASK, type ElectricityRow } from "../drift/electricity";
import { TabularClassifier } from "../models/tabular-classifier";
import { learnExpectations, validateBatch, type BatchExpectations } from "./validation";

/** The silent failures {@link plantFailure} can plant. */
export type SilentFailureKind = "null-column" | "unit-change" | "malformed-logs" | "stale-cache";

/** What each planted failure does (for tables and the notebook). */
export const SILENT_FAILURES: Readonly<Record<SilentFailureKind, string>> = {
  "null-column": "the Victoria price feed dies: vicprice arrives null (the model imputes its training mean)",
  "unit-change": "an upstream team reports nswdemand in kW instead of MW-scale units (×1000)",
  "malformed-logs": "20% of log lines are truncated: nswdemand reads \"#N/A\" and transfer is missing",
  "stale-cache": "a cache keyed without the date serves yesterday's prediction for the same half-hour",
};

/** A day of the monitored stream: the rows as logged and the predictions served for them. */
export interface MonitoredDay {
  date: string;
  /** Rows as the log holds them (possibly broken). */
  rows: Record<string, unknown>[];
  /** Predictions served, "UP"/"DOWN", one per row. */
  predictions: string[];
  /** Date each served prediction was computed for (a fresh one equals `date`). */
  predictedFor: string[];
  /** True labels (known one day later). */
  labels: string[];
}

function clean(row: Record<string, unknown>, numeric: readonly string[]): Record<string, unknown> {
  const o: Record<string, unknown> = { ...row };
  for (const c of numeric) if (typeof o[c] !== "number" || !Number.isFinite(o[c] as number)) o[c] = null;
  return o;
}

/**
 * Returns a copy of `day` (rows as logged, predictions as served by `model`) with `kind` planted.
 * @param previous the day before (its served predictions feed the stale cache)
 */
export function plantFailure(day: MonitoredDay, kind: SilentFailureKind | null, model: TabularClassifier, previous: MonitoredDay | null, everyFifth = 5): MonitoredDay {
  const numeric = ELECTRICITY_UPDOWN_TASK.numeric;
  let rows = day.rows.map((r) => ({ ...r }));
  if (kind === "null-column") rows.forEach((r) => (r.vicprice = null));
  if (kind === "unit-change") rows.forEach((r) => (r.nswdemand = (r.nswdemand as number) * 1000));
  if (kind === "malformed-logs") {
    rows = rows.map((r, i) => {
      if (i % everyFifth !== 0) return r;
      const { transfer: _dropped, ...rest } = r;
      return { ...rest, nswdemand: "#N/A" };
    });
  }
  const served = model.predictMany(rows.map((r) => clean(r, numeric)) as ElectricityRow[]).map((y) => (y === 1 ? "UP" : "DOWN"));
  if (kind === "stale-cache" && previous && previous.predictions.length === served.length) {
    return { ...day, rows, predictions: previous.predictions.slice(), predictedFor: previous.predictedFor.slice() };
  }
  return { ...day, rows, predictions: served, predictedFor: served.map(() => day.date) };
}

/** Per monitoring method, the days it raised an alarm. */
export interface MonitorAlarms {
  validation: boolean[];
  /** KS test per feature at p < 0.01 (Bonferroni), the textbook rule. */
  drift: boolean[];
  /** KS statistic above the largest one seen on the calibration days (a threshold tuned to this data). */
  driftCalibrated: boolean[];
  accuracy: boolean[];
}

/** Calibration of the three monitors, learned from trusted days. */
export interface MonitorCalibration {
  expectations: BatchExpectations;
  /** Reference values of each numeric feature for the KS tests. */
  reference: Record<string, number[]>;
  /** Accuracy alarm below this (mean − 3 sd of the calibration days' daily accuracy). */
  accuracyFloor: number;
  /** KS p-value below which a feature counts as drifted (0.01 / features: Bonferroni). */
  driftP: number;
  /** Per feature, the largest daily KS statistic over the calibration days. */
  driftD: Record<string, number>;
}

/** Learns the monitors' expectations, KS references and accuracy floor from trusted (healthy) days. */
export function calibrateMonitors(days: readonly MonitoredDay[]): MonitorCalibration {
  const numeric = ELECTRICITY_UPDOWN_TASK.numeric;
  const rows = days.flatMap((d) => d.rows);
  // Elec2's numeric columns are normalized to [0, 1] by its authors: state that range instead of learning it
  const expectations = learnExpectations(rows, numeric, ELECTRICITY_UPDOWN_TASK.categorical, { bounds: Object.fromEntries(numeric.map((c) => [c, [0, 1]])) });
  const reference = Object.fromEntries(numeric.map((c) => [c, rows.map((r) => r[c]).filter((v): v is number => typeof v === "number")]));
  const driftD = Object.fromEntries(numeric.map((c) => [c, Math.max(...days.map((d) => ksTwoSample(reference[c]!, numbersOf(d, c)).statistic))]));
  const accs = days.map(dailyAccuracy);
  const mean = accs.reduce((s, a) => s + a, 0) / accs.length;
  const sd = Math.sqrt(accs.reduce((s, a) => s + (a - mean) ** 2, 0) / Math.max(1, accs.length - 1));
  return { expectations, reference, accuracyFloor: mean - 3 * sd, driftP: 0.01 / numeric.length, driftD };
}

function numbersOf(d: MonitoredDay, c: string): number[] {
  return d.rows.map((r) => r[c]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
}

/** Share of a day's served predictions that match its labels. */
export function dailyAccuracy(day: MonitoredDay): number {
  return day.predictions.filter((p, i) => p === day.labels[i]).length / day.labels.length;
}

/**
 * Runs the three monitors on each day: data validation (zod shape, null rates, ranges, categories,
 * and the freshness of the served predictions), drift (KS per numeric feature against the
 * calibration days, Bonferroni), and accuracy monitoring (the day's accuracy, known a day later,
 * under the floor; an alarm on day d is raised on day d + 1).
 */
export function runMonitors(days: readonly MonitoredDay[], cal: MonitorCalibration): MonitorAlarms {
  const numeric = ELECTRICITY_UPDOWN_TASK.numeric;
  const validation = days.map((d) => validateBatch(d.rows, cal.expectations).length > 0 || d.predictedFor.some((f) => f !== d.date));
  const ks = days.map((d) => numeric.map((c) => (numbersOf(d, c).length ? ksTwoSample(cal.reference[c]!, numbersOf(d, c)) : null)));
  const drift = ks.map((row) => row.some((t) => t !== null && t.pValue < cal.driftP));
  const driftCalibrated = ks.map((row) => row.some((t, j) => t !== null && t.statistic > cal.driftD[numeric[j]!]!));
  const accuracy = days.map((_, i) => i > 0 && dailyAccuracy(days[i - 1]!) < cal.accuracyFloor);
  return { validation, drift, driftCalibrated, accuracy };
}

/** Options of {@link silentFailureExperiment}; every field has a default. */
export interface SilentFailureOptions {
  /** Days the model trains on, just before the calibration window. Default `120`. */
  trainDays?: number;
  /** First day (index) of the calibration window. Default `500` (the Victoria columns are real from day 363 on; before they are a constant fill). */
  calibrationStart?: number;
  /** Days in each window: calibration, healthy monitoring, failure. Default `60`. */
  windowDays?: number;
}

/** One failure's measured time to detect, per method. */
export interface SilentFailureRow {
  failure: SilentFailureKind;
  description: string;
  /** Days from the failure's first day to each method's first alarm (0 = same day); null = never within the window. */
  daysToDetect: { validation: number | null; drift: number | null; driftCalibrated: number | null; accuracy: number | null };
  /** Accuracy of the served predictions over the failure window (healthy stream: see `healthyAccuracy`). */
  servedAccuracy: number;
}

/** What {@link silentFailureExperiment} measured. */
export interface SilentFailureResult {
  trainDays: number;
  windows: { calibration: [string, string]; healthy: [string, string]; failure: [string, string] };
  /** Share of the healthy window's days on which each method alarmed anyway (false alarms). */
  falseAlarmRate: { validation: number; drift: number; driftCalibrated: number; accuracy: number };
  healthyAccuracy: number;
  accuracyFloor: number;
  failures: SilentFailureRow[];
}

/**
 * Plants each silent failure into the electricity stream (in time order) and measures each
 * monitor's time to detect, beside its false-alarm rate on healthy days just before.
 */
export function silentFailureExperiment(all: readonly ElectricityRow[], options: SilentFailureOptions = {}): SilentFailureResult {
  const trainDays = options.trainDays ?? 120;
  const calStart = options.calibrationStart ?? 500;
  const w = options.windowDays ?? 60;
  const byDay = new Map<string, ElectricityRow[]>();
  for (const r of all) byDay.set(r.date_seq, [...(byDay.get(r.date_seq) ?? []), r]);
  const dates = [...byDay.keys()].sort();
  if (dates.length < calStart + 3 * w) throw new Error(`silentFailureExperiment: need ${calStart + 3 * w} days, the rows span ${dates.length}`);
  if (calStart < trainDays) throw new Error(`silentFailureExperiment: calibrationStart (${calStart}) must leave ${trainDays} training days before it`);
  const model = TabularClassifier.fit(dates.slice(calStart - trainDays, calStart).flatMap((d) => byDay.get(d)!), ELECTRICITY_UPDOWN_TASK, { model: { epochs: 3, batchSize: 128 } });
  const dayOf = (i: number, kind: SilentFailureKind | null, prev: MonitoredDay | null): MonitoredDay => {
    const rows = byDay.get(dates[i]!)!;
    const base: MonitoredDay = { date: dates[i]!, rows: rows as Record<string, unknown>[], predictions: [], predictedFor: [], labels: rows.map((r) => r.class) };
    return plantFailure(base, kind, model, prev);
  };
  const build = (from: number, to: number, kind: SilentFailureKind | null, failFrom: number): MonitoredDay[] => {
    const out: MonitoredDay[] = [];
    for (let i = from; i < to; i++) out.push(dayOf(i, i >= failFrom ? kind : null, out[out.length - 1] ?? null));
    return out;
  };
  const cal = calibrateMonitors(build(calStart, calStart + w, null, Infinity));
  const healthy = build(calStart + w, calStart + 2 * w, null, Infinity);
  const hAlarms = runMonitors(healthy, cal);
  const rate = (xs: boolean[]): number => xs.filter(Boolean).length / xs.length;
  const acc = (days: MonitoredDay[]): number => days.reduce((s, d) => s + dailyAccuracy(d) * d.labels.length, 0) / days.reduce((s, d) => s + d.labels.length, 0);
  const failStart = calStart + 2 * w;
  const failures = (Object.keys(SILENT_FAILURES) as SilentFailureKind[]).map((kind) => {
    const days = build(failStart - 1, failStart + w, kind, failStart).slice(1); // the day before feeds the stale cache
    const alarms = runMonitors(days, cal);
    const first = (xs: boolean[]): number | null => {
      const i = xs.indexOf(true);
      return i < 0 ? null : i;
    };
    return { failure: kind, description: SILENT_FAILURES[kind], daysToDetect: { validation: first(alarms.validation), drift: first(alarms.drift), driftCalibrated: first(alarms.driftCalibrated), accuracy: first(alarms.accuracy) }, servedAccuracy: acc(days) };
  });
  return {
    trainDays,
    windows: {
      calibration: [dates[calStart]!, dates[calStart + w - 1]!],
      healthy: [dates[calStart + w]!, dates[calStart + 2 * w - 1]!],
      failure: [dates[failStart]!, dates[failStart + w - 1]!],
    },
    falseAlarmRate: { validation: rate(hAlarms.validation), drift: rate(hAlarms.drift), driftCalibrated: rate(hAlarms.driftCalibrated), accuracy: rate(hAlarms.accuracy) },
    healthyAccuracy: acc(healthy),
    accuracyFloor: cal.accuracyFloor,
    failures,
  };
}

import { createRng } from "../data/random";
import { percentile } from "../metrics/percentile";
import { bernoulliCusum, calibrateAlarmThreshold, firstCrossing } from "./cusum";

/** Options of {@link shadowDetection}; every field has a default. */
export interface ShadowDetectionOptions {
  /** Replays (random arrival orders) of each stream. Default `200`. */
  replays?: number;
  /** Requests watched per replay. Default `2000`. */
  horizon?: number;
  /** Allowed share of control replays that ever alarm. Default `0.01`. */
  falseAlarmRate?: number;
  /** The CUSUM is tuned to detect p1 = shift·p0. Default `2`. */
  shift?: number;
  /** Seed of the arrival orders. Default `42`. */
  seed?: number;
}

/** What {@link shadowDetection} measured. */
export interface ShadowDetectionResult {
  /** In-control disagreement rate (the healthy candidate's). */
  p0: number;
  /** Rate the CUSUM is tuned for. */
  p1: number;
  /** Alarm threshold calibrated on the control replays. */
  threshold: number;
  /** Share of control replays that alarmed within the horizon (≤ falseAlarmRate by construction). */
  controlFalseAlarmRate: number;
  /** Share of defect replays that alarmed within the horizon. */
  detectedShare: number;
  /** Requests until the alarm over the defect replays that alarmed: median, 90th percentile, max. */
  requestsToDetect: { median: number; p90: number; max: number };
  replays: number;
  horizon: number;
}

function replayOrders(xs: Uint8Array, replays: number, horizon: number, seed: number): Uint8Array[] {
  const rng = createRng(seed);
  const idx = Array.from(xs, (_, i) => i);
  return Array.from({ length: replays }, () => {
    rng.shuffle(idx);
    return Uint8Array.from(idx.slice(0, horizon), (i) => xs[i]!);
  });
}

/**
 * How many requests shadow mode needs to catch a defective candidate: a Bernoulli CUSUM on the
 * per-request disagreement with production, its threshold calibrated so that at most
 * `falseAlarmRate` of replays of the healthy candidate (control) ever alarm, then run on replays of
 * the defective one. Each replay is a random arrival order of the real, measured disagreements.
 * @param control 0/1 disagreements of the healthy candidate with production, per request
 * @param defect 0/1 disagreements of the defective candidate with production, per request
 * @throws when the control never disagrees or never agrees (no rate to calibrate on)
 */
export function shadowDetection(control: Uint8Array, defect: Uint8Array, options: ShadowDetectionOptions = {}): ShadowDetectionResult {
  const replays = options.replays ?? 200;
  const horizon = Math.min(options.horizon ?? 2000, control.length, defect.length);
  const seed = options.seed ?? 42;
  const p0 = control.reduce((s, x) => s + x, 0) / control.length;
  if (!(p0 > 0 && p0 < 1)) throw new Error(`shadowDetection: the control's disagreement rate is ${p0}; it must lie strictly between 0 and 1 to calibrate on.`);
  const p1 = Math.min(0.999, p0 * (options.shift ?? 2));
  const controlPaths = replayOrders(control, replays, horizon, seed).map((x) => bernoulliCusum(x, p0, p1));
  const threshold = calibrateAlarmThreshold(controlPaths, options.falseAlarmRate ?? 0.01);
  const falseAlarms = controlPaths.filter((p) => firstCrossing(p, threshold) !== null).length;
  const times = replayOrders(defect, replays, horizon, seed + 1)
    .map((x) => firstCrossing(bernoulliCusum(x, p0, p1), threshold))
    .filter((t): t is number => t !== null);
  return {
    p0,
    p1,
    threshold,
    controlFalseAlarmRate: falseAlarms / replays,
    detectedShare: times.length / replays,
    requestsToDetect: times.length ? { median: percentile(times, 50), p90: percentile(times, 90), max: Math.max(...times) } : { median: NaN, p90: NaN, max: NaN },
    replays,
    horizon,
  };
}

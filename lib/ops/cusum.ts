/**
 * Page's CUSUM for a Bernoulli stream (e.g. "did the shadow model disagree with production on this
 * request?"): S_0 = 0, S_n = max(0, S_{n−1} + x_n·ln(p1/p0) + (1 − x_n)·ln((1 − p1)/(1 − p0))).
 * It raises an alarm the first time S_n ≥ h. Returns the whole path S_1 … S_n.
 * @param xs the 0/1 events in arrival order
 * @param p0 the in-control rate (what a healthy candidate shows)
 * @param p1 the out-of-control rate to detect quickly (> p0)
 * @throws when the rates are not 0 < p0 < p1 < 1
 */
export function bernoulliCusum(xs: ArrayLike<number>, p0: number, p1: number): Float64Array {
  if (!(p0 > 0 && p1 > p0 && p1 < 1)) throw new Error(`bernoulliCusum: need 0 < p0 < p1 < 1, got p0=${p0}, p1=${p1}`);
  const up = Math.log(p1 / p0);
  const down = Math.log((1 - p1) / (1 - p0));
  const out = new Float64Array(xs.length);
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    s = Math.max(0, s + (xs[i] ? up : down));
    out[i] = s;
  }
  return out;
}

/** Index + 1 of the first value ≥ `threshold` (the number of events seen at the alarm), or `null` if none. */
export function firstCrossing(path: ArrayLike<number>, threshold: number): number | null {
  for (let i = 0; i < path.length; i++) if (path[i]! >= threshold) return i + 1;
  return null;
}

/**
 * The smallest alarm threshold h such that at most `falseAlarmRate` of the in-control paths ever
 * reach h (each path's maximum is one sample; h sits just above the ⌈(1 − rate)·n⌉-th smallest
 * maximum). With 200 control replays and rate 0.01, at most 2 of them would have alarmed.
 * @throws when there are no paths or the rate is outside [0, 1)
 */
export function calibrateAlarmThreshold(controlPaths: readonly ArrayLike<number>[], falseAlarmRate = 0.01): number {
  if (!controlPaths.length) throw new Error("calibrateAlarmThreshold: give at least one in-control path (replays of the healthy candidate).");
  if (!(falseAlarmRate >= 0 && falseAlarmRate < 1)) throw new Error(`calibrateAlarmThreshold: falseAlarmRate must lie in [0, 1), got ${falseAlarmRate}`);
  const maxima = controlPaths.map((p) => {
    let m = 0;
    for (let i = 0; i < p.length; i++) m = Math.max(m, p[i]!);
    return m;
  }).sort((a, b) => a - b);
  const allowed = Math.floor(falseAlarmRate * maxima.length); // paths allowed to alarm
  const kth = maxima[maxima.length - 1 - allowed]!;
  return kth * (1 + 1e-9) + 1e-12;
}

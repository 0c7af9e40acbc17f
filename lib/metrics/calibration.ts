import { sortClassLabels, type ClassLabel } from "./class-label";
import { checkSameLength, isPositiveLabel } from "./internal";

/** One probability bin of a calibration curve. */
export interface CalibrationBin {
  /** Lower edge (exclusive, except the first bin, which includes 0). */
  lo: number;
  /** Upper edge (inclusive). */
  hi: number;
  /** Items whose predicted probability fell in the bin. */
  count: number;
  /** Mean predicted probability in the bin; null when empty. */
  meanPredicted: number | null;
  /** Fraction of positives in the bin; null when empty. */
  fractionPositive: number | null;
}

/** A calibration curve with its summary errors. */
export interface CalibrationCurve {
  /** Every bin, empty ones included (count 0, nulls). */
  bins: CalibrationBin[];
  /** Expected calibration error: Σ (count/n)·|fractionPositive − meanPredicted| over non-empty bins. */
  ece: number;
  /** Largest |fractionPositive − meanPredicted| over non-empty bins. */
  mce: number;
  /** Brier score, mean of (p − y)². */
  brier: number;
  /** Items. */
  count: number;
}

/** Calibration curve of one group. */
export interface GroupCalibration<G extends ClassLabel = ClassLabel> extends CalibrationCurve {
  /** The group. */
  group: G;
}

/** Options of {@link calibrationCurve} and {@link calibrationByGroup}. */
export interface CalibrationOptions {
  /** Number of equal-width bins on [0, 1]; default 10 (scikit-learn's `calibration_curve` default is 5). */
  bins?: number;
  /** Label value meaning positive; default 1 (boolean `true` too). */
  posLabel?: ClassLabel;
}

/**
 * Binned calibration curve, binned exactly as scikit-learn's `calibration_curve(strategy="uniform")`:
 * edges `np.linspace(0, 1, bins + 1)` (i·(1/bins), the last one 1) and the bin of `p` is
 * `np.searchsorted(edges[1:-1], p)` (side "left"), so a probability equal to an edge goes to the
 * lower bin: bins are `(lo, hi]` and the first one also holds 0. Unlike `calibration_curve`, empty
 * bins are kept (count 0).
 * @param yTrue true binary labels
 * @param probs predicted probability of the positive class, in [0, 1]
 * @param options bins (10), posLabel (1)
 */
export function calibrationCurve(yTrue: readonly ClassLabel[], probs: readonly number[], options: CalibrationOptions = {}): CalibrationCurve {
  checkSameLength(yTrue, probs, "calibrationCurve", ["yTrue", "probs"]);
  const nb = options.bins ?? 10;
  if (!Number.isInteger(nb) || nb < 1) throw new Error(`calibrationCurve: bins must be a positive integer, got ${nb}`);
  const pos = options.posLabel ?? 1;
  const step = 1 / nb;
  const edges = Array.from({ length: nb + 1 }, (_, i) => (i === nb ? 1 : i * step));
  const cnt = new Array<number>(nb).fill(0);
  const sumP = new Array<number>(nb).fill(0);
  const sumY = new Array<number>(nb).fill(0);
  let brier = 0;
  for (let k = 0; k < probs.length; k++) {
    const p = probs[k]!;
    if (!(p >= 0 && p <= 1)) throw new Error(`calibrationCurve: probs[${k}] = ${p} is not a probability in [0, 1]`);
    const y = isPositiveLabel(yTrue[k]!, pos) ? 1 : 0;
    let b = 0;
    for (let e = 1; e < nb; e++) if (edges[e]! < p) b = e;
    cnt[b]!++;
    sumP[b]! += p;
    sumY[b]! += y;
    brier += (p - y) ** 2;
  }
  const n = probs.length;
  let ece = 0;
  let mce = 0;
  const bins: CalibrationBin[] = cnt.map((c, b) => {
    if (c === 0) return { lo: edges[b]!, hi: edges[b + 1]!, count: 0, meanPredicted: null, fractionPositive: null };
    const mp = sumP[b]! / c;
    const fp = sumY[b]! / c;
    const gap = Math.abs(fp - mp);
    ece += (c / n) * gap;
    if (gap > mce) mce = gap;
    return { lo: edges[b]!, hi: edges[b + 1]!, count: c, meanPredicted: mp, fractionPositive: fp };
  });
  return { bins, ece, mce, brier: n ? brier / n : 0, count: n };
}

/**
 * Calibration curve per group: whether "70% likely" means 70% for every group.
 * @param yTrue true binary labels
 * @param probs predicted probability of the positive class
 * @param groups sensitive feature per item
 * @param options bins (10), posLabel (1)
 */
export function calibrationByGroup<G extends ClassLabel>(
  yTrue: readonly ClassLabel[],
  probs: readonly number[],
  groups: readonly G[],
  options: CalibrationOptions = {},
): GroupCalibration<G>[] {
  checkSameLength(yTrue, probs, "calibrationByGroup", ["yTrue", "probs"]);
  checkSameLength(yTrue, groups, "calibrationByGroup", ["yTrue", "groups"]);
  return sortClassLabels(groups).map((g) => {
    const ii: number[] = [];
    for (let i = 0; i < groups.length; i++) if (groups[i] === g) ii.push(i);
    return { group: g, ...calibrationCurve(ii.map((i) => yTrue[i]!), ii.map((i) => probs[i]!), options) };
  });
}

import { createRng } from "../data/random";

/** Options of {@link permutationImportance}. */
export interface PermutationImportanceOptions<Y, P> {
  /** Columns to permute, one at a time. */
  features: readonly string[];
  /**
   * Score of predictions against the truth. Default: accuracy (fraction of rows where
   * `String(prediction) === String(truth)`), so `predict` must then return labels, not probabilities.
   */
  metric?: (yTrue: readonly Y[], predictions: readonly P[]) => number;
  /** `true` (default) when a higher metric is better (accuracy, AUC); `false` for a loss. */
  higherIsBetter?: boolean;
  /** Shuffles per feature. Default `5`. */
  repeats?: number;
  /** Seed of the shuffles. Default `42`. */
  seed?: number;
}

/** Importance of one feature. */
export interface FeatureImportance {
  /** The permuted column. */
  feature: string;
  /** Mean drop in the metric when the column is shuffled (positive = the model relies on it). */
  meanDrop: number;
  /** Standard deviation of the drops over the repeats (population, as scikit-learn). */
  stdDrop: number;
  /** Drop at each repeat. */
  drops: number[];
}

/** What {@link permutationImportance} returns. */
export interface PermutationImportanceResult {
  /** Metric on the unshuffled rows. */
  baseline: number;
  /** One entry per feature, largest mean drop first. */
  importances: FeatureImportance[];
}

function checkInputs<R, Y, P>(rows: readonly R[], yTrue: readonly Y[], options: PermutationImportanceOptions<Y, P>, fn: string): { repeats: number; seed: number } {
  if (!Array.isArray(rows) || rows.length < 2) throw new RangeError(`${fn}: needs at least 2 rows to shuffle.`);
  if (yTrue.length !== rows.length) throw new RangeError(`${fn}: ${rows.length} rows but ${yTrue.length} labels.`);
  if (!options || !Array.isArray(options.features) || options.features.length === 0) throw new RangeError(`${fn}: give options.features, the columns to permute.`);
  const first = rows[0] as Record<string, unknown>;
  for (const f of options.features) if (!(f in first)) throw new RangeError(`${fn}: rows have no column "${f}" (they have: ${Object.keys(first).join(", ")}).`);
  const repeats = options.repeats ?? 5;
  if (!(Number.isInteger(repeats) && repeats >= 1)) throw new RangeError(`${fn}: repeats must be a positive integer, got ${repeats}.`);
  return { repeats, seed: options.seed ?? 42 };
}

function defaultAccuracy(yTrue: readonly unknown[], pred: readonly unknown[]): number {
  let ok = 0;
  for (let i = 0; i < yTrue.length; i++) if (String(yTrue[i]) === String(pred[i])) ok++;
  return ok / yTrue.length;
}

/** The permuted copies of `rows` in the order the functions evaluate them. */
function* permutations<R>(rows: readonly R[], features: readonly string[], repeats: number, seed: number): Generator<{ feature: string; rows: R[] }> {
  const rng = createRng(seed);
  for (const feature of features) {
    for (let r = 0; r < repeats; r++) {
      const perm = rng.shuffle(Array.from(rows.keys()));
      yield { feature, rows: rows.map((row, i) => ({ ...row, [feature]: (rows[perm[i]!] as Record<string, unknown>)[feature] }) as R) };
    }
  }
}

function summarise(baseline: number, scores: Map<string, number[]>, higherIsBetter: boolean): PermutationImportanceResult {
  const importances = [...scores].map(([feature, s]) => {
    const drops = s.map((v) => (higherIsBetter ? baseline - v : v - baseline));
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, d) => a + (d - mean) * (d - mean), 0) / drops.length);
    return { feature, meanDrop: mean, stdDrop: std, drops };
  });
  importances.sort((a, b) => b.meanDrop - a.meanDrop || (a.feature < b.feature ? -1 : 1));
  return { baseline, importances };
}

/**
 * Permutation importance (Breiman 2001; scikit-learn's `permutation_importance`): shuffle one
 * column across rows, re-score, and report how much the metric drops, mean ± std over `repeats`
 * seeded shuffles. It works on any model (only `predict` is called) and measures what the model
 * uses on this data, not what is causally important; correlated columns share (and can hide) their
 * importance. Score on held-out rows.
 * @param rows evaluation rows (objects with the feature columns)
 * @param yTrue truth per row
 * @param predict predictions for a batch of rows (labels for the default accuracy metric)
 * @param options features (required), metric (accuracy), higherIsBetter (true), repeats (5), seed (42)
 * @example permutationImportance(testRows, clf.labelsOf(testRows), (rs) => clf.predictMany(rs), { features: ["age", "sex"] })
 */
export function permutationImportance<R extends object, Y, P>(
  rows: readonly R[],
  yTrue: readonly Y[],
  predict: (rows: readonly R[]) => readonly P[],
  options: PermutationImportanceOptions<Y, P>,
): PermutationImportanceResult {
  const { repeats, seed } = checkInputs(rows, yTrue, options, "permutationImportance");
  const metric = options.metric ?? (defaultAccuracy as (y: readonly Y[], p: readonly P[]) => number);
  const score = (rs: readonly R[]): number => {
    const p = predict(rs);
    if (p.length !== rs.length) throw new RangeError(`permutationImportance: predict returned ${p.length} predictions for ${rs.length} rows.`);
    return metric(yTrue, p);
  };
  const baseline = score(rows);
  const scores = new Map<string, number[]>(options.features.map((f) => [f, []]));
  for (const { feature, rows: permuted } of permutations(rows, options.features, repeats, seed)) scores.get(feature)!.push(score(permuted));
  return summarise(baseline, scores, options.higherIsBetter ?? true);
}

/**
 * {@link permutationImportance} for an asynchronous `predict` (e.g. an onnxruntime session); the
 * same shuffles for the same seed, evaluated one after another.
 */
export async function permutationImportanceAsync<R extends object, Y, P>(
  rows: readonly R[],
  yTrue: readonly Y[],
  predict: (rows: readonly R[]) => Promise<readonly P[]>,
  options: PermutationImportanceOptions<Y, P>,
): Promise<PermutationImportanceResult> {
  const { repeats, seed } = checkInputs(rows, yTrue, options, "permutationImportanceAsync");
  const metric = options.metric ?? (defaultAccuracy as (y: readonly Y[], p: readonly P[]) => number);
  const score = async (rs: readonly R[]): Promise<number> => {
    const p = await predict(rs);
    if (p.length !== rs.length) throw new RangeError(`permutationImportanceAsync: predict returned ${p.length} predictions for ${rs.length} rows.`);
    return metric(yTrue, p);
  };
  const baseline = await score(rows);
  const scores = new Map<string, number[]>(options.features.map((f) => [f, []]));
  for (const { feature, rows: permuted } of permutations(rows, options.features, repeats, seed)) scores.get(feature)!.push(await score(permuted));
  return summarise(baseline, scores, options.higherIsBetter ?? true);
}

import { createRng } from "../data/random";
import { LogisticRegression, type LogisticRegressionOptions } from "../models/logistic-regression";
import type { SparseVector } from "../text/sparse";

/**
 * Label poisoning: flips a share of labels, each to a different class drawn at random.
 * @returns the new labels and the indices that were flipped (sorted)
 * @throws when the share is outside [0, 1] or there are fewer than two classes
 */
export function flipLabels(labels: readonly number[], share: number, nClasses: number, seed = 42): { labels: number[]; flipped: number[] } {
  if (!(share >= 0 && share <= 1)) throw new Error(`flipLabels: share must lie in [0, 1], got ${share}`);
  if (nClasses < 2) throw new Error(`flipLabels: need at least two classes to flip between, got ${nClasses}`);
  const rng = createRng(seed);
  const idx = rng.shuffle(labels.map((_, i) => i)).slice(0, Math.round(share * labels.length)).sort((a, b) => a - b);
  const out = labels.slice();
  for (const i of idx) out[i] = (labels[i]! + 1 + rng.int(nClasses - 1)) % nClasses;
  return { labels: out, flipped: idx };
}

/**
 * Ranks training rows by how suspicious their label is: the cross-entropy of the given label under
 * a model that never saw the row (k-fold cross-fitting), highest first.
 * @returns row indices, most suspicious first, and each row's loss
 */
export function rankByHeldOutLoss(X: readonly SparseVector[], y: readonly number[], nFeatures: number, nClasses: number, options: { folds?: number; seed?: number; model?: LogisticRegressionOptions } = {}): { order: number[]; loss: Float64Array } {
  const folds = options.folds ?? 2;
  if (!(Number.isInteger(folds) && folds >= 2)) throw new Error(`rankByHeldOutLoss: folds must be an integer ≥ 2, got ${folds}`);
  const rng = createRng(options.seed ?? 42);
  const fold = rng.shuffle(y.map((_, i) => i % folds));
  const loss = new Float64Array(y.length);
  for (let f = 0; f < folds; f++) {
    const tr = y.map((_, i) => i).filter((i) => fold[i] !== f);
    const lr = new LogisticRegression({ epochs: 10, seed: 1, ...options.model }).fit(tr.map((i) => X[i]!), tr.map((i) => y[i]!), nFeatures, nClasses);
    for (let i = 0; i < y.length; i++) if (fold[i] === f) loss[i] = -Math.log(Math.max(lr.predictProba(X[i]!)[y[i]!]!, 1e-12));
  }
  const order = y.map((_, i) => i).sort((a, b) => loss[b]! - loss[a]! || a - b);
  return { order, loss };
}

/** Precision and recall of the first k of `ranked` against the truly poisoned rows. */
export function precisionRecallAtK(ranked: readonly number[], poisoned: readonly number[], k: number): { precision: number; recall: number } {
  if (!(Number.isInteger(k) && k > 0)) throw new Error(`precisionRecallAtK: k must be a positive integer, got ${k}`);
  const truth = new Set(poisoned);
  const hits = ranked.slice(0, k).filter((i) => truth.has(i)).length;
  return { precision: hits / Math.min(k, ranked.length), recall: truth.size ? hits / truth.size : NaN };
}

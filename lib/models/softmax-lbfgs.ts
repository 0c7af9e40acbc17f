import type { SparseVector } from "../text/sparse";
import { softmaxInPlace } from "./encode";
import { minimizeLbfgs, type LbfgsOptions, type LbfgsResult } from "./lbfgs";

/** Options of {@link fitSoftmaxLbfgs}. */
export interface SoftmaxLbfgsOptions extends Pick<LbfgsOptions, "maxIterations" | "gradientTolerance" | "functionTolerance" | "onIteration"> {
  /** scikit-learn's C (inverse L2 strength, > 0). */
  C: number;
  /** Starting weights, feature-major `[nFeatures, nClasses]` (default zeros). */
  initialWeights?: Float32Array;
  /** Starting bias `[nClasses]` (default zeros). */
  initialBias?: Float32Array;
}

/** Weights found by {@link fitSoftmaxLbfgs} and how the minimisation ended. */
export interface SoftmaxLbfgsFit {
  /** W, feature-major `[nFeatures, nClasses]`. */
  weights: Float32Array;
  /** Bias `[nClasses]`. */
  bias: Float32Array;
  /** The L-BFGS outcome; `f` is the objective divided by the number of rows. */
  result: Omit<LbfgsResult, "x">;
}

/**
 * Full-batch multinomial logistic regression with scikit-learn's objective,
 * `C · Σᵢ −log softmax(xᵢW + b)[yᵢ] + ½‖W‖²` (bias not penalised), as `LogisticRegression(C=C,
 * solver="lbfgs")` minimises for more than two classes (and, as a softmax over two, for two).
 * It is minimised divided by C·n, i.e. mean cross-entropy + ‖W‖² / (2·C·n), which has the same
 * minimiser; the tolerances apply to that scaled objective.
 * @param X sparse rows
 * @param y class ids 0..nClasses−1
 * @param nFeatures input dimension
 * @param nClasses number of classes
 * @param options C, tolerances and starting point
 */
export function fitSoftmaxLbfgs(X: readonly SparseVector[], y: readonly number[], nFeatures: number, nClasses: number, options: SoftmaxLbfgsOptions): SoftmaxLbfgsFit {
  const { C } = options;
  if (!(C > 0)) throw new RangeError(`fitSoftmaxLbfgs: C must be > 0, got ${C}.`);
  const F = nFeatures;
  const K = nClasses;
  const n = X.length;
  const nW = F * K;
  const lambda = 1 / (C * n);
  const theta = new Float64Array(nW + K);
  if (options.initialWeights) theta.set(options.initialWeights);
  if (options.initialBias) theta.set(options.initialBias, nW);
  const p = new Float64Array(K);
  const objective = (w: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const x = X[i]!;
      for (let c = 0; c < K; c++) p[c] = w[nW + c]!;
      for (let k = 0; k < x.indices.length; k++) {
        const row = x.indices[k]! * K;
        const v = x.values[k]!;
        for (let c = 0; c < K; c++) p[c]! += v * w[row + c]!;
      }
      softmaxInPlace(p);
      const yi = y[i]!;
      loss -= Math.log(Math.max(p[yi]!, 1e-300));
      p[yi]! -= 1;
      for (let c = 0; c < K; c++) grad[nW + c]! += p[c]!;
      for (let k = 0; k < x.indices.length; k++) {
        const row = x.indices[k]! * K;
        const v = x.values[k]!;
        for (let c = 0; c < K; c++) grad[row + c]! += v * p[c]!;
      }
    }
    let penalty = 0;
    for (let j = 0; j < nW; j++) {
      penalty += w[j]! * w[j]!;
      grad[j] = grad[j]! / n + lambda * w[j]!;
    }
    for (let c = 0; c < K; c++) grad[nW + c]! /= n;
    return loss / n + 0.5 * lambda * penalty;
  };
  const r = minimizeLbfgs(objective, theta, {
    maxIterations: options.maxIterations,
    gradientTolerance: options.gradientTolerance,
    functionTolerance: options.functionTolerance,
    onIteration: options.onIteration,
  });
  const { x: _x, ...result } = r;
  return { weights: Float32Array.from(theta.subarray(0, nW)), bias: Float32Array.from(theta.subarray(nW)), result };
}

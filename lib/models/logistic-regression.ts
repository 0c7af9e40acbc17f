import { createRng } from "../data/random";
import type { SparseVector } from "../text/sparse";
import { float32ToBase64, base64ToFloat32, softmaxInPlace, argmaxIndex } from "./encode";
import { fitSoftmaxLbfgs, type SoftmaxLbfgsFit } from "./softmax-lbfgs";

/** Options for {@link LogisticRegression}; every field has a default. */
export interface LogisticRegressionOptions {
  /** Adam/SGD only: L2 penalty λ, the loss is mean cross-entropy + λ/2·‖W‖² (bias not penalised). Default `1e-5`. */
  l2?: number;
  /**
   * L-BFGS only: scikit-learn's C, the objective is C·Σ cross-entropy + ½‖W‖² (bias not penalised),
   * as `sklearn.linear_model.LogisticRegression(C=C)` (multinomial, lbfgs). Default `1` (scikit-learn's).
   */
  C?: number;
  /** L-BFGS only: iterations at most. Default `1000`. */
  maxIterations?: number;
  /**
   * L-BFGS only: converged when max |gradient| of the objective divided by C·n is ≤ this, or its
   * relative decrease in one iteration ≤ 1e-12. Default `1e-6`.
   */
  tolerance?: number;
  /** Adam/SGD: step size. Default `0.05` for Adam, `0.5` for SGD. */
  learningRate?: number;
  /** Adam/SGD: passes over the training set. Default `10`. */
  epochs?: number;
  /** Adam/SGD: rows per mini-batch. Default `32`. */
  batchSize?: number;
  /**
   * `"adam"` (default; mini-batch, lazy: only rows of W that the batch touches are updated), `"sgd"`,
   * or `"lbfgs"`: full-batch L-BFGS on scikit-learn's objective (see `C`), run to convergence; the
   * epoch, batch, learning-rate, validation and patience options do not apply to it.
   */
  optimizer?: "adam" | "sgd" | "lbfgs";
  /** Seed for the shuffling order and the validation split. Default `42`. */
  seed?: number;
  /** Fraction of the training rows held out for early stopping; `0` (default) turns it off. */
  validationFraction?: number;
  /** Early stopping: epochs without a better validation loss before stopping (best weights are kept). Default `3`. */
  patience?: number;
  /** Called after every epoch (e.g. to draw a progress bar or a loss curve); for L-BFGS after every iteration, with the objective divided by C·n as `trainLoss`. */
  onEpoch?: (info: { epoch: number; trainLoss: number; validationLoss?: number }) => void;
}

/** Saved form of a trained {@link LogisticRegression}. */
export interface LogisticRegressionJSON {
  kind: "logistic-regression";
  version: 1;
  nFeatures: number;
  nClasses: number;
  /** Class labels by id, when known. */
  labels?: string[];
  options: Omit<LogisticRegressionOptions, "onEpoch">;
  /** Epochs actually run (fewer than `options.epochs` after early stopping); L-BFGS iterations for `"lbfgs"`. */
  epochsRun: number;
  /** W as base64 float32, feature-major `[nFeatures, nClasses]` (the ONNX MatMul layout). */
  weights: string;
  /** Bias as base64 float32 `[nClasses]`. */
  bias: string;
}

/**
 * Multinomial logistic regression (softmax regression) on sparse features, trained by mini-batch
 * Adam or SGD with an L2 penalty, seeded and deterministic. Weights are float32 in the layout an ONNX
 * `MatMul` wants (`[nFeatures, nClasses]`), so export is a copy.
 *
 * @example
 * const lr = new LogisticRegression({ epochs: 10 }).fit(Xtrain, ytrain, vectorizer.dim);
 * lr.predict(vectorizer.transform("wheat exports rise")); // class id
 */
export class LogisticRegression {
  /** Options with defaults filled in. */
  readonly options: Required<Omit<LogisticRegressionOptions, "onEpoch">>;
  private readonly onEpoch?: LogisticRegressionOptions["onEpoch"];
  /** Weights, feature-major `[nFeatures, nClasses]`. */
  weights: Float32Array = new Float32Array(0);
  /** Bias `[nClasses]`. */
  bias: Float32Array = new Float32Array(0);
  /** Number of input features. */
  nFeatures = 0;
  /** Number of classes. */
  nClasses = 0;
  /** Epochs actually run by the last `fit` (L-BFGS: iterations). */
  epochsRun = 0;
  /** How the last L-BFGS `fit` ended (iterations, objective, whether it converged); undefined for Adam/SGD. */
  lbfgs?: SoftmaxLbfgsFit["result"];
  /** Class labels by id (optional; carried into JSON and ONNX metadata). */
  labels?: string[];

  constructor(options: LogisticRegressionOptions = {}) {
    const optimizer = options.optimizer ?? "adam";
    this.options = {
      l2: options.l2 ?? 1e-5,
      C: options.C ?? 1,
      maxIterations: options.maxIterations ?? 1000,
      tolerance: options.tolerance ?? 1e-6,
      learningRate: options.learningRate ?? (optimizer === "adam" ? 0.05 : 0.5),
      epochs: options.epochs ?? 10,
      batchSize: options.batchSize ?? 32,
      optimizer,
      seed: options.seed ?? 42,
      validationFraction: options.validationFraction ?? 0,
      patience: options.patience ?? 3,
    };
    this.onEpoch = options.onEpoch;
    const o = this.options;
    if (!(o.validationFraction >= 0 && o.validationFraction < 1)) throw new RangeError(`LogisticRegression: validationFraction must be in [0, 1), got ${o.validationFraction}.`);
    if (!(o.batchSize >= 1 && o.epochs >= 1 && o.learningRate > 0 && o.l2 >= 0)) {
      throw new RangeError("LogisticRegression: batchSize and epochs must be >= 1, learningRate > 0, l2 >= 0.");
    }
    if (!["adam", "sgd", "lbfgs"].includes(o.optimizer)) throw new RangeError(`LogisticRegression: optimizer must be "adam", "sgd" or "lbfgs", got ${String(o.optimizer)}.`);
    if (!(o.C > 0 && o.maxIterations >= 1 && o.tolerance >= 0)) throw new RangeError("LogisticRegression: C must be > 0, maxIterations >= 1, tolerance >= 0.");
    if (o.optimizer === "lbfgs" && o.validationFraction > 0) {
      throw new RangeError("LogisticRegression: L-BFGS runs to convergence and has no early stopping; leave validationFraction at 0 (choose C on a split you hold out yourself).");
    }
  }

  /**
   * Trains on sparse rows `X` with class ids `y` (0..nClasses-1).
   * @param nFeatures input dimension (e.g. `vectorizer.dim`); every feature id must be below it
   * @param nClasses number of classes; default `max(y) + 1`
   * @param init L-BFGS only: starting weights (e.g. another C's solution: a warm start), default zeros
   */
  fit(X: readonly SparseVector[], y: readonly number[], nFeatures: number, nClasses?: number, init?: { weights: Float32Array; bias: Float32Array }): this {
    if (X.length !== y.length || X.length === 0) throw new RangeError(`LogisticRegression.fit: X has ${X.length} rows and y ${y.length}; need the same, non-zero count.`);
    const C = nClasses ?? y.reduce((a, c) => Math.max(a, c), 0) + 1;
    for (const c of y) if (!Number.isInteger(c) || c < 0 || c >= C) throw new RangeError(`LogisticRegression.fit: class id ${c} outside 0..${C - 1}; encode labels with encodeClassLabels.`);
    for (const x of X) if (x.indices.length && x.indices[x.indices.length - 1]! >= nFeatures) throw new RangeError(`LogisticRegression.fit: a feature id is >= nFeatures (${nFeatures}).`);
    const o = this.options;
    const F = nFeatures;
    this.nFeatures = F;
    this.nClasses = C;
    if (o.optimizer === "lbfgs") {
      if (init && (init.weights.length !== F * C || init.bias.length !== C)) throw new RangeError(`LogisticRegression.fit: init weights must be ${F} × ${C} and bias ${C}.`);
      const r = fitSoftmaxLbfgs(X, y, F, C, { C: o.C, maxIterations: o.maxIterations, gradientTolerance: o.tolerance, initialWeights: init?.weights, initialBias: init?.bias, onIteration: this.onEpoch && ((i) => this.onEpoch!({ epoch: i.iteration, trainLoss: i.f })) });
      this.weights = r.weights;
      this.bias = r.bias;
      this.epochsRun = r.result.iterations;
      this.lbfgs = r.result;
      return this;
    }
    const W = new Float32Array(F * C);
    const b = new Float32Array(C);
    this.weights = W;
    this.bias = b;

    const rng = createRng(o.seed);
    let order = rng.shuffle(Array.from(X.keys()));
    const nVal = Math.floor(o.validationFraction * X.length);
    const val = order.slice(0, nVal);
    order = order.slice(nVal);

    const adam = o.optimizer === "adam";
    const mW = adam ? new Float32Array(F * C) : null;
    const vW = adam ? new Float32Array(F * C) : null;
    const mb = new Float64Array(C);
    const vb = new Float64Array(C);
    const gW = new Float64Array(F * C);
    const gb = new Float64Array(C);
    const mark = new Uint8Array(F);
    const touched: number[] = [];
    const p = new Float64Array(C);
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    let t = 0;
    let best = Infinity, bestW: Float32Array | null = null, bestB: Float32Array | null = null, bad = 0;

    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      rng.shuffle(order);
      let lossSum = 0;
      for (let start = 0; start < order.length; start += o.batchSize) {
        const end = Math.min(order.length, start + o.batchSize);
        const B = end - start;
        gb.fill(0);
        for (let r = start; r < end; r++) {
          const i = order[r]!;
          const x = X[i]!;
          this.logitsInto(x, p);
          softmaxInPlace(p);
          lossSum -= Math.log(Math.max(p[y[i]!]!, 1e-300));
          p[y[i]!]! -= 1; // dL/dlogits
          for (let c = 0; c < C; c++) gb[c]! += p[c]!;
          for (let k = 0; k < x.indices.length; k++) {
            const f = x.indices[k]!;
            const v = x.values[k]!;
            if (!mark[f]) {
              mark[f] = 1;
              touched.push(f);
            }
            const row = f * C;
            for (let c = 0; c < C; c++) gW[row + c]! += v * p[c]!;
          }
        }
        t++;
        const lr = o.learningRate;
        const c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
        for (const f of touched) {
          const row = f * C;
          for (let c = 0; c < C; c++) {
            const j = row + c;
            const g = gW[j]! / B + o.l2 * W[j]!;
            gW[j] = 0;
            if (adam) {
              const m = (mW![j] = b1 * mW![j]! + (1 - b1) * g);
              const v = (vW![j] = b2 * vW![j]! + (1 - b2) * g * g);
              W[j] = W[j]! - (lr * (m / c1)) / (Math.sqrt(v / c2) + eps);
            } else {
              W[j] = W[j]! - lr * g;
            }
          }
          mark[f] = 0;
        }
        touched.length = 0;
        for (let c = 0; c < C; c++) {
          const g = gb[c]! / B;
          if (adam) {
            mb[c] = b1 * mb[c]! + (1 - b1) * g;
            vb[c] = b2 * vb[c]! + (1 - b2) * g * g;
            b[c] = b[c]! - (lr * (mb[c]! / c1)) / (Math.sqrt(vb[c]! / c2) + eps);
          } else b[c] = b[c]! - lr * g;
        }
      }
      this.epochsRun = epoch;
      const trainLoss = lossSum / Math.max(1, order.length);
      let validationLoss: number | undefined;
      if (nVal > 0) {
        validationLoss = this.meanLoss(val.map((i) => X[i]!), val.map((i) => y[i]!));
        if (validationLoss < best - 1e-6) {
          best = validationLoss;
          bestW = W.slice();
          bestB = b.slice();
          bad = 0;
        } else bad++;
      }
      this.onEpoch?.({ epoch, trainLoss, validationLoss });
      if (nVal > 0 && bad >= o.patience) break;
    }
    if (bestW && bestB) {
      this.weights = bestW;
      this.bias = bestB;
    }
    return this;
  }

  private logitsInto(x: SparseVector, out: Float64Array): void {
    const C = this.nClasses;
    const W = this.weights;
    for (let c = 0; c < C; c++) out[c] = this.bias[c]!;
    for (let k = 0; k < x.indices.length; k++) {
      const f = x.indices[k]!;
      if (f >= this.nFeatures) continue;
      const v = x.values[k]!;
      const row = f * C;
      for (let c = 0; c < C; c++) out[c]! += v * W[row + c]!;
    }
  }

  /** Mean cross-entropy of the model on `X`, `y`. */
  meanLoss(X: readonly SparseVector[], y: readonly number[]): number {
    let s = 0;
    for (let i = 0; i < X.length; i++) s -= Math.log(Math.max(this.predictProba(X[i]!)[y[i]!]!, 1e-300));
    return s / Math.max(1, X.length);
  }

  /** Class logits `xW + b` for one row (float64). */
  logits(x: SparseVector): Float64Array {
    this.checkFitted("logits");
    const out = new Float64Array(this.nClasses);
    this.logitsInto(x, out);
    return out;
  }

  /** Class probabilities for one row (softmax of the logits). */
  predictProba(x: SparseVector): Float64Array {
    return softmaxInPlace(this.logits(x));
  }

  /** Most probable class id for one row. */
  predict(x: SparseVector): number {
    return argmaxIndex(this.logits(x));
  }

  /** Class ids for many rows. */
  predictMany(X: readonly SparseVector[]): number[] {
    return X.map((x) => this.predict(x));
  }

  /** Bytes of the parameters as float32 (weights + bias). */
  sizeBytes(): number {
    return (this.weights.length + this.bias.length) * 4;
  }

  private checkFitted(fn: string): void {
    if (this.nClasses === 0) throw new Error(`LogisticRegression.${fn}: the model is not trained; call fit() or fromJSON() first.`);
  }

  /** Saved form (weights as base64 float32, exact). */
  toJSON(): LogisticRegressionJSON {
    this.checkFitted("toJSON");
    return {
      kind: "logistic-regression",
      version: 1,
      nFeatures: this.nFeatures,
      nClasses: this.nClasses,
      labels: this.labels,
      options: this.options,
      epochsRun: this.epochsRun,
      weights: float32ToBase64(this.weights),
      bias: float32ToBase64(this.bias),
    };
  }

  /** Restores a model saved with {@link LogisticRegression.toJSON}. */
  static fromJSON(json: LogisticRegressionJSON): LogisticRegression {
    if (json?.kind !== "logistic-regression") throw new Error("LogisticRegression.fromJSON: not a saved logistic-regression (kind mismatch).");
    const m = new LogisticRegression(json.options);
    m.nFeatures = json.nFeatures;
    m.nClasses = json.nClasses;
    m.labels = json.labels;
    m.epochsRun = json.epochsRun;
    m.weights = base64ToFloat32(json.weights);
    m.bias = base64ToFloat32(json.bias);
    if (m.weights.length !== m.nFeatures * m.nClasses || m.bias.length !== m.nClasses) {
      throw new Error("LogisticRegression.fromJSON: weight sizes do not match nFeatures × nClasses.");
    }
    return m;
  }
}

import { createRng } from "../data/random";
import type { SparseVector } from "../text/sparse";
import type { MlpWeights } from "../onnx/mlp";

/** Options for {@link SparseMlpClassifier}; every field has a default. */
export interface SparseMlpOptions {
  /** Hidden units (one ReLU layer). Default `64`. */
  hidden?: number;
  /** Passes over the training set. Default `5`. */
  epochs?: number;
  /** Initial learning rate of plain per-example SGD, decayed linearly to 0 over training (as fastText does). Default `0.2`. */
  learningRate?: number;
  /** Standard deviation of the first layer's initial weights (the inputs are sparse, so a fixed scale works better than fan-in scaling). Default `0.1`. */
  initScale?: number;
  /** Seed for the initial weights and the example order. Default `42`. */
  seed?: number;
  /** Called after every epoch with the mean training loss of that epoch. */
  onEpoch?: (epoch: number, meanLoss: number) => void;
}

/**
 * A small multi-layer perceptron for sparse inputs (e.g. TF-IDF rows): `softmax(relu(x·W1 + b1)·W2 + b2)`,
 * trained with per-example SGD on cross-entropy. Only the first-layer rows of the features present in
 * an example are touched, so an epoch costs O(nnz · hidden) per example. {@link SparseMlpClassifier.toMlpWeights}
 * gives the layout `buildMlpOnnx` takes, so the trained model runs in onnxruntime (dense input).
 *
 * @example
 * const mlp = new SparseMlpClassifier({ hidden: 64 }).fit(X, y, vectorizer.dim, 4);
 * const onnx = buildMlpOnnx(mlp.toMlpWeights()); // input [batch, nFeatures] → probabilities [batch, 4]
 */
export class SparseMlpClassifier {
  /** Options with defaults filled in. */
  readonly options: Required<Omit<SparseMlpOptions, "onEpoch">> & Pick<SparseMlpOptions, "onEpoch">;
  /** First layer, feature-major `[nFeatures, hidden]`. */
  w1 = new Float32Array(0);
  /** First-layer bias `[hidden]`. */
  b1 = new Float32Array(0);
  /** Second layer `[hidden, nClasses]`. */
  w2 = new Float32Array(0);
  /** Output bias `[nClasses]`. */
  b2 = new Float32Array(0);
  /** Number of input features. */
  nFeatures = 0;
  /** Number of classes. */
  nClasses = 0;
  /** Class labels by id (optional). */
  labels?: string[];

  constructor(options: SparseMlpOptions = {}) {
    this.options = { hidden: 64, epochs: 5, learningRate: 0.2, initScale: 0.1, seed: 42, ...options };
    const o = this.options;
    if (!(Number.isInteger(o.hidden) && o.hidden >= 1)) throw new RangeError(`SparseMlpClassifier: hidden must be a positive integer, got ${o.hidden}.`);
    if (!(Number.isInteger(o.epochs) && o.epochs >= 1)) throw new RangeError(`SparseMlpClassifier: epochs must be a positive integer, got ${o.epochs}.`);
    if (!(o.learningRate > 0)) throw new RangeError(`SparseMlpClassifier: learningRate must be > 0, got ${o.learningRate}.`);
    if (!(o.initScale > 0)) throw new RangeError(`SparseMlpClassifier: initScale must be > 0, got ${o.initScale}.`);
  }

  /**
   * Trains on sparse rows `X` with class ids `y` (0 … nClasses−1); returns `this`.
   * @param nFeatures input dimension (e.g. `vectorizer.dim`)
   * @param nClasses default: 1 + the largest id in `y`
   */
  fit(X: readonly SparseVector[], y: readonly number[], nFeatures: number, nClasses?: number): this {
    if (X.length === 0 || X.length !== y.length) throw new RangeError(`SparseMlpClassifier.fit: needs as many labels as rows (got ${X.length} rows, ${y.length} labels), at least one.`);
    if (!(Number.isInteger(nFeatures) && nFeatures >= 1)) throw new RangeError(`SparseMlpClassifier.fit: nFeatures must be a positive integer, got ${nFeatures}.`);
    const C = nClasses ?? Math.max(...y) + 1;
    for (const c of y) if (!(Number.isInteger(c) && c >= 0 && c < C)) throw new RangeError(`SparseMlpClassifier.fit: label ${c} is outside 0..${C - 1}; encode labels as class ids first (encodeClassLabels).`);
    for (const x of X) for (let k = 0; k < x.indices.length; k++) if (x.indices[k]! >= nFeatures || x.indices[k]! < 0) throw new RangeError(`SparseMlpClassifier.fit: feature ${x.indices[k]} is outside 0..${nFeatures - 1}.`);
    const H = this.options.hidden;
    const rng = createRng(this.options.seed);
    this.nFeatures = nFeatures;
    this.nClasses = C;
    this.w1 = new Float32Array(nFeatures * H);
    for (let i = 0; i < this.w1.length; i++) this.w1[i] = rng.normal() * this.options.initScale;
    this.b1 = new Float32Array(H);
    this.w2 = new Float32Array(H * C);
    const s2 = Math.sqrt(2 / H);
    for (let i = 0; i < this.w2.length; i++) this.w2[i] = rng.normal() * s2;
    this.b2 = new Float32Array(C);
    const pre = new Float64Array(H), h = new Float64Array(H), p = new Float64Array(C), dh = new Float64Array(H);
    const order = Array.from(X.keys());
    const total = this.options.epochs * X.length;
    let step = 0;
    for (let epoch = 0; epoch < this.options.epochs; epoch++) {
      rng.shuffle(order);
      let loss = 0;
      for (const n of order) {
        const lr = this.options.learningRate * (1 - step / total);
        step++;
        const x = X[n]!;
        this.forward(x, pre, h, p);
        const t = y[n]!;
        loss -= Math.log(Math.max(p[t]!, 1e-12));
        p[t]! -= 1; // p is now dL/dlogits
        dh.fill(0);
        for (let j = 0; j < H; j++) {
          const row = j * C;
          let g = 0;
          for (let c = 0; c < C; c++) g += this.w2[row + c]! * p[c]!;
          dh[j] = pre[j]! > 0 ? g : 0;
          const hj = h[j]!;
          if (hj !== 0) for (let c = 0; c < C; c++) this.w2[row + c]! -= lr * hj * p[c]!;
        }
        for (let c = 0; c < C; c++) this.b2[c]! -= lr * p[c]!;
        for (let j = 0; j < H; j++) this.b1[j]! -= lr * dh[j]!;
        for (let k = 0; k < x.indices.length; k++) {
          const base = x.indices[k]! * H;
          const v = lr * x.values[k]!;
          for (let j = 0; j < H; j++) this.w1[base + j]! -= v * dh[j]!;
        }
      }
      this.options.onEpoch?.(epoch, loss / X.length);
    }
    return this;
  }

  private forward(x: SparseVector, pre: Float64Array, h: Float64Array, p: Float64Array): void {
    const H = this.options.hidden, C = this.nClasses;
    for (let j = 0; j < H; j++) pre[j] = this.b1[j]!;
    for (let k = 0; k < x.indices.length; k++) {
      const base = x.indices[k]! * H;
      const v = x.values[k]!;
      for (let j = 0; j < H; j++) pre[j]! += v * this.w1[base + j]!;
    }
    for (let j = 0; j < H; j++) h[j] = pre[j]! > 0 ? pre[j]! : 0;
    let max = -Infinity;
    for (let c = 0; c < C; c++) {
      let z = this.b2[c]!;
      for (let j = 0; j < H; j++) z += h[j]! * this.w2[j * C + c]!;
      p[c] = z;
      if (z > max) max = z;
    }
    let s = 0;
    for (let c = 0; c < C; c++) s += p[c] = Math.exp(p[c]! - max);
    for (let c = 0; c < C; c++) p[c]! /= s;
  }

  /** Class probabilities for one sparse row. */
  predictProba(x: SparseVector): Float64Array {
    if (this.nClasses === 0) throw new Error("SparseMlpClassifier: not trained; call fit() first.");
    const H = this.options.hidden;
    const p = new Float64Array(this.nClasses);
    this.forward(x, new Float64Array(H), new Float64Array(H), p);
    return p;
  }

  /** Most probable class id for one sparse row. */
  predict(x: SparseVector): number {
    const p = this.predictProba(x);
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
    return best;
  }

  /** Class ids for many rows. */
  predictMany(X: readonly SparseVector[]): number[] {
    return X.map((x) => this.predict(x));
  }

  /** Bytes of the parameters as float32. */
  sizeBytes(): number {
    return (this.w1.length + this.b1.length + this.w2.length + this.b2.length) * 4;
  }

  /** The weights in the layout of `buildMlpOnnx` / `mlpForward` (`[in, out]` row-major per layer, softmax output). */
  toMlpWeights(): MlpWeights {
    if (this.nClasses === 0) throw new Error("SparseMlpClassifier.toMlpWeights: not trained; call fit() first.");
    return {
      spec: { inputSize: this.nFeatures, hiddenSizes: [this.options.hidden], outputSize: this.nClasses, activation: "relu", softmax: true },
      layers: [
        { weight: this.w1, bias: this.b1 },
        { weight: this.w2, bias: this.b2 },
      ],
    };
  }
}

import { createRng } from "../data/random";
import { hashedNgramIds } from "../text/hash";
import type { TokenizeOptions } from "../text/tokenize";
import { float32ToBase64, base64ToFloat32, softmaxInPlace, argmaxIndex } from "./encode";

/** Options for {@link FastTextClassifier}; every field has a default. */
export interface FastTextOptions {
  /** Embedding size (fastText's paper uses 10 hidden units for classification). Default `16`. */
  dim?: number;
  /** Hash buckets shared by words and n-grams (fastText's `-bucket`). Default `2 ** 20`. */
  buckets?: number;
  /** Highest word n-gram order (fastText's `-wordNgrams`). Default `2`. */
  maxN?: number;
  /** Passes over the training set. Default `20`. */
  epochs?: number;
  /** Initial learning rate, decayed linearly to 0 over training as fastText does. Default `0.5`. */
  learningRate?: number;
  /** Seed for the embedding initialisation and the example order. Default `42`. */
  seed?: number;
  /** Tokenizer options. Default: lower-case, every token. */
  tokenize?: TokenizeOptions;
}

/** Saved form of a trained {@link FastTextClassifier}: only non-zero embedding rows are stored. */
export interface FastTextJSON {
  kind: "fasttext-classifier";
  version: 1;
  options: Required<FastTextOptions>;
  nClasses: number;
  labels?: string[];
  /** Bucket ids of the stored embedding rows, as base64 of int32 values. */
  rows: string;
  /** Those rows' embeddings, base64 float32 `[rows, dim]`. */
  embeddings: string;
  /** Output layer, base64 float32 `[nClasses, dim]`. */
  output: string;
  /** Output bias, base64 float32 `[nClasses]`. */
  bias: string;
}

/**
 * A fastText-style classifier (Joulin et al., "Bag of Tricks for Efficient Text Classification",
 * 2017): the text's word and word-n-gram ids are hashed into buckets, their embeddings averaged,
 * and a linear layer + softmax gives class probabilities. Trained by plain SGD with a linearly
 * decaying learning rate, one example at a time, seeded and deterministic.
 *
 * After training, embedding rows that no training text touched are set to zero (they carry no
 * information, only the random initialisation), so unseen n-grams add nothing at prediction time
 * and the saved model stores only the touched rows.
 */
export class FastTextClassifier {
  /** Options with defaults filled in. */
  readonly options: Required<FastTextOptions>;
  /** Embedding table `[buckets, dim]`. */
  embeddings: Float32Array = new Float32Array(0);
  /** Output layer `[nClasses, dim]`. */
  output: Float32Array = new Float32Array(0);
  /** Output bias `[nClasses]`. */
  bias: Float32Array = new Float32Array(0);
  /** Number of classes. */
  nClasses = 0;
  /** Class labels by id (optional). */
  labels?: string[];

  constructor(options: FastTextOptions = {}) {
    this.options = {
      dim: options.dim ?? 16,
      buckets: options.buckets ?? 2 ** 20,
      maxN: options.maxN ?? 2,
      epochs: options.epochs ?? 20,
      learningRate: options.learningRate ?? 0.5,
      seed: options.seed ?? 42,
      tokenize: options.tokenize ?? {},
    };
    const o = this.options;
    if (!(Number.isInteger(o.dim) && o.dim > 0 && Number.isInteger(o.buckets) && o.buckets > 0 && o.epochs >= 1 && o.learningRate > 0)) {
      throw new RangeError("FastTextClassifier: dim, buckets and epochs must be positive integers and learningRate > 0.");
    }
  }

  /** The hashed word/n-gram ids of a text, as this model sees it. */
  ids(text: string): Int32Array {
    return hashedNgramIds(text, { buckets: this.options.buckets, maxN: this.options.maxN, tokenize: this.options.tokenize });
  }

  /**
   * Trains on texts with class ids `y` (0..nClasses-1).
   * @param nClasses default `max(y) + 1`
   */
  fit(texts: readonly string[], y: readonly number[], nClasses?: number): this {
    if (texts.length !== y.length || texts.length === 0) throw new RangeError(`FastTextClassifier.fit: ${texts.length} texts and ${y.length} labels; need the same, non-zero count.`);
    const C = nClasses ?? y.reduce((a, c) => Math.max(a, c), 0) + 1;
    for (const c of y) if (!Number.isInteger(c) || c < 0 || c >= C) throw new RangeError(`FastTextClassifier.fit: class id ${c} outside 0..${C - 1}; encode labels with encodeClassLabels.`);
    const { dim: D, buckets, epochs, learningRate } = this.options;
    const rng = createRng(this.options.seed);
    this.nClasses = C;
    const E = new Float32Array(buckets * D);
    for (let i = 0; i < E.length; i++) E[i] = (rng.next() * 2 - 1) / D;
    const O = new Float32Array(C * D);
    const b = new Float32Array(C);
    this.embeddings = E;
    this.output = O;
    this.bias = b;
    const docs = texts.map((t) => this.ids(t));
    const used = new Uint8Array(buckets);
    for (const d of docs) for (const id of d) used[id] = 1;
    const order = Array.from(texts.keys());
    const h = new Float64Array(D);
    const gh = new Float64Array(D);
    const p = new Float64Array(C);
    const total = epochs * docs.length;
    let step = 0;
    for (let e = 0; e < epochs; e++) {
      rng.shuffle(order);
      for (const i of order) {
        const lr = learningRate * (1 - step / total);
        step++;
        const ids = docs[i]!;
        if (ids.length === 0) continue;
        this.hiddenInto(ids, h);
        this.logitsInto(h, p);
        softmaxInPlace(p);
        p[y[i]!]! -= 1;
        gh.fill(0);
        for (let c = 0; c < C; c++) {
          const g = p[c]!;
          const row = c * D;
          for (let k = 0; k < D; k++) {
            gh[k]! += g * O[row + k]!;
            O[row + k] = O[row + k]! - lr * g * h[k]!;
          }
          b[c] = b[c]! - lr * g;
        }
        const s = lr / ids.length;
        for (const id of ids) {
          const row = id * D;
          for (let k = 0; k < D; k++) E[row + k] = E[row + k]! - s * gh[k]!;
        }
      }
    }
    for (let id = 0; id < buckets; id++) if (!used[id]) E.fill(0, id * D, id * D + D);
    return this;
  }

  private hiddenInto(ids: Int32Array, h: Float64Array): void {
    const D = this.options.dim;
    h.fill(0);
    if (ids.length === 0) return;
    for (const id of ids) {
      const row = id * D;
      for (let k = 0; k < D; k++) h[k]! += this.embeddings[row + k]!;
    }
    for (let k = 0; k < D; k++) h[k]! /= ids.length;
  }

  private logitsInto(h: Float64Array, out: Float64Array): void {
    const D = this.options.dim;
    for (let c = 0; c < this.nClasses; c++) {
      let s = this.bias[c]!;
      for (let k = 0; k < D; k++) s += this.output[c * D + k]! * h[k]!;
      out[c] = s;
    }
  }

  /** Class probabilities for one text. */
  predictProba(text: string): Float64Array {
    if (this.nClasses === 0) throw new Error("FastTextClassifier.predictProba: the model is not trained; call fit() or fromJSON() first.");
    const h = new Float64Array(this.options.dim);
    this.hiddenInto(this.ids(text), h);
    const p = new Float64Array(this.nClasses);
    this.logitsInto(h, p);
    return softmaxInPlace(p);
  }

  /** Most probable class id for one text. */
  predict(text: string): number {
    return argmaxIndex(this.predictProba(text));
  }

  /** Class ids for many texts. */
  predictMany(texts: readonly string[]): number[] {
    return texts.map((t) => this.predict(t));
  }

  /** Embedding rows that are not all zero (the rows training touched). */
  nonZeroRows(): number[] {
    const D = this.options.dim;
    const rows: number[] = [];
    for (let id = 0; id < this.options.buckets; id++) {
      for (let k = 0; k < D; k++) {
        if (this.embeddings[id * D + k] !== 0) {
          rows.push(id);
          break;
        }
      }
    }
    return rows;
  }

  /**
   * Bytes of the parameters as saved: the non-zero embedding rows (a 4-byte id plus `dim` float32
   * each) and the output layer. The dense table in memory is `buckets × dim × 4` bytes.
   */
  sizeBytes(): number {
    const D = this.options.dim;
    return this.nonZeroRows().length * (4 + 4 * D) + (this.output.length + this.bias.length) * 4;
  }

  /** Saved form (non-zero embedding rows only, base64 float32, exact). */
  toJSON(): FastTextJSON {
    if (this.nClasses === 0) throw new Error("FastTextClassifier.toJSON: the model is not trained.");
    const D = this.options.dim;
    const rows = this.nonZeroRows();
    const emb = new Float32Array(rows.length * D);
    rows.forEach((id, r) => emb.set(this.embeddings.subarray(id * D, id * D + D), r * D));
    const ids = Int32Array.from(rows);
    return {
      kind: "fasttext-classifier",
      version: 1,
      options: this.options,
      nClasses: this.nClasses,
      labels: this.labels,
      rows: Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength).toString("base64"),
      embeddings: float32ToBase64(emb),
      output: float32ToBase64(this.output),
      bias: float32ToBase64(this.bias),
    };
  }

  /** Restores a model saved with {@link FastTextClassifier.toJSON}. */
  static fromJSON(json: FastTextJSON): FastTextClassifier {
    if (json?.kind !== "fasttext-classifier") throw new Error("FastTextClassifier.fromJSON: not a saved fasttext-classifier (kind mismatch).");
    const m = new FastTextClassifier(json.options);
    const D = m.options.dim;
    m.nClasses = json.nClasses;
    m.labels = json.labels;
    const rb = Buffer.from(json.rows, "base64");
    const rows = new Int32Array(rb.length / 4);
    new Uint8Array(rows.buffer).set(rb);
    const emb = base64ToFloat32(json.embeddings);
    m.embeddings = new Float32Array(m.options.buckets * D);
    rows.forEach((id, r) => m.embeddings.set(emb.subarray(r * D, r * D + D), id * D));
    m.output = base64ToFloat32(json.output);
    m.bias = base64ToFloat32(json.bias);
    return m;
  }
}

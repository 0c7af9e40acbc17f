import { LogisticRegression, type LogisticRegressionOptions, type LogisticRegressionJSON } from "./logistic-regression";
import { TabularEncoder, type TabularEncoderOptions, type TabularEncoderJSON, type TabularRow } from "./tabular";
import type { TabularTaskColumns } from "./tabular-tasks";

/** Options of {@link TabularClassifier.fit}: the encoder's and the logistic regression's. */
export interface TabularClassifierOptions {
  /** Encoder options other than the column lists (which come from the task). Default: standardise, unknown → zeros. */
  encoder?: Omit<TabularEncoderOptions, "numeric" | "categorical">;
  /**
   * Logistic-regression options. Defaults here: `epochs: 10`, `batchSize: 64`, `learningRate: 0.01`,
   * `l2: 1e-4`, `seed: 42` (Adam), the rest as {@link LogisticRegression}.
   */
  model?: LogisticRegressionOptions;
}

/** One coefficient of a fitted {@link TabularClassifier}, in log-odds of the positive class. */
export interface TabularCoefficient {
  /** Feature name (`"age"`, `"sex=Female"`). */
  feature: string;
  /** Source column. */
  column: string;
  /**
   * Change in log-odds of the positive class per unit of the feature: per standard deviation for a
   * standardised numeric column, for "this category vs none" for a one-hot feature.
   */
  weight: number;
}

/** Saved form of a fitted {@link TabularClassifier}. */
export interface TabularClassifierJSON {
  kind: "tabular-classifier";
  version: 1;
  label: string;
  positive: string | number;
  encoder: TabularEncoderJSON;
  model: LogisticRegressionJSON;
}

/**
 * Binary classifier for tables: a {@link TabularEncoder} (one-hot + standardisation, fitted on the
 * training rows) in front of the course's {@link LogisticRegression} with two classes (class 1 =
 * positive). It returns the probability of the positive class, which is what fairness metrics,
 * threshold sweeps and calibration curves take. Seeded and deterministic.
 *
 * @example
 * const clf = TabularClassifier.fit(trainRows, ADULT_INCOME_TASK);
 * const p = clf.predictProbaMany(testRows);       // P(income >50K)
 * const y = clf.labelsOf(testRows);               // 0/1 truth
 * fairnessByGroup(y, p.map((q) => (q >= 0.5 ? 1 : 0)), testRows.map((r) => String(r.sex)));
 */
export class TabularClassifier {
  /** The fitted encoder. */
  readonly encoder: TabularEncoder;
  /** The fitted two-class logistic regression (class 1 = positive); export with `logisticRegressionToOnnx`. */
  readonly model: LogisticRegression;
  /** Label column. */
  readonly label: string;
  /** Positive label value. */
  readonly positive: string | number;

  /** Wraps an already fitted encoder and two-class model (use {@link TabularClassifier.fit} to train one). */
  constructor(encoder: TabularEncoder, model: LogisticRegression, label: string, positive: string | number) {
    if (model.nClasses !== 2) throw new RangeError(`TabularClassifier: the model must have 2 classes, has ${model.nClasses}.`);
    if (model.nFeatures !== encoder.dim) throw new RangeError(`TabularClassifier: the model has ${model.nFeatures} features, the encoder ${encoder.dim}.`);
    this.encoder = encoder;
    this.model = model;
    this.label = label;
    this.positive = positive;
  }

  /**
   * Fits the encoder and the logistic regression on training rows.
   * @param rows training rows (every row must have the label)
   * @param task label, positive value and feature columns (e.g. `ADULT_INCOME_TASK`)
   * @param options encoder and model options
   */
  static fit(rows: readonly TabularRow[], task: TabularTaskColumns, options: TabularClassifierOptions = {}): TabularClassifier {
    const y = binaryLabels(rows, task.label, task.positive);
    if (!y.includes(1) || !y.includes(0)) throw new RangeError(`TabularClassifier.fit: the training rows need both classes; "${task.label}" = ${JSON.stringify(task.positive)} is ${y.includes(1) ? "every" : "no"} row.`);
    const encoder = new TabularEncoder({ ...(options.encoder ?? {}), numeric: task.numeric, categorical: task.categorical }).fit(rows);
    const X = encoder.transformManySparse(rows);
    const model = new LogisticRegression({ epochs: 10, batchSize: 64, learningRate: 0.01, l2: 1e-4, seed: 42, ...(options.model ?? {}) });
    model.labels = [`not ${String(task.positive)}`, String(task.positive)];
    model.fit(X, y, encoder.dim, 2);
    return new TabularClassifier(encoder, model, task.label, task.positive);
  }

  /** 1 where the row's label is the positive value, 0 otherwise (throws on a missing label). */
  labelsOf(rows: readonly TabularRow[]): (0 | 1)[] {
    return binaryLabels(rows, this.label, this.positive);
  }

  /** Probability of the positive class for one row. */
  predictProba(row: TabularRow): number {
    return this.model.predictProba(this.encoder.transformSparse(row))[1]!;
  }

  /** Probabilities of the positive class for many rows. */
  predictProbaMany(rows: readonly TabularRow[]): number[] {
    return this.encoder.transformManySparse(rows).map((x) => this.model.predictProba(x)[1]!);
  }

  /**
   * 0/1 predictions: 1 when the positive probability is ≥ `threshold`.
   * @param threshold decision threshold; default 0.5
   */
  predictMany(rows: readonly TabularRow[], threshold = 0.5): (0 | 1)[] {
    return this.predictProbaMany(rows).map((p) => (p >= threshold ? 1 : 0));
  }

  /** Intercept in log-odds of the positive class. */
  get intercept(): number {
    return this.model.bias[1]! - this.model.bias[0]!;
  }

  /** Coefficients in log-odds of the positive class (class-1 minus class-0 weights), largest |weight| first. */
  coefficients(): TabularCoefficient[] {
    const W = this.model.weights;
    const names = this.encoder.featureNames;
    const cols = this.encoder.featureColumns;
    return names
      .map((feature, f) => ({ feature, column: cols[f]!, weight: W[f * 2 + 1]! - W[f * 2]! }))
      .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.feature < b.feature ? -1 : 1));
  }

  /** Bytes of the model parameters (float32 weights and bias). */
  sizeBytes(): number {
    return this.model.sizeBytes();
  }

  /** Saved form (encoder statistics + model weights). */
  toJSON(): TabularClassifierJSON {
    return { kind: "tabular-classifier", version: 1, label: this.label, positive: this.positive, encoder: this.encoder.toJSON(), model: this.model.toJSON() };
  }

  /** Restores a classifier saved with {@link TabularClassifier.toJSON}. */
  static fromJSON(json: TabularClassifierJSON): TabularClassifier {
    if (json?.kind !== "tabular-classifier") throw new Error("TabularClassifier.fromJSON: not a saved tabular-classifier (kind mismatch).");
    return new TabularClassifier(TabularEncoder.fromJSON(json.encoder), LogisticRegression.fromJSON(json.model), json.label, json.positive);
  }
}

/**
 * 0/1 labels of rows: 1 where `row[label]` equals `positive` (compared as text), 0 otherwise.
 * @throws RangeError when a row has no value in the label column
 */
export function binaryLabels(rows: readonly TabularRow[], label: string, positive: string | number): (0 | 1)[] {
  const pos = String(positive);
  return rows.map((r, i) => {
    const v = r[label];
    if (v === null || v === undefined || v === "") throw new RangeError(`binaryLabels: row ${i} has no value in label column "${label}"; drop such rows first.`);
    return String(v) === pos ? 1 : 0;
  });
}

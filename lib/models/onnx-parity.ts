/**
 * Does the ONNX export compute what the TypeScript model computes? Runs both on the same rows and
 * reports the largest probability difference and the argmax disagreements: the check every
 * exported classifier passes before it is committed (scripts/train-baselines.ts) and that
 * notebook 01 repeats live on the provider `createSession` chose.
 * @packageDocumentation
 */
import * as ort from "onnxruntime-node";
import { sparseToDense, type SparseVector } from "../text/sparse";

/** What {@link checkOnnxParity} needs of the TypeScript model (a `LogisticRegression` fits). */
export interface ParityModel {
  /** Number of classes (the width of the probabilities). */
  readonly nClasses: number;
  /** Class probabilities of one row. */
  predictProba(x: SparseVector): ArrayLike<number>;
  /** Predicted class id of one row. */
  predict(x: SparseVector): number;
}

/** Options of {@link checkOnnxParity}. */
export interface OnnxParityOptions {
  /** Rows per `session.run` (the dense input is `dim` floats a row). Default 256. */
  batchRows?: number;
  /** Input tensor name. Default `"features"` (as `logisticRegressionToOnnx` names it). */
  inputName?: string;
  /** Output tensor of the probabilities. Default `"probabilities"`. */
  probabilitiesName?: string;
  /** Output tensor of the predicted class ids (int64). Default `"label"`. */
  labelName?: string;
}

/** Result of {@link checkOnnxParity}. */
export interface OnnxParityReport {
  /** Rows compared. */
  rows: number;
  /** max over rows and classes of |p_TypeScript − p_ONNX|. */
  maxAbsProbabilityDiff: number;
  /** Rows where the ONNX label differs from the TypeScript model's `predict`. */
  argmaxMismatches: number;
  /** The ONNX model's class id for every row, in order. */
  onnxLabels: number[];
}

/**
 * Runs `session` (the ONNX export) and `model` (the TypeScript original) on the same sparse rows,
 * densified `batchRows` at a time, and compares probabilities and labels.
 * @param model the TypeScript model
 * @param session an onnxruntime session of its export (any provider)
 * @param rows sparse feature rows (e.g. `vectorizer.transformMany(texts)`)
 * @param dim number of features (the dense input width)
 * @param options batchRows (256), tensor names (`features`, `probabilities`, `label`)
 */
export async function checkOnnxParity(
  model: ParityModel,
  session: ort.InferenceSession,
  rows: readonly SparseVector[],
  dim: number,
  options: OnnxParityOptions = {},
): Promise<OnnxParityReport> {
  const batchRows = options.batchRows ?? 256;
  if (!Number.isInteger(batchRows) || batchRows < 1) throw new Error(`checkOnnxParity: batchRows must be a positive integer, got ${batchRows}`);
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`checkOnnxParity: dim must be the number of features (a positive integer), got ${dim}`);
  const inputName = options.inputName ?? "features";
  const probName = options.probabilitiesName ?? "probabilities";
  const labelName = options.labelName ?? "label";
  const C = model.nClasses;
  let maxDiff = 0;
  let mismatches = 0;
  const onnxLabels: number[] = [];
  for (let s = 0; s < rows.length; s += batchRows) {
    const batch = rows.slice(s, s + batchRows);
    const out = await session.run({ [inputName]: new ort.Tensor("float32", sparseToDense(batch, dim), [batch.length, dim]) });
    const probsT = out[probName];
    const labelsT = out[labelName];
    if (!probsT || !labelsT) {
      throw new Error(`checkOnnxParity: the session has no "${!probsT ? probName : labelName}" output (it has ${session.outputNames.join(", ")}); pass probabilitiesName/labelName`);
    }
    const probs = probsT.data as Float32Array;
    const labels = labelsT.data as BigInt64Array;
    batch.forEach((x, i) => {
      const p = model.predictProba(x);
      for (let c = 0; c < C; c++) maxDiff = Math.max(maxDiff, Math.abs(p[c]! - probs[i * C + c]!));
      const label = Number(labels[i]);
      onnxLabels.push(label);
      if (label !== model.predict(x)) mismatches++;
    });
  }
  return { rows: rows.length, maxAbsProbabilityDiff: maxDiff, argmaxMismatches: mismatches, onnxLabels };
}

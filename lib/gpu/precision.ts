import * as ort from "onnxruntime-node";
import { createSession, type ProviderName, type ProviderOptions } from "../compute/providers";
import { compareRuns, measureSideBySide } from "../metrics/compare";
import { initMlpWeights, mlpForward } from "../onnx/mlp";
import { float16ToFloat32 } from "../onnx/float16";
import { sparseToDense, type SparseVector } from "../text/sparse";
import { linearClassifierOnnx } from "./linear-variants";
import { buildMlpVariantOnnx, squareMlpSpec } from "./mlp-variants";
import { randomInputTensor } from "./tensors";

/** Options of {@link comparePrecisionOnText}. */
export interface PrecisionOptions extends ProviderOptions {
  /** Rows per batch. Default 64. */
  batchSize?: number;
  /** Timed rounds (side by side). Default 15. */
  iterations?: number;
}

/** fp32 vs fp16 on real data: accuracy and speed. */
export interface PrecisionResult {
  provider: ProviderName;
  rows: number;
  /** Accuracy of each precision against the true labels. */
  accuracyFp32: number;
  accuracyFp16: number;
  /** Share of rows where both predict the same class. */
  agreement: number;
  /** Largest absolute difference between the two precisions' probabilities. */
  maxAbsProbDiff: number;
  /** Median ms of one batch in each precision, and fp16/fp32 (>1: fp16 slower). */
  fp32BatchMs: number;
  fp16BatchMs: number;
  fp16OverFp32: { ratio: number; low: number; high: number };
  /** Side-by-side timing table. */
  table: string;
}

function argmaxRows(p: Float32Array, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < p.length / classes; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (p[r * classes + c]! > p[r * classes + best]!) best = c;
    out.push(best);
  }
  return out;
}

/**
 * fp32 vs fp16 of a trained linear classifier (the AG News TF-IDF + logistic regression artifact),
 * rebuilt in both precisions with {@link linearClassifierOnnx} and run on the same provider:
 * accuracy on real labelled rows, agreement, largest probability difference, and the time of one
 * batch side by side. On a CPU, fp16 is usually *slower*: x86 cores have no fast fp16 matrix units in
 * onnxruntime's CPU kernels, so the runtime computes in fp32 anyway and pays for the casts
 * (profileNodePlacement shows them). On a GPU with fp16 units, halving the bytes helps memory-bound
 * layers and the tensor cores help compute-bound ones.
 * @param model the fp32 artifact bytes (`W`, `b` initializers)
 * @param rows sparse feature rows (e.g. TfidfVectorizer.transformMany), `dim` features each
 * @param labels true class index per row
 */
export async function comparePrecisionOnText(model: Uint8Array, rows: SparseVector[], dim: number, labels: number[], options: PrecisionOptions = {}): Promise<PrecisionResult> {
  if (rows.length !== labels.length || rows.length === 0) throw new RangeError(`comparePrecisionOnText: need as many labels as rows (got ${rows.length} rows, ${labels.length} labels).`);
  const bs = options.batchSize ?? 64;
  const s32 = await createSession(linearClassifierOnnx(model, "fp32"), options);
  const s16 = await createSession(linearClassifierOnnx(model, "fp16-cast"), { ...options, providers: [s32.provider], strict: true });
  let correct32 = 0, correct16 = 0, agree = 0, maxDiff = 0, classes = 0;
  for (let start = 0; start < rows.length; start += bs) {
    const chunk = rows.slice(start, start + bs);
    const x = new ort.Tensor("float32", sparseToDense(chunk, dim), [chunk.length, dim]);
    const p32 = (await s32.session.run({ features: x })).probabilities!.data as Float32Array;
    const p16 = (await s16.session.run({ features: x })).probabilities!.data as Float32Array;
    classes = p32.length / chunk.length;
    for (let i = 0; i < p32.length; i++) maxDiff = Math.max(maxDiff, Math.abs(p32[i]! - p16[i]!));
    const a = argmaxRows(p32, classes), b = argmaxRows(p16, classes);
    a.forEach((c, i) => {
      if (c === labels[start + i]) correct32++;
      if (b[i] === labels[start + i]) correct16++;
      if (c === b[i]) agree++;
    });
  }
  const timed = rows.slice(0, bs);
  const xt = new ort.Tensor("float32", sparseToDense(timed, dim), [timed.length, dim]);
  const r = await measureSideBySide({ fp32: () => s32.session.run({ features: xt }), fp16: () => s16.session.run({ features: xt }) }, { warmup: 3, iterations: options.iterations ?? 15 });
  await s32.session.release();
  await s16.session.release();
  const cmp = compareRuns(r, { baseline: "fp32" });
  return {
    provider: s32.provider,
    rows: rows.length,
    accuracyFp32: correct32 / rows.length,
    accuracyFp16: correct16 / rows.length,
    agreement: agree / rows.length,
    maxAbsProbDiff: maxDiff,
    fp32BatchMs: r.fp32!.summary.p50,
    fp16BatchMs: r.fp16!.summary.p50,
    fp16OverFp32: cmp.rows[1]!.ratio,
    table: cmp.text,
  };
}

/** fp32 vs fp16 speed and error of a square MLP (random weights) on one provider. */
export interface MlpPrecisionResult {
  provider: ProviderName;
  width: number;
  depth: number;
  batch: number;
  fp32Ms: number;
  fp16Ms: number;
  /** fp16 / fp32 median time (>1: fp16 slower). */
  fp16OverFp32: { ratio: number; low: number; high: number };
  /** Largest absolute difference of fp16 outputs from the float64 reference (mlpForward). */
  fp16MaxAbsError: number;
  /** Same for fp32. */
  fp32MaxAbsError: number;
  table: string;
}

/**
 * Speed of the same square MLP in fp32 and fp16 (fp16 input, weights and output) at one batch size,
 * side by side, with each precision's largest error against the TypeScript float64 reference.
 */
export async function compareMlpPrecision(options: ProviderOptions & { width?: number; depth?: number; batch?: number; iterations?: number } = {}): Promise<MlpPrecisionResult> {
  const width = options.width ?? 512, depth = options.depth ?? 2, batch = options.batch ?? 64;
  const w = initMlpWeights(squareMlpSpec(width, depth), 5);
  const s32 = await createSession(buildMlpVariantOnnx(w, "fp32"), options);
  const s16 = await createSession(buildMlpVariantOnnx(w, "fp16"), { ...options, providers: [s32.provider], strict: true });
  const x32 = randomInputTensor("float32", batch, width, 9);
  const x16 = randomInputTensor("float16", batch, width, 9);
  const xRef = float16ToFloat32(x16.data as ArrayBufferView); // the fp16-rounded input, so both see the same values
  const ref = mlpForward(w, xRef, batch);
  const ref32 = mlpForward(w, x32.data as Float32Array, batch);
  const y32 = (await s32.session.run({ input: x32 })).output!.data as Float32Array;
  const y16 = float16ToFloat32((await s16.session.run({ input: x16 })).output!.data as ArrayBufferView);
  let e16 = 0, e32 = 0;
  for (let i = 0; i < ref.length; i++) {
    e16 = Math.max(e16, Math.abs(y16[i]! - ref[i]!));
    e32 = Math.max(e32, Math.abs(y32[i]! - ref32[i]!));
  }
  const r = await measureSideBySide({ fp32: () => s32.session.run({ input: x32 }), fp16: () => s16.session.run({ input: x16 }) }, { warmup: 3, iterations: options.iterations ?? 15 });
  await s32.session.release();
  await s16.session.release();
  const cmp = compareRuns(r, { baseline: "fp32" });
  return { provider: s32.provider, width, depth, batch, fp32Ms: r.fp32!.summary.p50, fp16Ms: r.fp16!.summary.p50, fp16OverFp32: cmp.rows[1]!.ratio, fp16MaxAbsError: e16, fp32MaxAbsError: e32, table: cmp.text };
}

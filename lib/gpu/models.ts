import { createRng } from "../data/random";
import { OnnxGraphBuilder } from "../onnx/graph-builder";
import { buildMlpOnnx, type MlpSpec, type MlpWeights } from "../onnx/mlp";
import { float32ToFloat16 } from "../onnx/float16";
import { decodeOnnxModel } from "../onnx/proto";

/**
 * Numeric precision of a model for the GPU lessons:
 * - `"fp32"`: float32 input, weights and output;
 * - `"fp16"`: float16 input, weights and output (the caller feeds `Uint16Array` half bits);
 * - `"fp16-cast"`: float32 input and output with `Cast` nodes around a float16 body, so the same
 *   float32 feeds work for both precisions (the cast costs are part of the model).
 */
export type GpuPrecision = "fp32" | "fp16" | "fp16-cast";

/** The ONNX element type a model of this precision takes as input. */
export function precisionInputType(precision: GpuPrecision): "float32" | "float16" {
  return precision === "fp16" ? "float16" : "float32";
}

/** Bytes per element of the body of a model of this precision (4 for fp32, 2 for fp16 and fp16-cast). */
export function precisionBytes(precision: GpuPrecision): number {
  return precision === "fp32" ? 4 : 2;
}

const ACT = { relu: "Relu", tanh: "Tanh", sigmoid: "Sigmoid" } as const;
const ONNX_FLOAT = 1;
const ONNX_FLOAT16 = 10;

/**
 * Builds an MLP in one of the {@link GpuPrecision}s from float32 weights. `fp32` and `fp16` are
 * `buildMlpOnnx` (lib/onnx); `fp16-cast` adds `Cast` to float16 after the input and back to float32
 * before the output. Input `input` `[batch, inputSize]`, output `output` `[batch, outputSize]`.
 */
export function buildMlpVariantOnnx(weights: MlpWeights, precision: GpuPrecision = "fp32"): Uint8Array {
  if (precision === "fp32" || precision === "fp16") return buildMlpOnnx(weights, { dtype: precision === "fp32" ? "float32" : "float16" });
  if (precision !== "fp16-cast") throw new RangeError(`buildMlpVariantOnnx: precision must be fp32, fp16 or fp16-cast, got "${precision}".`);
  const { spec } = weights;
  const sizes = [spec.inputSize, ...spec.hiddenSizes, spec.outputSize];
  const g = new OnnxGraphBuilder("mlp_fp16_cast").input("input", "float32", ["batch", spec.inputSize]);
  g.node("Cast", ["input"], ["x16"], { to: ONNX_FLOAT16 });
  let cur = "x16";
  weights.layers.forEach((layer, l) => {
    const [fi, fo] = [sizes[l]!, sizes[l + 1]!];
    if (layer.weight.length !== fi * fo || layer.bias.length !== fo) throw new Error(`buildMlpVariantOnnx: layer ${l} should be [${fi}, ${fo}] + [${fo}].`);
    g.initializer(`W${l}`, float32ToFloat16(layer.weight), [fi, fo]).initializer(`b${l}`, float32ToFloat16(layer.bias), [fo]);
    g.node("MatMul", [cur, `W${l}`], [`mm${l}`]).node("Add", [`mm${l}`, `b${l}`], [`pre${l}`]);
    const last = l === weights.layers.length - 1;
    if (!last) {
      g.node(ACT[spec.activation ?? "relu"], [`pre${l}`], [`h${l}`]);
      cur = `h${l}`;
    } else if (spec.softmax ?? true) {
      g.node("Softmax", [`pre${l}`], ["probs16"], { axis: -1 });
      cur = "probs16";
    } else cur = `pre${l}`;
  });
  g.node("Cast", [cur], ["output"], { to: ONNX_FLOAT });
  g.output("output", "float32", ["batch", spec.outputSize]);
  return g.build({ metadata: { kind: "mlp", precision, spec: JSON.stringify(spec) } });
}

/**
 * The square MLP the roofline sweep uses: `depth` layers of `width × width` (ReLU between them, no
 * softmax), so its cost is easy to check by hand: `depth · 2 · B · width²` FLOPs.
 */
export function squareMlpSpec(width: number, depth: number): MlpSpec {
  if (!Number.isInteger(width) || width < 1 || !Number.isInteger(depth) || depth < 1) throw new RangeError(`squareMlpSpec: width and depth must be positive integers, got ${width} and ${depth}.`);
  return { inputSize: width, hiddenSizes: Array<number>(depth - 1).fill(width), outputSize: width, softmax: false };
}

/** A model built for measuring a device ceiling, with the work one call does. */
export interface CeilingModel {
  /** ONNX bytes. */
  bytes: Uint8Array;
  /** Input name (a one-element tensor `s` of the model's element type). */
  inputName: string;
  /** Element type of the input. */
  inputType: "float32" | "float16";
  /** FLOPs one call does (as counted in the doc of the builder). */
  flops: number;
  /** Bytes one call moves through memory (as counted in the doc of the builder). */
  bytesMoved: number;
  /** Human description. */
  description: string;
}

function randomData(n: number, seed: number, scale: number): Float32Array {
  const rng = createRng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (rng.next() * 2 - 1) * scale;
  return a;
}

/**
 * One large matrix product for the compute ceiling: `ReduceSum((A + s) · B)` with `A`, `B` constant
 * `n × n` matrices and `s` a one-element input (so the runtime cannot fold the product at load time,
 * and only one number travels back). FLOPs `2n³` (the add and the sum, `2n²`, are left out);
 * bytes `6n²·e` (A read, A+s written and read, B read, the product written and read).
 * @param n matrix size (default 1024: 2.1 GFLOP; use 4096 on a GPU)
 */
export function buildMatMulCeilingOnnx(n = 1024, dtype: "float32" | "float16" = "float32"): CeilingModel {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`buildMatMulCeilingOnnx: n must be a positive integer, got ${n}.`);
  const scale = 1 / Math.sqrt(n);
  const conv = (a: Float32Array): Float32Array | Uint16Array => (dtype === "float16" ? float32ToFloat16(a) : a);
  const bytes = new OnnxGraphBuilder("matmul_ceiling")
    .input("s", dtype, [1])
    .initializer("A", conv(randomData(n * n, 1, 1)), [n, n])
    .initializer("B", conv(randomData(n * n, 2, scale)), [n, n])
    .node("Add", ["A", "s"], ["As"])
    .node("MatMul", ["As", "B"], ["Y"])
    .node("ReduceSum", ["Y"], ["out"], { keepdims: 0 })
    .output("out", dtype, [])
    .build({ metadata: { kind: "matmul-ceiling", n: String(n) } });
  const e = dtype === "float16" ? 2 : 4;
  return { bytes, inputName: "s", inputType: dtype, flops: 2 * n ** 3, bytesMoved: 6 * n * n * e, description: `${n}×${n} MatMul (${dtype})` };
}

/**
 * A large streaming model for the memory-bandwidth ceiling: `ReduceMax(A + s)` over a constant
 * vector `A` of `elements` values. Bytes `3·elements·e` (A read, A+s written, then read); FLOPs
 * `2·elements` (0.17 FLOP/byte in fp32: as memory-bound as a model gets; only one number comes back).
 * @param elements default 2^23 (32 MiB in fp32: bigger than the CPU's caches)
 */
export function buildStreamCeilingOnnx(elements = 2 ** 23, dtype: "float32" | "float16" = "float32"): CeilingModel {
  if (!Number.isInteger(elements) || elements < 1) throw new RangeError(`buildStreamCeilingOnnx: elements must be a positive integer, got ${elements}.`);
  const a = randomData(elements, 3, 1);
  const bytes = new OnnxGraphBuilder("stream_ceiling")
    .input("s", dtype, [1])
    .initializer("A", dtype === "float16" ? float32ToFloat16(a) : a, [elements])
    .node("Add", ["A", "s"], ["As"])
    .node("ReduceMax", ["As"], ["out"], { keepdims: 0 })
    .output("out", dtype, [])
    .build({ metadata: { kind: "stream-ceiling", elements: String(elements) } });
  const e = dtype === "float16" ? 2 : 4;
  return { bytes, inputName: "s", inputType: dtype, flops: 2 * elements, bytesMoved: 3 * elements * e, description: `stream over ${(elements * e / 2 ** 20).toFixed(0)} MiB (${dtype})` };
}

/**
 * The smallest useful model, for the per-call overhead: `Y = Relu(X)` on a two-element vector
 * (essentially no work: what one `session.run` costs by itself).
 */
export function buildTinyOverheadOnnx(): Uint8Array {
  return new OnnxGraphBuilder("tiny").input("X", "float32", [2]).node("Relu", ["X"], ["Y"]).output("Y", "float32", [2]).build({ metadata: { kind: "overhead-probe" } });
}

/** A float32 initializer read back from an ONNX model. */
export interface OnnxInitializerValue {
  /** Shape. */
  dims: number[];
  /** Values. */
  data: Float32Array;
}

/**
 * Reads the float32 initializers (weights) of an ONNX model, e.g. to rebuild a trained model in
 * another precision. Non-float32 initializers are skipped.
 */
export function readFloatInitializers(model: Uint8Array): Record<string, OnnxInitializerValue> {
  const m = decodeOnnxModel(model);
  const out: Record<string, OnnxInitializerValue> = {};
  for (const init of m.graph?.initializer ?? []) {
    if (init.dataType !== ONNX_FLOAT) continue;
    let data: Float32Array;
    if (init.rawData && init.rawData.length) {
      const raw = init.rawData;
      data = new Float32Array(raw.length / 4);
      new Uint8Array(data.buffer).set(raw);
    } else data = Float32Array.from(init.floatData ?? []);
    out[init.name] = { dims: init.dims.map(Number), data };
  }
  return out;
}

/**
 * Rebuilds a trained linear classifier (the course's TF-IDF + logistic regression artifact: `W`
 * `[features, classes]`, `b` `[classes]`) in float32 or float16. Both variants take float32 `features`
 * `[batch, features]` and return float32 `probabilities` `[batch, classes]`; the fp16 one casts the
 * input to float16, computes `Softmax(x·W + b)` in float16 and casts the result back (`fp16-cast`),
 * so the same feeds can be compared.
 */
export function linearClassifierOnnx(model: Uint8Array, precision: "fp32" | "fp16-cast"): Uint8Array {
  const inits = readFloatInitializers(model);
  const W = inits.W, b = inits.b;
  if (!W || !b || W.dims.length !== 2) throw new Error("linearClassifierOnnx: expected float32 initializers W [features, classes] and b [classes] (the logistic-regression artifact).");
  if (precision !== "fp32" && precision !== "fp16-cast") throw new RangeError(`linearClassifierOnnx: precision must be fp32 or fp16-cast, got "${precision}".`);
  const [F, C] = W.dims as [number, number];
  const g = new OnnxGraphBuilder("linear_classifier").input("features", "float32", ["batch", F]);
  if (precision === "fp32") {
    g.initializer("W", W.data, [F, C]).initializer("b", b.data, [C]);
    g.node("MatMul", ["features", "W"], ["xw"]).node("Add", ["xw", "b"], ["logits"]).node("Softmax", ["logits"], ["probabilities"], { axis: -1 });
  } else {
    g.initializer("W", float32ToFloat16(W.data), [F, C]).initializer("b", float32ToFloat16(b.data), [C]);
    g.node("Cast", ["features"], ["x16"], { to: ONNX_FLOAT16 });
    g.node("MatMul", ["x16", "W"], ["xw"]).node("Add", ["xw", "b"], ["logits"]).node("Softmax", ["logits"], ["p16"], { axis: -1 });
    g.node("Cast", ["p16"], ["probabilities"], { to: ONNX_FLOAT });
  }
  return g.output("probabilities", "float32", ["batch", C]).build({ metadata: { kind: "linear-classifier", precision } });
}

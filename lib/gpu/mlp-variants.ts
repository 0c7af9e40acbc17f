/**
 * The MLP in the numeric precisions the GPU lessons compare (fp32, fp16, fp16 with casts), and
 * the square MLP of the roofline sweep.
 * @packageDocumentation
 */
import { OnnxGraphBuilder } from "../onnx/graph-builder";
import { buildMlpOnnx, type MlpSpec, type MlpWeights } from "../onnx/mlp";
import { float32ToFloat16 } from "../onnx/float16";
import { ONNX_DATA_TYPE } from "../onnx/proto";

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
  g.node("Cast", ["input"], ["x16"], { to: ONNX_DATA_TYPE.float16 });
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
  g.node("Cast", [cur], ["output"], { to: ONNX_DATA_TYPE.float32 });
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

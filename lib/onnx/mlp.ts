import { createRng } from "../data/random";
import { OnnxGraphBuilder, type OnnxBuildOptions } from "./graph-builder";
import { float32ToFloat16 } from "./float16";

/** Shape of a dense multi-layer perceptron. */
export interface MlpSpec {
  /** Input features. */
  inputSize: number;
  /** Width of each hidden layer, e.g. `[256, 256]` (depth = length). May be empty (a linear model). */
  hiddenSizes: number[];
  /** Output units (classes). */
  outputSize: number;
  /** Hidden activation. Default `"relu"`. */
  activation?: "relu" | "tanh" | "sigmoid";
  /** Apply softmax to the output (probabilities) rather than return logits. Default `true`. */
  softmax?: boolean;
}

/** MLP parameters: one `[in, out]` weight matrix (row-major) and `[out]` bias per layer. */
export interface MlpWeights {
  /** The shape these weights are for. */
  spec: MlpSpec;
  /** Layers from input to output. */
  layers: { weight: Float32Array; bias: Float32Array }[];
}

function layerSizes(spec: MlpSpec): number[] {
  const sizes = [spec.inputSize, ...spec.hiddenSizes, spec.outputSize];
  if (!sizes.every((s) => Number.isInteger(s) && s > 0)) throw new RangeError(`MLP sizes must be positive integers, got [${sizes.join(", ")}].`);
  return sizes;
}

/**
 * Random MLP weights (He-normal: N(0, 2/fanIn)) and small uniform biases in ±0.1, seeded. Used for
 * timing sweeps and parity checks, where the values only need to be realistic in scale.
 * @param seed default `42`
 */
export function initMlpWeights(spec: MlpSpec, seed = 42): MlpWeights {
  const sizes = layerSizes(spec);
  const rng = createRng(seed);
  const layers = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l]!, fanOut = sizes[l + 1]!;
    const std = Math.sqrt(2 / fanIn);
    const weight = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < weight.length; i++) weight[i] = rng.normal() * std;
    const bias = new Float32Array(fanOut);
    for (let i = 0; i < fanOut; i++) bias[i] = (rng.next() * 2 - 1) * 0.1;
    layers.push({ weight, bias });
  }
  return { spec, layers };
}

/** Options for {@link buildMlpOnnx}. */
export interface MlpOnnxOptions extends OnnxBuildOptions {
  /** Element type of input, weights and output: `"float32"` (default) or `"float16"` (for GPU fp16 runs). */
  dtype?: "float32" | "float16";
  /** Input name. Default `"input"`. */
  inputName?: string;
  /** Output name. Default `"output"` (probabilities when `softmax`, else logits). */
  outputName?: string;
}

const ACT = { relu: "Relu", tanh: "Tanh", sigmoid: "Sigmoid" } as const;

/**
 * Builds a dense MLP as ONNX: `MatMul → Add → activation` per hidden layer, then `MatMul → Add`
 * (→ `Softmax`). Input `[batch, inputSize]`, output `[batch, outputSize]`, batch symbolic.
 */
export function buildMlpOnnx(weights: MlpWeights, options: MlpOnnxOptions = {}): Uint8Array {
  const { spec } = weights;
  const sizes = layerSizes(spec);
  if (weights.layers.length !== sizes.length - 1) throw new Error(`buildMlpOnnx: spec has ${sizes.length - 1} layers but weights have ${weights.layers.length}.`);
  const dtype = options.dtype ?? "float32";
  const inName = options.inputName ?? "input";
  const outName = options.outputName ?? "output";
  const g = new OnnxGraphBuilder("mlp").input(inName, dtype, ["batch", spec.inputSize]);
  let cur = inName;
  weights.layers.forEach((layer, l) => {
    const [fi, fo] = [sizes[l]!, sizes[l + 1]!];
    if (layer.weight.length !== fi * fo || layer.bias.length !== fo) throw new Error(`buildMlpOnnx: layer ${l} should be [${fi}, ${fo}] + [${fo}].`);
    const w = dtype === "float16" ? float32ToFloat16(layer.weight) : layer.weight;
    const b = dtype === "float16" ? float32ToFloat16(layer.bias) : layer.bias;
    g.initializer(`W${l}`, w, [fi, fo]).initializer(`b${l}`, b, [fo]);
    const last = l === weights.layers.length - 1;
    g.node("MatMul", [cur, `W${l}`], [`mm${l}`]);
    const addOut = last && !(spec.softmax ?? true) ? outName : last ? "logits" : `pre${l}`;
    g.node("Add", [`mm${l}`, `b${l}`], [addOut]);
    if (!last) {
      g.node(ACT[spec.activation ?? "relu"], [addOut], [`h${l}`]);
      cur = `h${l}`;
    } else if (spec.softmax ?? true) {
      g.node("Softmax", ["logits"], [outName], { axis: -1 });
    }
  });
  g.output(outName, dtype, ["batch", spec.outputSize]);
  return g.build({ ...options, metadata: { kind: "mlp", spec: JSON.stringify(spec), ...(options.metadata ?? {}) } });
}

/**
 * The same MLP evaluated directly in TypeScript (float64 accumulation over the float32 weights):
 * the reference the ONNX model is checked against.
 * @param x row-major `[batch, inputSize]`
 * @returns row-major `[batch, outputSize]`
 */
export function mlpForward(weights: MlpWeights, x: Float32Array, batch: number): Float32Array {
  const { spec } = weights;
  const sizes = layerSizes(spec);
  if (x.length !== batch * spec.inputSize) throw new RangeError(`mlpForward: x has ${x.length} values, expected batch ${batch} × ${spec.inputSize}.`);
  let cur: Float64Array = Float64Array.from(x);
  weights.layers.forEach((layer, l) => {
    const [fi, fo] = [sizes[l]!, sizes[l + 1]!];
    const next = new Float64Array(batch * fo);
    for (let r = 0; r < batch; r++) {
      for (let j = 0; j < fo; j++) next[r * fo + j] = layer.bias[j]!;
      for (let i = 0; i < fi; i++) {
        const v = cur[r * fi + i]!;
        if (v === 0) continue;
        const row = i * fo;
        for (let j = 0; j < fo; j++) next[r * fo + j]! += v * layer.weight[row + j]!;
      }
    }
    const last = l === weights.layers.length - 1;
    if (!last) {
      const act = spec.activation ?? "relu";
      for (let k = 0; k < next.length; k++) {
        const v = next[k]!;
        next[k] = act === "relu" ? Math.max(0, v) : act === "tanh" ? Math.tanh(v) : 1 / (1 + Math.exp(-v));
      }
    } else if (spec.softmax ?? true) {
      for (let r = 0; r < batch; r++) {
        let max = -Infinity;
        for (let j = 0; j < fo; j++) max = Math.max(max, next[r * fo + j]!);
        let s = 0;
        for (let j = 0; j < fo; j++) s += next[r * fo + j] = Math.exp(next[r * fo + j]! - max);
        for (let j = 0; j < fo; j++) next[r * fo + j]! /= s;
      }
    }
    cur = next;
  });
  return Float32Array.from(cur);
}

/**
 * The shape and weights of the course's decoder-only transformer: its config with defaults, the
 * weight tensors in their fixed order, random initial weights, and GPT-2-small's shape. The graph
 * (lib/onnx/transformer.ts) and the trainable model (lib/llm/gpt.ts) both build on it.
 * @packageDocumentation
 */
import { createRng } from "../data/random";

/** Shape of a decoder-only (GPT-style) transformer. */
export interface DecoderConfig {
  /** Number of tokens in the vocabulary. */
  vocabSize: number;
  /** Longest sequence the position table covers (prompt plus generated tokens). */
  contextLength: number;
  /** Number of transformer blocks. */
  layers: number;
  /** Attention heads per block (must divide `width`). */
  heads: number;
  /** Model width (embedding size). */
  width: number;
  /** MLP hidden size as a multiple of `width`. Default 4. */
  mlpRatio?: number;
  /** LayerNorm epsilon. Default 1e-5. */
  layerNormEps?: number;
}

/**
 * Weights of a decoder, by name (see {@link decoderWeightShapes} for every name and shape).
 * Matrices are stored [in, out] so that y = x·W + b.
 */
export type DecoderWeights = Record<string, Float32Array>;

/** Checks a config and returns it with defaults filled in. */
export function resolveDecoderConfig(c: DecoderConfig): Required<DecoderConfig> {
  for (const k of ["vocabSize", "contextLength", "layers", "heads", "width"] as const) {
    if (!Number.isInteger(c[k]) || c[k] <= 0) throw new Error(`DecoderConfig.${k} must be a positive integer, got ${c[k]}.`);
  }
  if (c.width % c.heads !== 0) throw new Error(`DecoderConfig: width ${c.width} is not divisible by heads ${c.heads}; choose heads that divide the width.`);
  return { mlpRatio: 4, layerNormEps: 1e-5, ...c };
}

/** Every weight of a decoder with its shape, in a fixed order (the order of a saved weights file). */
export function decoderWeightShapes(config: DecoderConfig): { name: string; shape: number[] }[] {
  const c = resolveDecoderConfig(config);
  const d = c.width, f = c.width * c.mlpRatio;
  const out: { name: string; shape: number[] }[] = [
    { name: "wte", shape: [c.vocabSize, d] },
    { name: "wpe", shape: [c.contextLength, d] },
  ];
  for (let i = 0; i < c.layers; i++) {
    out.push(
      { name: `h${i}.ln1.weight`, shape: [d] },
      { name: `h${i}.ln1.bias`, shape: [d] },
      { name: `h${i}.attn.qkv.weight`, shape: [d, 3 * d] },
      { name: `h${i}.attn.qkv.bias`, shape: [3 * d] },
      { name: `h${i}.attn.proj.weight`, shape: [d, d] },
      { name: `h${i}.attn.proj.bias`, shape: [d] },
      { name: `h${i}.ln2.weight`, shape: [d] },
      { name: `h${i}.ln2.bias`, shape: [d] },
      { name: `h${i}.mlp.fc.weight`, shape: [d, f] },
      { name: `h${i}.mlp.fc.bias`, shape: [f] },
      { name: `h${i}.mlp.proj.weight`, shape: [f, d] },
      { name: `h${i}.mlp.proj.bias`, shape: [d] },
    );
  }
  out.push({ name: "lnf.weight", shape: [d] }, { name: "lnf.bias", shape: [d] }, { name: "head.weight", shape: [d, c.vocabSize] }, { name: "head.bias", shape: [c.vocabSize] });
  return out;
}

/** Number of parameters of a decoder with this config. */
export function decoderParameterCount(config: DecoderConfig): number {
  return decoderWeightShapes(config).reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
}

/** Options for {@link randomDecoderWeights}. */
export interface RandomDecoderWeightsOptions {
  /** Seed for {@link createRng}. Default 0. */
  seed?: number;
  /** Standard deviation of matrices and embeddings. Default 0.02 (GPT-2). */
  std?: number;
}

/**
 * GPT-2-style initial weights: normal(0, std) matrices and embeddings, output projections of each
 * block scaled by 1/√(2·layers), zero biases, LayerNorm scales 1. Used to start training and for
 * random-weight timing models (e.g. GPT-2-small's shape).
 */
export function randomDecoderWeights(config: DecoderConfig, options: RandomDecoderWeightsOptions = {}): DecoderWeights {
  const c = resolveDecoderConfig(config);
  const rng = createRng(options.seed ?? 0);
  const std = options.std ?? 0.02;
  const w: DecoderWeights = {};
  for (const { name, shape } of decoderWeightShapes(c)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const a = new Float32Array(n);
    if (/\.(ln1|ln2)\.weight$|^lnf\.weight$/.test(name)) a.fill(1);
    else if (shape.length === 2) {
      const s = /proj\.weight$/.test(name) ? std / Math.sqrt(2 * c.layers) : std;
      for (let i = 0; i < n; i++) a[i] = rng.normal() * s;
    }
    w[name] = a;
  }
  return w;
}

/** Checks that `weights` holds every tensor of `config` with the right length. */
export function checkDecoderWeights(config: DecoderConfig, weights: DecoderWeights): void {
  for (const { name, shape } of decoderWeightShapes(config)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const w = weights[name];
    if (!w) throw new Error(`Decoder weights: "${name}" is missing (expected shape [${shape.join(", ")}]).`);
    if (w.length !== n) throw new Error(`Decoder weights: "${name}" has ${w.length} values, expected ${n} for shape [${shape.join(", ")}]; does the config match the weights?`);
  }
}

/**
 * GPT-2 small's shape (12 layers, 12 heads, width 768, 50,257-token vocabulary, context 1,024), for
 * timing with random weights. GPT-2 ties its LM head to the token embedding (124M parameters); the
 * graphs here keep a separate head, so this config has 163M parameters (652 MB in fp32).
 */
export const GPT2_SMALL_CONFIG: DecoderConfig = { vocabSize: 50257, contextLength: 1024, layers: 12, heads: 12, width: 768 };

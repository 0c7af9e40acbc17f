import * as fs from "node:fs";
import { GradTape } from "./autograd";
import { GradTensor } from "./grad-tensor";
import type { MatmulKernel } from "./matmul-kernels";
import { decoderWeightShapes, resolveDecoderConfig, randomDecoderWeights, checkDecoderWeights, type DecoderConfig, type DecoderWeights } from "../onnx/decoder-config";

/**
 * The trainable decoder: the same architecture as `buildDecoderOnnx` (same weight names and
 * formulas), its forward pass recorded on a {@link GradTape} so it can be trained.
 */
export class GptModel {
  /** The config with defaults filled in. */
  readonly config: Required<DecoderConfig>;
  /** Parameters by name (names of `decoderWeightShapes`). */
  readonly params: Map<string, GradTensor>;

  /**
   * @param config model shape
   * @param weights initial values (default: `randomDecoderWeights(config, {seed: 0})`)
   * @param trainable whether parameters record gradients. Default true.
   */
  constructor(config: DecoderConfig, weights?: DecoderWeights, trainable = true) {
    this.config = resolveDecoderConfig(config);
    const w = weights ?? randomDecoderWeights(this.config);
    checkDecoderWeights(this.config, w);
    this.params = new Map(decoderWeightShapes(this.config).map(({ name, shape }) => [name, new GradTensor(Float32Array.from(w[name]!), shape, trainable)]));
  }

  /** Parameters in the fixed order of `decoderWeightShapes`. */
  parameters(): GradTensor[] {
    return [...this.params.values()];
  }

  /** Number of parameters. */
  get parameterCount(): number {
    return this.parameters().reduce((s, p) => s + p.size, 0);
  }

  private p(name: string): GradTensor {
    return this.params.get(name)!;
  }

  /**
   * Forward pass for `batch` sequences of `seq` token ids (row-major [batch, seq], positions 0…seq-1)
   * → logits [batch·seq, vocab], recorded on `tape`.
   */
  async forward(tape: GradTape, ids: Int32Array, batch: number, seq: number): Promise<GradTensor> {
    const c = this.config;
    if (ids.length !== batch * seq) throw new Error(`GptModel.forward: ${ids.length} ids, expected batch·seq = ${batch * seq}.`);
    if (seq > c.contextLength) throw new Error(`GptModel.forward: sequence length ${seq} exceeds the context length ${c.contextLength}.`);
    const pos = new Int32Array(batch * seq);
    for (let i = 0; i < pos.length; i++) pos[i] = i % seq;
    let x = tape.add(tape.embedding(this.p("wte"), ids), tape.embedding(this.p("wpe"), pos));
    for (let i = 0; i < c.layers; i++) {
      const h = `h${i}`;
      const a = tape.layerNorm(x, this.p(`${h}.ln1.weight`), this.p(`${h}.ln1.bias`), c.layerNormEps);
      const qkv = await tape.linear(a, this.p(`${h}.attn.qkv.weight`), this.p(`${h}.attn.qkv.bias`));
      const att = await tape.causalAttention(qkv, batch, seq, c.heads);
      x = tape.add(x, await tape.linear(att, this.p(`${h}.attn.proj.weight`), this.p(`${h}.attn.proj.bias`)));
      const m = tape.layerNorm(x, this.p(`${h}.ln2.weight`), this.p(`${h}.ln2.bias`), c.layerNormEps);
      const f = tape.gelu(await tape.linear(m, this.p(`${h}.mlp.fc.weight`), this.p(`${h}.mlp.fc.bias`)));
      x = tape.add(x, await tape.linear(f, this.p(`${h}.mlp.proj.weight`), this.p(`${h}.mlp.proj.bias`)));
    }
    const y = tape.layerNorm(x, this.p("lnf.weight"), this.p("lnf.bias"), c.layerNormEps);
    return tape.linear(y, this.p("head.weight"), this.p("head.bias"));
  }

  /** Mean next-token cross-entropy (nats) of `batch` windows of `seq + 1` ids each: inputs are the first `seq`, targets the last `seq`. */
  async loss(tape: GradTape, windows: Int32Array, batch: number, seq: number): Promise<GradTensor> {
    const { ids, targets } = splitWindows(windows, batch, seq);
    return tape.crossEntropy(await this.forward(tape, ids, batch, seq), targets);
  }

  /** Logits without recording gradients (a fresh tape on `kernel`). */
  async logits(kernel: MatmulKernel, ids: Int32Array, batch: number, seq: number): Promise<Float32Array> {
    // a forward over non-trainable copies records no backward ops
    const frozen = new GptModel(this.config, this.weights(), false);
    return (await frozen.forward(new GradTape(kernel), ids, batch, seq)).data;
  }

  /** Current weights (copies) by name, the input of `buildDecoderOnnx`. */
  weights(): DecoderWeights {
    const w: DecoderWeights = {};
    for (const [name, t] of this.params) w[name] = Float32Array.from(t.data);
    return w;
  }
}

/** Splits [batch, seq + 1] windows into inputs [batch, seq] and next-token targets [batch, seq]. */
export function splitWindows(windows: Int32Array, batch: number, seq: number): { ids: Int32Array; targets: Int32Array } {
  if (windows.length !== batch * (seq + 1)) throw new Error(`splitWindows: ${windows.length} ids, expected batch·(seq+1) = ${batch * (seq + 1)}.`);
  const ids = new Int32Array(batch * seq), targets = new Int32Array(batch * seq);
  for (let b = 0; b < batch; b++) {
    ids.set(windows.subarray(b * (seq + 1), b * (seq + 1) + seq), b * seq);
    targets.set(windows.subarray(b * (seq + 1) + 1, (b + 1) * (seq + 1)), b * seq);
  }
  return { ids, targets };
}

/** Writes weights as one little-endian float32 file in the order of `decoderWeightShapes(config)`. */
export function saveDecoderWeights(path: string, config: DecoderConfig, weights: DecoderWeights): void {
  checkDecoderWeights(config, weights);
  const shapes = decoderWeightShapes(config);
  const total = shapes.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  const all = new Float32Array(total);
  let o = 0;
  for (const { name } of shapes) {
    all.set(weights[name]!, o);
    o += weights[name]!.length;
  }
  fs.writeFileSync(path, new Uint8Array(all.buffer));
}

/** Reads a file written by {@link saveDecoderWeights}; throws when its size does not match the config. */
export function loadDecoderWeights(path: string, config: DecoderConfig): DecoderWeights {
  if (!fs.existsSync(path)) throw new Error(`Weights file ${path} not found; train a model first (npm run train-gpt).`);
  const buf = fs.readFileSync(path);
  const shapes = decoderWeightShapes(config);
  const total = shapes.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1), 0);
  if (buf.byteLength !== total * 4) throw new Error(`Weights file ${path} has ${buf.byteLength} bytes; the config needs ${total} float32 values (${total * 4} bytes). Is it the right config.json?`);
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  const w: DecoderWeights = {};
  let o = 0;
  for (const { name, shape } of shapes) {
    const n = shape.reduce((a, b) => a * b, 1);
    w[name] = all.slice(o, o + n);
    o += n;
  }
  return w;
}

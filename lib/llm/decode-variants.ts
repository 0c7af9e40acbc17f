import * as ort from "onnxruntime-node";
import { createSession, type ProviderName } from "../compute/providers";
import { resolveDecoderConfig, type DecoderConfig, type DecoderWeights } from "../onnx/decoder-config";
import { buildDecoderOnnx } from "../onnx/transformer";
import { decodeOnnxModel } from "../onnx/proto";
import { createRng } from "../data/random";
import { summaryStats, type SummaryStats } from "../metrics/summary";
import { fromFloat16Bits, float16Bits } from "../onnx/float16";
import { float16Tensor, nativeFloat16 } from "../onnx/float16-tensor";

/**
 * One way of running a greedy decode step: which graph (standard or fused operators, fp32 or fp16,
 * with or without the in-graph ArgMax) and where its outputs go.
 */
export interface DecodeVariant {
  /** A short label for tables and charts. */
  name: string;
  /** Element type of weights, cache and logits. */
  dtype: "float32" | "float16";
  /** onnxruntime's fused contrib operators (`buildDecoderOnnx(…, { fused: true })`). */
  fused: boolean;
  /** Greedy choice in the graph (`next_token` output); logits are never copied to the host. */
  nextToken: boolean;
  /**
   * Keep the KV cache (and, with `nextToken`, the logits) on the device between steps
   * (`preferredOutputLocation: "gpu-buffer"`). Only meaningful on a GPU provider: on the CPU,
   * device memory is host memory.
   */
  resident: boolean;
  /**
   * A preallocated cache of the full context length (`buildDecoderOnnx(…, { fused: true,
   * staticCache: true })`), each `present_*` output bound to its `past_*` tensor so the operator
   * may write the new rows in place. Whether that saves anything depends on the runtime sharing the
   * two buffers: the bench measures it. Requires `fused`. Default false.
   */
  staticCache?: boolean;
}

/**
 * The steps from the first ONNX graph towards a fast decode loop on a GPU, in the order the course
 * takes them: keep the cache on the device, halve the bytes, fuse operators, stop copying logits.
 */
export const GPU_DECODE_VARIANTS: readonly DecodeVariant[] = [
  { name: "standard fp32, all outputs copied back", dtype: "float32", fused: false, nextToken: false, resident: false },
  { name: "standard fp32, KV cache on device", dtype: "float32", fused: false, nextToken: false, resident: true },
  { name: "standard fp16, KV cache on device", dtype: "float16", fused: false, nextToken: false, resident: true },
  { name: "fused fp32, KV cache on device", dtype: "float32", fused: true, nextToken: false, resident: true },
  { name: "fused fp16, KV cache on device", dtype: "float16", fused: true, nextToken: false, resident: true },
  { name: "fused fp16, KV cache on device, argmax in graph", dtype: "float16", fused: true, nextToken: true, resident: true },
  { name: "fused fp16, static cache on device, argmax in graph", dtype: "float16", fused: true, nextToken: true, resident: true, staticCache: true },
];

/** The same study on the CPU provider, where "on device" does not apply. */
export const CPU_DECODE_VARIANTS: readonly DecodeVariant[] = [
  { name: "standard fp32", dtype: "float32", fused: false, nextToken: false, resident: false },
  { name: "standard fp16", dtype: "float16", fused: false, nextToken: false, resident: false },
  { name: "fused fp32", dtype: "float32", fused: true, nextToken: false, resident: false },
  { name: "fused fp16", dtype: "float16", fused: true, nextToken: false, resident: false },
  { name: "fused fp32, argmax in graph", dtype: "float32", fused: true, nextToken: true, resident: false },
  { name: "fused fp32, static cache, argmax in graph", dtype: "float32", fused: true, nextToken: true, resident: false, staticCache: true },
];

/** Options for {@link timeDecodeVariant}. */
export interface TimeDecodeVariantOptions {
  /** Provider to run on (no fallback: a variant the provider cannot run is reported as an error). Default `"cpu"`. */
  provider?: ProviderName;
  /** Prompt tokens per row (the prefill). Default 128. */
  promptTokens?: number;
  /** Decode steps timed after `warmupSteps`. Default 32. */
  steps?: number;
  /** Decode steps run first and not timed. Default 3. */
  warmupSteps?: number;
  /** Rows decoded together. Default 1. */
  batch?: number;
  /** Seed of the random prompt. Default 1. */
  seed?: number;
  /** Extra onnxruntime session options (threads, …). */
  sessionOptions?: ort.InferenceSession.SessionOptions;
}

/** What {@link timeDecodeVariant} measured for one variant. */
export interface DecodeVariantTiming {
  /** The variant that ran. */
  variant: DecodeVariant;
  /** The provider it ran on. */
  provider: ProviderName;
  /** Rows decoded together. */
  batch: number;
  /** Prompt tokens per row. */
  promptTokens: number;
  /** Nodes in the graph (fusion shrinks it). */
  nodes: number;
  /** Wall time of the prefill call (prompt → first token), ms. */
  prefillMs: number;
  /** Wall time per decode step (one token per row, greedy, next input fed back), ms. */
  stepMs: SummaryStats;
  /** The greedy tokens of row 0 (prefill's choice, then one per step). */
  tokens: number[];
  /**
   * With `staticCache`: whether the runtime accepted the fed cache tensors as preallocated outputs
   * (false: it returned new full-size cache tensors each step). Accepting them does not prove the
   * operator skipped a copy: the step time against the capacity tells. Absent without `staticCache`.
   */
  cacheBoundAsOutput?: boolean;
}

const argmaxRow = (logits: ArrayBufferView, offset: number, n: number, half: boolean): number => {
  // fp16 logits are Uint16Array bits on Node 20 and a Float16Array on Node 24+: read them as bits
  const data = half ? float16Bits(logits) : (logits as Float32Array);
  let best = 0, bestV = -Infinity;
  for (let j = 0; j < n; j++) {
    const raw = data[offset + j]!;
    const v = half ? fromFloat16Bits(raw) : raw;
    if (v > bestV) { bestV = v; best = j; }
  }
  return best;
};

/**
 * Builds one variant of a decoder, runs a greedy decode loop on one provider (prefill of a seeded
 * random prompt, then `warmupSteps + steps` single-token steps feeding each step's choice back in)
 * and times every call. The KV cache goes back in as the tensors the last call returned, so with
 * `resident` it never leaves the GPU; without `nextToken` the last position's logits are read on
 * the host to choose the token (what a sampler on the CPU needs). Weights' values do not change the
 * speed: random weights give honest timings.
 * @throws when the provider cannot build or run this variant (e.g. a contrib operator it lacks)
 */
export async function timeDecodeVariant(config: DecoderConfig, weights: DecoderWeights, variant: DecodeVariant, options: TimeDecodeVariantOptions = {}): Promise<DecodeVariantTiming> {
  const c = resolveDecoderConfig(config);
  const provider = options.provider ?? "cpu";
  const B = options.batch ?? 1, P = options.promptTokens ?? 128, steps = options.steps ?? 32, warm = options.warmupSteps ?? 3;
  if (P + warm + steps + 1 > c.contextLength) throw new RangeError(`timeDecodeVariant: ${P} prompt + ${warm + steps + 1} decode tokens exceed the context length ${c.contextLength}.`);
  const stat = variant.staticCache === true;
  let bytes: Uint8Array | null = buildDecoderOnnx(c, weights, { dtype: variant.dtype, fused: variant.fused, nextToken: variant.nextToken, staticCache: stat });
  const nodes = decodeOnnxModel(bytes).graph?.node.length ?? 0;
  const half = variant.dtype === "float16";
  const gpu = provider !== "cpu";
  const location: Record<string, ort.Tensor.DataLocation> = {};
  if (variant.resident && gpu) {
    location.logits = variant.nextToken ? "gpu-buffer" : "cpu";
    if (variant.nextToken) location.next_token = "cpu";
    for (let i = 0; i < c.layers; i++) location[`present_key_${i}`] = location[`present_value_${i}`] = "gpu-buffer";
  }
  const { session } = await createSession(bytes, {
    providers: [provider], strict: true,
    sessionOptions: { ...options.sessionOptions, ...(Object.keys(location).length ? { preferredOutputLocation: location } : {}) },
  });
  bytes = null;
  try {
    const hd = c.width / c.heads, V = c.vocabSize;
    const rng = createRng(options.seed ?? 1);
    const feeds: Record<string, ort.Tensor> = {};
    const setIds = (ids: number[], start: number, seq: number): void => {
      feeds.input_ids = new ort.Tensor("int64", BigInt64Array.from(ids.map(BigInt)), [B, seq]);
      feeds.position_ids = new ort.Tensor("int64", BigInt64Array.from(ids.map((_, k) => BigInt(start + (k % seq)))), [B, seq]);
    };
    // a growing cache starts empty; a static one is allocated once at full length (zeros)
    const cap = stat ? c.contextLength : 0;
    for (let i = 0; i < c.layers; i++) {
      for (const kv of ["key", "value"]) feeds[`past_${kv}_${i}`] = half ? float16Tensor(new Uint16Array(B * c.heads * cap * hd), [B, c.heads, cap, hd]) : new ort.Tensor("float32", new Float32Array(B * c.heads * cap * hd), [B, c.heads, cap, hd]);
    }
    const setLengths = (total: number): void => {
      feeds.seqlens_k = new ort.Tensor("int32", Int32Array.from({ length: B }, () => total - 1), [B]);
      feeds.total_sequence_length = new ort.Tensor("int32", Int32Array.from([total]), []);
    };
    // static cache: each present_* output is bound to the tensor fed as past_*;
    // on the first device step that tensor is still on the host, so the runtime allocates it there
    let bound = stat;
    const fetchesFor = (): ort.InferenceSession.FetchesType | undefined => {
      if (!stat || !bound) return undefined;
      const f: Record<string, ort.Tensor | null> = { logits: null, ...(variant.nextToken ? { next_token: null } : {}) };
      for (let i = 0; i < c.layers; i++) {
        for (const kv of ["key", "value"]) {
          const t = feeds[`past_${kv}_${i}`]!;
          if (gpu && t.location !== "gpu-buffer") return undefined;
          f[`present_${kv}_${i}`] = t;
        }
      }
      return f as ort.InferenceSession.FetchesType;
    };
    setIds(Array.from({ length: B * P }, () => rng.int(V)), 0, P);
    if (stat) setLengths(P);
    const tokens: number[] = [];
    const times: number[] = [];
    let prefillMs = 0;
    let length = P;
    for (let s = 0; s <= warm + steps; s++) {
      const t0 = performance.now();
      const fetches = fetchesFor();
      let out: ort.InferenceSession.OnnxValueMapType;
      if (fetches) {
        try {
          out = await session.run(feeds, fetches);
        } catch (e) {
          // a runtime that cannot bind device tensors as outputs: fall back to new outputs each step
          if (!gpu) throw e;
          bound = false;
          out = await session.run(feeds);
        }
      } else out = await session.run(feeds);
      let next: number[];
      // outputs asked for on the host are read directly; anything left on the device is downloaded
      const host = async (t: ort.Tensor): Promise<ort.Tensor.DataType> => (t.location === "cpu" || t.location === "cpu-pinned" ? t.data : await t.getData());
      if (variant.nextToken) next = Array.from((await host(out.next_token!)) as BigInt64Array, Number);
      else {
        const logits = (await host(out.logits!)) as ArrayBufferView;
        const seq = (feeds.input_ids!.dims[1] as number);
        next = Array.from({ length: B }, (_, b) => argmaxRow(logits, (b * seq + seq - 1) * V, V, half));
      }
      const ms = performance.now() - t0;
      if (s === 0) prefillMs = ms;
      else if (s > warm) times.push(ms);
      tokens.push(next[0]!);
      // the cache goes straight back in; the old one (on the device) is released. A cache bound as
      // the output is already where the next step reads it: the same tensors stay in the feeds.
      if (!fetches || !bound) {
        for (let i = 0; i < c.layers; i++) {
          for (const kv of ["key", "value"]) {
            const old = feeds[`past_${kv}_${i}`]!;
            feeds[`past_${kv}_${i}`] = nativeFloat16(out[`present_${kv}_${i}`]!);
            if (old.location === "gpu-buffer") old.dispose();
          }
        }
      }
      if (out.logits && out.logits.location === "gpu-buffer") out.logits.dispose();
      setIds(next, length, 1);
      length += 1;
      if (stat) setLengths(length);
    }
    for (let i = 0; i < c.layers; i++) for (const kv of ["key", "value"]) { const t = feeds[`past_${kv}_${i}`]!; if (t.location === "gpu-buffer") t.dispose(); }
    return { variant, provider, batch: B, promptTokens: P, nodes, prefillMs, stepMs: summaryStats(times), tokens, ...(stat ? { cacheBoundAsOutput: bound } : {}) };
  } finally {
    await session.release();
  }
}

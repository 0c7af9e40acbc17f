/**
 * Serving experiments on a decoder: a seeded Poisson workload of LLM requests, prefill and decode
 * step timings, and a load sweep comparing static and continuous batching with the serving
 * metrics of lib/metrics (GenAI-Perf / vLLM definitions).
 */
import * as ort from "onnxruntime-node";
import { createRng } from "../data/random";
import { float16Tensor } from "../onnx/float16-tensor";
import { poissonArrivalTimes } from "../gpu/poisson-load";
import { summaryStats, type SummaryStats } from "../metrics/summary";
import { computeLlmMetrics, type LlmServingReport, type LlmSlo } from "../metrics/llm-serving";
import type { OnnxDecoder } from "./onnx-decoder";
import { serveWithBatching, type LlmServeRequest, type BatchingOptions, type BatchingResult } from "./batching";

/** Options of {@link poissonLlmWorkload}. */
export interface PoissonLlmWorkloadOptions {
  /** Mean arrival rate, requests per second. */
  ratePerSec: number;
  /** Number of requests. */
  count: number;
  /** Seed of every random choice (arrivals, lengths, prompt windows). Default 1. */
  seed?: number;
  /** Prompt lengths in tokens, drawn uniformly from [min, max]. Default [16, 64]. */
  promptTokens?: [number, number];
  /** Output lengths in tokens, drawn uniformly from [min, max]. Default [16, 48]. */
  outputTokens?: [number, number];
  /** Prompts are windows of this token sequence (e.g. an encoded novel) at random offsets; default random ids below `vocabSize`. */
  sourceIds?: ArrayLike<number>;
  /** Vocabulary size for random prompts (needed when `sourceIds` is not given). */
  vocabSize?: number;
}

/**
 * A seeded workload of LLM requests arriving as a Poisson process: exponential gaps with mean
 * `1/ratePerSec` (lib/gpu's `poissonArrivalTimes`, drawn with `createRng(seed)`), prompt and output
 * lengths uniform in their ranges, prompts cut from `sourceIds` (or random ids). Same seed, same
 * workload.
 * @param options ratePerSec, count, seed (1), promptTokens ([16, 64]), outputTokens ([16, 48]), sourceIds or vocabSize
 */
export function poissonLlmWorkload(options: PoissonLlmWorkloadOptions): LlmServeRequest[] {
  const { ratePerSec, count } = options;
  const seed = options.seed ?? 1;
  const [pMin, pMax] = options.promptTokens ?? [16, 64];
  const [oMin, oMax] = options.outputTokens ?? [16, 48];
  for (const [name, lo, hi] of [["promptTokens", pMin, pMax], ["outputTokens", oMin, oMax]] as const) {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi < lo) throw new Error(`poissonLlmWorkload: ${name} must be [min, max] integers with 1 ≤ min ≤ max, got [${lo}, ${hi}].`);
  }
  const src = options.sourceIds;
  if (!src && !(options.vocabSize && options.vocabSize > 0)) throw new Error("poissonLlmWorkload: give sourceIds (a token sequence to cut prompts from) or vocabSize (random prompts).");
  if (src && src.length < pMax) throw new Error(`poissonLlmWorkload: sourceIds holds ${src.length} tokens, fewer than the longest prompt (${pMax}).`);
  const arrivals = poissonArrivalTimes(ratePerSec, count, seed);
  const rng = createRng(seed * 7919 + 17);
  return arrivals.map((arrivalMs, i) => {
    const p = pMin + rng.int(pMax - pMin + 1);
    const o = oMin + rng.int(oMax - oMin + 1);
    let promptIds: number[];
    if (src) {
      const start = rng.int(src.length - p + 1);
      promptIds = Array.from({ length: p }, (_, j) => src[start + j]!);
    } else promptIds = Array.from({ length: p }, () => rng.int(options.vocabSize!));
    return { id: i, arrivalMs, promptIds, maxNewTokens: o };
  });
}

/** Timing of one step shape: median and spread over repetitions. */
export interface StepTiming {
  /** Rows in the batch. */
  batch: number;
  /** New tokens per row (the prompt length for prefill, 1 for decode). */
  tokens: number;
  /** Tokens already in the KV cache before the step. */
  context: number;
  /** Summary of the step times on the chosen clock, ms (median `p50`, spread `iqr`). */
  ms: SummaryStats;
  /** Summary of the elapsed (wall) times, ms. */
  wallMs: SummaryStats;
  /** Summary of the CPU times (user + system, all threads of the process), ms. */
  cpuMs: SummaryStats;
}

/** Options of {@link timeDecoderSteps}. */
export interface TimeDecoderStepsOptions {
  /** Timed repetitions per shape. Default 7. */
  repeats?: number;
  /** Untimed warm-up runs per shape. Default 1. */
  warmup?: number;
  /** Seed for the random token ids and cache values. Default 3. */
  seed?: number;
  /**
   * Which time `ms` reports: `"wall"` (default) elapsed time, or `"cpu"`: the process's CPU time
   * (all threads; with a one-thread session, what a dedicated core needs, unaffected by other jobs).
   */
  clock?: "wall" | "cpu";
  /** Called after each round over all shapes (done rounds, total rounds). */
  onShape?: (done: number, total: number) => void;
}

/** A step shape to time: `batch` rows of `tokens` new tokens after `context` cached ones. */
export interface StepShape {
  /** Rows. */
  batch: number;
  /** New tokens per row: the prompt length (prefill, context 0) or 1 (decode). */
  tokens: number;
  /** Tokens already in the cache. */
  context: number;
}

/**
 * Times decoder calls of given shapes with `decoder.run` (the KV cache as explicit inputs): prefill
 * is `{tokens: promptLength, context: 0}`, a decode step `{tokens: 1, context: n}`. The cache is
 * filled with random values (the time does not depend on them). Shapes are timed in interleaved
 * rounds, so that load from other processes spreads over all of them. Median and spread per shape.
 * @param decoder any decoder built by `buildDecoderOnnx` (random weights are fine for timing)
 * @param shapes what to time
 * @param options repeats (7), warmup (1), seed (3), clock ("wall"), onShape
 */
export async function timeDecoderSteps(decoder: OnnxDecoder, shapes: readonly StepShape[], options: TimeDecoderStepsOptions = {}): Promise<StepTiming[]> {
  const repeats = options.repeats ?? 7, warmup = options.warmup ?? 1;
  const c = decoder.config;
  const H = c.heads, hd = c.width / c.heads;
  const rng = createRng(options.seed ?? 3);
  // prepare every shape, then time them in interleaved rounds (shape 1, 2, …, 1, 2, …) so that a
  // burst of load on a shared machine spreads over all shapes instead of biasing one
  const prepared = shapes.map((s) => {
    if (s.context + s.tokens > c.contextLength) throw new Error(`timeDecoderSteps: context ${s.context} + ${s.tokens} tokens exceed the context length ${c.contextLength}.`);
    const rows = Array.from({ length: s.batch }, () => Array.from({ length: s.tokens }, () => rng.int(c.vocabSize)));
    let cache = null;
    if (s.context > 0) {
      const n = s.batch * H * s.context * hd;
      const make = (): ort.Tensor => {
        const a = new Float32Array(n);
        for (let i = 0; i < n; i++) a[i] = rng.next() - 0.5;
        return decoder.dtype === "float16" ? float16Tensor(a, [s.batch, H, s.context, hd]) : new ort.Tensor("float32", a, [s.batch, H, s.context, hd]);
      };
      cache = { keys: Array.from({ length: c.layers }, make), values: Array.from({ length: c.layers }, make), length: s.context };
    }
    return { rows, cache, wall: [] as number[], cpu: [] as number[] };
  });
  for (let i = 0; i < warmup + repeats; i++) {
    for (const p of prepared) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await decoder.run(p.rows, p.cache);
      const wall = performance.now() - t0;
      const cu = process.cpuUsage(c0);
      if (i >= warmup) {
        p.wall.push(wall);
        p.cpu.push((cu.user + cu.system) / 1000);
      }
    }
    options.onShape?.(i + 1, warmup + repeats);
  }
  const out: StepTiming[] = shapes.map((s, k) => {
    const wallMs = summaryStats(prepared[k]!.wall), cpuMs = summaryStats(prepared[k]!.cpu);
    return { ...s, ms: options.clock === "cpu" ? cpuMs : wallMs, wallMs, cpuMs };
  });
  return out;
}

/** Options of {@link batchingLoadSweep}. */
export interface BatchingLoadSweepOptions extends Omit<PoissonLlmWorkloadOptions, "ratePerSec"> {
  /** Arrival rates to offer, requests per second. */
  ratesPerSec: number[];
  /** Policies to compare. Default both. */
  policies?: ("static" | "continuous")[];
  /** Most rows per batch. Default 8. */
  maxBatch?: number;
  /** SLOs for goodput (ms). Default none. */
  slo?: LlmSlo;
  /** Passed to {@link serveWithBatching}. */
  tokenizer?: BatchingOptions["tokenizer"];
  /** Cost model instead of measured time (tests). */
  stepCost?: BatchingOptions["stepCost"];
  /** Called after each run. */
  onRun?: (done: number, total: number) => void;
}

/** One run of {@link batchingLoadSweep}. */
export interface BatchingLoadPoint {
  /** Policy. */
  policy: "static" | "continuous";
  /** Offered rate, requests/s. */
  ratePerSec: number;
  /** The serving report of the run's traces (lib/metrics `computeLlmMetrics`, with the SLOs). */
  report: LlmServingReport;
  /** The run itself (traces, steps, timings). */
  run: BatchingResult;
  /** Mean rows per decode step. */
  meanDecodeBatch: number;
  /** Share of decode rows whose token was thrown away (finished rows of a static batch). */
  wastedRowShare: number;
}

/**
 * Serves the same seeded Poisson workload at each rate with each policy and summarises every run
 * with `computeLlmMetrics` (TTFT, TPOT, ITL, e2e, throughput, goodput under `slo`).
 * @param decoder float32 decoder with the `attention_mask` input
 * @param options ratesPerSec, count, seed, lengths, policies (both), maxBatch (8), slo, tokenizer
 */
export async function batchingLoadSweep(decoder: OnnxDecoder, options: BatchingLoadSweepOptions): Promise<BatchingLoadPoint[]> {
  const policies = options.policies ?? ["static", "continuous"];
  const out: BatchingLoadPoint[] = [];
  const total = policies.length * options.ratesPerSec.length;
  for (const ratePerSec of options.ratesPerSec) {
    const requests = poissonLlmWorkload({ ...options, ratePerSec });
    for (const policy of policies) {
      const run = await serveWithBatching(decoder, requests, { policy, maxBatch: options.maxBatch, tokenizer: options.tokenizer, stepCost: options.stepCost });
      const report = computeLlmMetrics(run.traces, { slo: options.slo });
      const dec = run.steps.filter((s) => s.kind === "decode");
      const rows = dec.reduce((a, s) => a + s.batch, 0);
      const useful = dec.reduce((a, s) => a + s.useful, 0);
      out.push({ policy, ratePerSec, report, run, meanDecodeBatch: dec.length ? rows / dec.length : 0, wastedRowShare: rows ? 1 - useful / rows : 0 });
      options.onRun?.(out.length, total);
    }
  }
  return out;
}

/** KV-cache and weight memory of a decoder, by arithmetic. */
export interface DecoderMemoryArithmetic {
  /** Parameters. */
  parameters: number;
  /** Bytes of the weights at this many bytes per parameter. */
  weightBytes: number;
  /** KV-cache bytes per token: 2 (K and V) × layers × width × bytes per element. */
  kvBytesPerToken: number;
  /** KV-cache bytes of a full context for one sequence. */
  kvBytesFullContext: number;
}

/**
 * Memory arithmetic of a decoder: weights = parameters × bytes per parameter, KV cache per token =
 * 2 × layers × width × bytes (one key and one value vector per layer). `bytesPerElement` 4 for fp32,
 * 2 for fp16.
 */
export function decoderMemoryArithmetic(config: { layers: number; width: number; contextLength: number }, parameters: number, bytesPerElement = 4): DecoderMemoryArithmetic {
  const kv = 2 * config.layers * config.width * bytesPerElement;
  return { parameters, weightBytes: parameters * bytesPerElement, kvBytesPerToken: kv, kvBytesFullContext: kv * config.contextLength };
}

/** Bytes of the KV cache a decoder actually returned (sum over the present_* tensors' elements × element size). */
export function kvCacheBytes(cache: { keys: ort.Tensor[]; values: ort.Tensor[] }): number {
  let n = 0;
  for (const t of [...cache.keys, ...cache.values]) n += t.size * (t.type === "float16" ? 2 : 4);
  return n;
}

/**
 * Results of module 05: the Austen GPT's bits per character and samples (`npm run train-gpt --
 * --evaluate`), the LLM serving bench (`npm run bench:llm`), the decode-step bench (`npm run
 * bench:decode`), the structured-output bench (`npm run bench:structured`) and the request traces.
 * @packageDocumentation
 */
import { z } from "zod";
import { defineResultFamily, typedSchema } from "./family";
import { machineSchema, type StoredMachine } from "./machine";
import { DEFAULT_DECODE_PROMPT, type DecodeResultRow } from "../llm/decode-results";

/** A decoder's shape. */
export interface StoredDecoderConfig {
  vocabSize: number;
  contextLength: number;
  layers: number;
  heads: number;
  width: number;
}

/** `results/llm/bpc.json`. */
export interface LlmBpcResult {
  text: { split: string; characters: number };
  model: { parameters: number; config: StoredDecoderConfig };
  languageModel: { bitsPerChar: number };
  compressors: { name: string; bitsPerChar: number; bitsPerCharWithModel?: number; modelBytes?: number }[];
  modelCostAmortised?: { over: string; float16BitsPerChar: number }[];
  machine: StoredMachine;
}

/** `results/llm/samples.json`. */
export interface LlmSamplesResult {
  model: string;
  samples: { prompt: string; text: string; ttftMs: number; medianDecodeMs: number }[];
  machine: StoredMachine;
}

/** One timed decoder call of bench:llm (CPU time, except the `wall…` fields). */
export interface DecoderTimingResult {
  batch: number;
  tokens: number;
  context: number;
  p50Ms: number;
  iqrMs?: number;
  wallP50Ms?: number;
}

/** Quantiles of one metric over a run's requests, ms. */
export interface MsQuantiles {
  p50: number;
  p90?: number;
  p99?: number;
  mean?: number;
  max?: number;
}

/** One batching run of bench:llm's load or batch-cap sweep. */
export interface BatchingRunResult {
  policy: string;
  /** Offered load as a share of a lone request's capacity. */
  load: number;
  maxBatch: number;
  ttftMs: MsQuantiles;
  tpotMs: MsQuantiles;
  itlMs: MsQuantiles;
  outputTokenThroughput: number;
  goodput: { requestsPerSecond: number; fractionGood: number };
  meanDecodeBatch: number;
  wastedRowShare: number;
}

/** `results/llm/serving.json`. */
export interface LlmServingResult {
  command?: string;
  austen: {
    parameters: number;
    prefill: DecoderTimingResult[];
    decodeByBatch: DecoderTimingResult[];
    decodeByContext: DecoderTimingResult[];
    /** A lone request at a time. */
    solo: { ttftP50Ms: number; tpotP50Ms: number; capacityRequestsPerSec: number };
    slo: { ttftMs: number; tpotMs: number; rule: string };
    loadSweep: { loads: number[]; rows: BatchingRunResult[] };
    batchCapSweep: { load: number; rows: BatchingRunResult[] };
    /** The saved traces, relative to the repository. */
    traceFiles: string[];
  };
  /** Null (or absent) when the bench ran with --skip-gpt2. */
  gpt2Small?: {
    threads: number;
    variants: { dtype: string; modelBytes?: number; kvBytesPerTokenMeasured?: number; timings?: DecoderTimingResult[]; error?: string }[];
    h100Reference: { pytorchEagerDecodeMs: number; onnxWebgpuFirstGraphDecodeMs: number; onnxCpu16CoresDecodeMs: number; memoryFloorDecodeMs: number };
  } | null;
  machine: StoredMachine;
}

/** One row of a bench:decode file (lib/llm's {@link DecodeResultRow} and what the file adds), old formats read as the current one. */
export interface DecodeRowResult extends DecodeResultRow {
  /** Prompt tokens before the timed steps (128 in files that do not record it). */
  promptTokens: number;
  nodes?: number;
  /** Prefill time, ms (`prefill128Ms` in older files). */
  prefillMs?: number;
  msPerToken?: number;
  tokensAgreeWithFirstVariant?: string;
}

/** `results/llm/decode-<provider>-<host>.json`. */
export interface LlmDecodeResult {
  command: string;
  provider: string;
  threads?: number;
  rows: DecodeRowResult[];
  machine: StoredMachine;
}

/** `results/llm/structured.json`. */
export interface LlmStructuredResult {
  command: string;
  records: { total: number; sources: string[] };
  formats: { rows: { source: string; tokenizer: string; format: string; meanTokens: number }[] };
  repair: { rows: { syntax: string; errorClass: string; validBefore: number; validAfter: number; exactAfter: number }[] };
  machine: StoredMachine;
}

const decoderConfig = z.object({ vocabSize: z.number().int(), contextLength: z.number().int(), layers: z.number().int(), heads: z.number().int(), width: z.number().int() }).passthrough();

/** `results/llm/bpc.json`: the language model against general-purpose compressors on held-out text. */
export const llmBpcSchema = z
  .object({
    text: z.object({ split: z.string(), characters: z.number().int() }).passthrough(),
    model: z.object({ parameters: z.number().int(), config: decoderConfig }).passthrough(),
    languageModel: z.object({ bitsPerChar: z.number() }).passthrough(),
    compressors: z.array(z.object({ name: z.string(), bitsPerChar: z.number(), bitsPerCharWithModel: z.number().optional(), modelBytes: z.number().optional() }).passthrough()).min(1),
    modelCostAmortised: z.array(z.object({ over: z.string(), float16BitsPerChar: z.number() }).passthrough()).optional(),
    machine: machineSchema,
  })
  .passthrough();

/** `results/llm/samples.json`: greedy and sampled continuations with their timings. */
export const llmSamplesSchema = z
  .object({
    model: z.string(),
    samples: z.array(z.object({ prompt: z.string(), text: z.string(), ttftMs: z.number(), medianDecodeMs: z.number() }).passthrough()).min(1),
    machine: machineSchema,
  })
  .passthrough();

/** One timed decoder call of bench:llm (CPU time unless named `wall…`). */
export const decoderTimingSchema = z
  .object({ batch: z.number().int(), tokens: z.number().int(), context: z.number().int(), p50Ms: z.number(), iqrMs: z.number().optional(), wallP50Ms: z.number().optional() })
  .passthrough();

const msQuantiles = z.object({ p50: z.number(), p90: z.number().optional(), p99: z.number().optional(), mean: z.number().optional(), max: z.number().optional() }).passthrough();

/** One batching run of bench:llm's sweeps. */
export const batchingRunSchema = z
  .object({
    policy: z.string(),
    load: z.number(),
    maxBatch: z.number().int(),
    ttftMs: msQuantiles,
    tpotMs: msQuantiles,
    itlMs: msQuantiles,
    outputTokenThroughput: z.number(),
    goodput: z.object({ requestsPerSecond: z.number(), fractionGood: z.number() }).passthrough(),
    meanDecodeBatch: z.number(),
    wastedRowShare: z.number(),
  })
  .passthrough();

/** `results/llm/serving.json`: the Austen model served under load, and a GPT-2-small-shaped timing model. */
export const llmServingSchema = z
  .object({
    command: z.string().optional(),
    austen: z
      .object({
        parameters: z.number().int(),
        prefill: z.array(decoderTimingSchema),
        decodeByBatch: z.array(decoderTimingSchema),
        decodeByContext: z.array(decoderTimingSchema),
        solo: z.object({ ttftP50Ms: z.number(), tpotP50Ms: z.number(), capacityRequestsPerSec: z.number() }).passthrough(),
        slo: z.object({ ttftMs: z.number(), tpotMs: z.number(), rule: z.string() }).passthrough(),
        loadSweep: z.object({ loads: z.array(z.number()), rows: z.array(batchingRunSchema) }).passthrough(),
        batchCapSweep: z.object({ load: z.number(), rows: z.array(batchingRunSchema) }).passthrough(),
        traceFiles: z.array(z.string()),
      })
      .passthrough(),
    /** Absent when the bench ran with --skip-gpt2. */
    gpt2Small: z
      .object({
        threads: z.number().int(),
        variants: z.array(
          z.object({ dtype: z.string(), modelBytes: z.number().optional(), kvBytesPerTokenMeasured: z.number().optional(), timings: z.array(decoderTimingSchema).optional(), error: z.string().optional() }).passthrough(),
        ),
        h100Reference: z
          .object({ pytorchEagerDecodeMs: z.number(), onnxWebgpuFirstGraphDecodeMs: z.number(), onnxCpu16CoresDecodeMs: z.number(), memoryFloorDecodeMs: z.number() })
          .passthrough(),
      })
      .passthrough()
      .nullable()
      .optional(),
    machine: machineSchema,
  })
  .passthrough();

/**
 * One row of a bench:decode file. Old formats are read as the current one: rows before
 * 2026-12-04 lack `promptTokens` (they ran after {@link DEFAULT_DECODE_PROMPT} tokens) and name
 * the prefill time `prefill128Ms`.
 */
export const decodeRowSchema = z
  .object({
    variant: z.string(),
    dtype: z.string().optional(),
    fused: z.boolean().optional(),
    argmaxInGraph: z.boolean().optional(),
    staticCache: z.boolean().optional(),
    batch: z.number().int().positive(),
    promptTokens: z.number().int().positive().default(DEFAULT_DECODE_PROMPT),
    nodes: z.number().int().optional(),
    prefillMs: z.number().optional(),
    prefill128Ms: z.number().optional(),
    stepMs: z.object({ p50: z.number(), p25: z.number().optional(), p75: z.number().optional(), min: z.number().optional(), count: z.number().optional() }).passthrough().optional(),
    msPerToken: z.number().optional(),
    tokensAgreeWithFirstVariant: z.string().optional(),
    error: z.string().optional(),
  })
  .passthrough()
  .transform(({ prefill128Ms, ...row }) => ({ ...row, prefillMs: row.prefillMs ?? prefill128Ms }));

/** `results/llm/decode-<provider>-<host>.json`. */
export const llmDecodeSchema = z
  .object({
    command: z.string(),
    provider: z.string(),
    threads: z.number().int().optional(),
    rows: z.array(decodeRowSchema).min(1),
    machine: machineSchema,
  })
  .passthrough();

/** `results/llm/structured.json`: tokens per format and the repair of broken model output. */
export const llmStructuredSchema = z
  .object({
    command: z.string(),
    records: z.object({ total: z.number().int(), sources: z.array(z.string()) }).passthrough(),
    formats: z.object({ rows: z.array(z.object({ source: z.string(), tokenizer: z.string(), format: z.string(), meanTokens: z.number() }).passthrough()) }).passthrough(),
    repair: z
      .object({ rows: z.array(z.object({ syntax: z.string(), errorClass: z.string(), validBefore: z.number(), validAfter: z.number(), exactAfter: z.number() }).passthrough()) })
      .passthrough(),
    machine: machineSchema,
  })
  .passthrough();

/** The bits-per-character family (one file). */
export const LLM_BPC = defineResultFamily({ name: "llm-bpc", schema: typedSchema<LlmBpcResult>(llmBpcSchema), version: 1, files: /^llm\/bpc\.json$/, command: () => "npm run train-gpt -- --evaluate --save" });
/** The samples family (one file). */
export const LLM_SAMPLES = defineResultFamily({ name: "llm-samples", schema: typedSchema<LlmSamplesResult>(llmSamplesSchema), version: 1, files: /^llm\/samples\.json$/, command: () => "npm run train-gpt -- --evaluate --save" });
/** The LLM serving family (one file). */
export const LLM_SERVING = defineResultFamily({ name: "llm-serving", schema: typedSchema<LlmServingResult>(llmServingSchema), version: 1, files: /^llm\/serving\.json$/, command: () => "npm run bench:llm -- --save" });
/** The decode-step family: one file per provider and host kind. */
export const LLM_DECODE = defineResultFamily({
  name: "llm-decode",
  schema: typedSchema<LlmDecodeResult>(llmDecodeSchema),
  version: 1,
  files: /^llm\/decode-[a-z0-9_]+-[a-z0-9_.-]+\.json$/,
  command: (file) => (file.startsWith("llm/decode-cpu-") ? "npm run bench:decode -- --providers cpu --save" : "npm run bench:decode -- --save (on a GPU machine: bench/README.md)"),
});
/** The structured-output family (one file). */
export const LLM_STRUCTURED = defineResultFamily({ name: "llm-structured", schema: typedSchema<LlmStructuredResult>(llmStructuredSchema), version: 1, files: /^llm\/structured\.json$/, command: () => "npm run bench:structured -- --save" });
/**
 * The request traces of bench:llm (`results/llm/traces/*.jsonl`, one request a line). Read them with
 * `readLlmTraceFile` (lib/metrics), which validates every line; the schema here is a stand-in.
 */
export const LLM_TRACES = defineResultFamily({
  name: "llm-traces",
  schema: typedSchema<unknown>(z.unknown()),
  version: 1,
  format: "jsonl",
  files: /^llm\/traces\/[a-z0-9_.-]+\.jsonl$/,
  command: () => "npm run bench:llm -- --save",
});

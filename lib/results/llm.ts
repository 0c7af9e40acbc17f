/**
 * Results of module 05: the Austen GPT's bits per character and samples (`npm run train-gpt --
 * --evaluate`), the LLM serving bench (`npm run bench:llm`), the decode-step bench (`npm run
 * bench:decode`), the structured-output bench (`npm run bench:structured`) and the request traces.
 * @packageDocumentation
 */
import { z } from "zod";
import { defineResultFamily } from "./family";
import { machineSchema } from "./machine";
import { DEFAULT_DECODE_PROMPT } from "../llm/decode-results";

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
        traceFiles: z.array(z.string()).optional(),
      })
      .passthrough(),
    /** Absent when the bench ran with --skip-gpt2. */
    gpt2Small: z
      .object({
        threads: z.number().int(),
        variants: z.array(z.object({ dtype: z.string(), timings: z.array(decoderTimingSchema).optional(), error: z.string().optional() }).passthrough()),
        h100Reference: z
          .object({ pytorchEagerDecodeMs: z.number(), onnxWebgpuFirstGraphDecodeMs: z.number(), onnxCpu16CoresDecodeMs: z.number(), memoryFloorDecodeMs: z.number() })
          .passthrough(),
      })
      .passthrough()
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
export const LLM_BPC = defineResultFamily({ name: "llm-bpc", schema: llmBpcSchema, version: 1, files: /^llm\/bpc\.json$/, command: () => "npm run train-gpt -- --evaluate --save" });
/** The samples family (one file). */
export const LLM_SAMPLES = defineResultFamily({ name: "llm-samples", schema: llmSamplesSchema, version: 1, files: /^llm\/samples\.json$/, command: () => "npm run train-gpt -- --evaluate --save" });
/** The LLM serving family (one file). */
export const LLM_SERVING = defineResultFamily({ name: "llm-serving", schema: llmServingSchema, version: 1, files: /^llm\/serving\.json$/, command: () => "npm run bench:llm -- --save" });
/** The decode-step family: one file per provider and host kind. */
export const LLM_DECODE = defineResultFamily({
  name: "llm-decode",
  schema: llmDecodeSchema,
  version: 1,
  files: /^llm\/decode-[a-z0-9_]+-[a-z0-9_.-]+\.json$/,
  command: (file) => (file.startsWith("llm/decode-cpu-") ? "npm run bench:decode -- --providers cpu --save" : "npm run bench:decode -- --save (on a GPU machine: bench/README.md)"),
});
/** The structured-output family (one file). */
export const LLM_STRUCTURED = defineResultFamily({ name: "llm-structured", schema: llmStructuredSchema, version: 1, files: /^llm\/structured\.json$/, command: () => "npm run bench:structured -- --save" });
/**
 * The request traces of bench:llm (`results/llm/traces/*.jsonl`, one request a line). Read them with
 * `readLlmTraceFile` (lib/metrics), which validates every line; the schema here is a stand-in.
 */
export const LLM_TRACES = defineResultFamily({
  name: "llm-traces",
  schema: z.unknown(),
  version: 1,
  format: "jsonl",
  files: /^llm\/traces\/[a-z0-9_.-]+\.jsonl$/,
  command: () => "npm run bench:llm -- --save",
});

/**
 * Results of `npm run bench:serving` (module 03): one model server called three ways, a concurrency
 * sweep, one and two processes, memory per model and the fleet arithmetic.
 * @packageDocumentation
 */
import { z } from "zod";
import { defineResultFamily, typedSchema } from "./family";
import { machineSchema, roundsSummarySchema, type RoundsSummary, type StoredMachine } from "./machine";

/** One load level of autocannon against a server. */
export interface LoadLevelResult {
  connections: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
}

/** A server's batching settings. */
export interface BatchSettings {
  maxBatchSize: number;
  maxWaitMs: number;
}

/** `results/serving/bench.json`. */
export interface ServingBenchResult {
  command?: string;
  settings: { batching: BatchSettings; greedy: BatchSettings; noBatching: BatchSettings };
  summary: {
    batchingThroughputRatio: RoundsSummary;
    batchingP99Ratio: RoundsSummary;
    greedyThroughputRatio: RoundsSummary;
    greedyP99Ratio: RoundsSummary;
    httpCeilingOverModel: RoundsSummary;
    twoProcessesOverOne: RoundsSummary;
  };
  /** Rounds at 32 connections, by mode (`batching`, `greedy`, `noBatching`, `noopHttp`). */
  rounds: Record<string, LoadLevelResult[]>;
  /** The concurrency sweep, by mode. */
  sweep: Record<string, LoadLevelResult[]>;
  processes: { one: LoadLevelResult[]; two: LoadLevelResult[] };
  footprint: { rssPerModelBytes: number; coldStartMs: number[] };
  fleet: { inputs: { models: number; requestsPerSecond: number; coldStartMs: number }; plan: { residentModelBytes: number; machines: number } };
  machine: StoredMachine;
}

/** One load level of autocannon against a server. */
export const loadLevelSchema = z
  .object({ connections: z.number().int(), throughput: z.number(), p50Ms: z.number(), p99Ms: z.number() })
  .passthrough();

const batchSettings = z.object({ maxBatchSize: z.number().int(), maxWaitMs: z.number() }).passthrough();

/** `results/serving/bench.json`. */
export const servingBenchSchema = z
  .object({
    command: z.string().optional(),
    settings: z.object({ batching: batchSettings, greedy: batchSettings, noBatching: batchSettings }).passthrough(),
    summary: z
      .object({
        batchingThroughputRatio: roundsSummarySchema,
        batchingP99Ratio: roundsSummarySchema,
        greedyThroughputRatio: roundsSummarySchema,
        greedyP99Ratio: roundsSummarySchema,
        httpCeilingOverModel: roundsSummarySchema,
        twoProcessesOverOne: roundsSummarySchema,
      })
      .passthrough(),
    /** Rounds at 32 connections, by mode (`batching`, `greedy`, `noBatching`, `noopHttp`). */
    rounds: z.record(z.string(), z.array(loadLevelSchema)),
    /** The concurrency sweep, by mode. */
    sweep: z.record(z.string(), z.array(loadLevelSchema)),
    processes: z.object({ one: z.array(loadLevelSchema), two: z.array(loadLevelSchema) }).passthrough(),
    footprint: z.object({ rssPerModelBytes: z.number(), coldStartMs: z.array(z.number()) }).passthrough(),
    fleet: z
      .object({
        inputs: z.object({ models: z.number(), requestsPerSecond: z.number(), coldStartMs: z.number() }).passthrough(),
        plan: z.object({ residentModelBytes: z.number(), machines: z.number() }).passthrough(),
      })
      .passthrough(),
    machine: machineSchema,
  })
  .passthrough();

/** The serving bench family (one file). */
export const SERVING_BENCH = defineResultFamily({
  name: "serving",
  schema: typedSchema<ServingBenchResult>(servingBenchSchema),
  version: 1,
  files: /^serving\/bench\.json$/,
  command: () => "npm run bench:serving -- --save",
});

/** One offered load of the overload run (open-loop arrivals at `factor` × the capacity). */
export interface OverloadStepResult {
  factor: number;
  offeredTextsPerSecond: number;
  sentTextsPerSecond: number;
  servedTextsPerSecond: number;
  servedOverCapacity: number;
  /** Share of answers that were 429. */
  share429: number;
  /** p99 of accepted (2xx) requests, ms; null when none was accepted. */
  acceptedP99Ms: number | null;
  connections: number;
  errors: number;
  statusCodes: Record<string, number>;
  serverCpuSeconds?: number | null;
  refusalCpuUs?: number | null;
}

/** One server variant of the overload run. */
export interface OverloadRunResult {
  capacityTextsPerSecond: number;
  capacityNon2xx: number;
  unloadedP99Ms: number | null;
  capacityP99Ms: number | null;
  capacityCpuUsPerRequest?: number | null;
  steps: OverloadStepResult[];
  rss: { startBytes: number; endBytes: number; maxBytes: number; growth: number } | null;
}

/** `results/serving/overload.json`. */
export interface OverloadResults {
  benchmark: "serving-overload";
  command: string;
  settings: { textsPerRequest: number; seconds: number; limits: Record<string, number>; pinned: boolean; cores: number };
  goals: Record<string, { value: number | null; goal: string; met: boolean }>;
  runs: { admissionControl: OverloadRunResult; refuseAfterParsing: OverloadRunResult };
  loadAverage: { start: number[]; end: number[] };
  machine: Record<string, unknown>;
}

const overloadStepSchema = z.object({
  factor: z.number(),
  offeredTextsPerSecond: z.number(),
  sentTextsPerSecond: z.number(),
  servedTextsPerSecond: z.number(),
  servedOverCapacity: z.number(),
  share429: z.number(),
  acceptedP99Ms: z.number().nullable(),
  connections: z.number(),
  errors: z.number(),
  statusCodes: z.record(z.number()),
  serverCpuSeconds: z.number().nullable().optional(),
  refusalCpuUs: z.number().nullable().optional(),
});
const overloadRunSchema = z.object({
  capacityTextsPerSecond: z.number(),
  capacityNon2xx: z.number(),
  unloadedP99Ms: z.number().nullable(),
  capacityP99Ms: z.number().nullable(),
  capacityCpuUsPerRequest: z.number().nullable().optional(),
  steps: z.array(overloadStepSchema),
  rss: z.object({ startBytes: z.number(), endBytes: z.number(), maxBytes: z.number(), growth: z.number() }).nullable(),
});

/** Schema of `results/serving/overload.json`, written by `npm run bench:serving -- --only overload --save`. */
export const overloadResultsSchema = z.object({
  benchmark: z.literal("serving-overload"),
  command: z.string(),
  settings: z.object({ textsPerRequest: z.number(), seconds: z.number(), limits: z.record(z.number()), pinned: z.boolean(), cores: z.number() }),
  goals: z.record(z.object({ value: z.number().nullable(), goal: z.string(), met: z.boolean() })),
  runs: z.object({ admissionControl: overloadRunSchema, refuseAfterParsing: overloadRunSchema }),
  loadAverage: z.object({ start: z.array(z.number()), end: z.array(z.number()) }),
  machine: z.record(z.unknown()),
});


/** The command that writes the committed overload results. */
export const OVERLOAD_COMMAND = "npm run bench:serving -- --only overload --save";

/** The serving overload family (one file). */
export const SERVING_OVERLOAD = defineResultFamily({
  name: "serving-overload",
  schema: typedSchema<OverloadResults>(overloadResultsSchema),
  version: 1,
  files: /^serving\/overload\.json$/,
  command: () => OVERLOAD_COMMAND,
});

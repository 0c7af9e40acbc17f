/**
 * Results of `npm run bench:serving` (module 03): one model server called three ways, a concurrency
 * sweep, one and two processes, memory per model and the fleet arithmetic.
 * @packageDocumentation
 */
import { z } from "zod";
import { defineResultFamily } from "./family";
import { machineSchema, roundsSummarySchema } from "./machine";

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
  schema: servingBenchSchema,
  version: 1,
  files: /^serving\/bench\.json$/,
  command: () => "npm run bench:serving -- --save",
});

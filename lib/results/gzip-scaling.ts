/**
 * Results of `npm run bench:gzip-scaling` (module 01): one gzip-kNN job run as 1 and as 2 shards on
 * this machine, and a projection of the complete AG News job onto N machines.
 * @packageDocumentation
 */
import { z } from "zod";
import { defineResultFamily, typedSchema } from "./family";

/** One phase of the scaling bench: the same job as `shards` shards, timed over the repeats. */
export interface ScalingPhase {
  shards: number;
  /** Wall seconds of each repeat. */
  wallSeconds: number[];
  /** CPU seconds of each repeat (all shards together). */
  cpuSeconds: number[];
  /** Seconds the merge took in each repeat. */
  mergeSeconds: number[];
}

/** One row of the projection onto N machines (`projectShardedRun` of lib/compress). */
export interface ScalingProjectionRow {
  machines: number;
  wallSeconds: number;
  speedup: number;
  efficiency: number;
}

/** `results/gzip-knn-scaling.json`. */
export interface GzipKnnScaling {
  kind: "gzip-knn-scaling";
  version: 1;
  dataset: string;
  trainRows: number;
  testRows: number;
  pairs: number;
  repeats: number;
  one: ScalingPhase;
  two: ScalingPhase;
  /** Median wall time with one shard over that with two. */
  speedup: number;
  /** Whether both phases gave the same accuracies. */
  identicalResults: boolean;
  accuracyFairK1: number;
  pairsPerCpuSecond: number;
  startupSeconds: number;
  /** Largest shard's pairs over the mean shard's. */
  imbalance: number;
  loadAverage: { before: number[]; after: number[] };
  cores: number;
  note: string;
  projection: { job: string; pairs: number; assumptions: string[]; rows: ScalingProjectionRow[] };
  machine: Record<string, unknown>;
}

const phaseSchema = z.object({
  shards: z.number().int().positive(),
  wallSeconds: z.array(z.number().nonnegative()),
  cpuSeconds: z.array(z.number().nonnegative()),
  mergeSeconds: z.array(z.number().nonnegative()),
});

/** Schema of `results/gzip-knn-scaling.json` (written by `npm run bench:gzip-scaling -- --save`). */
export const gzipKnnScalingSchema = z.object({
  kind: z.literal("gzip-knn-scaling"),
  version: z.literal(1),
  dataset: z.string(),
  trainRows: z.number().int().positive(),
  testRows: z.number().int().positive(),
  pairs: z.number().int().positive(),
  repeats: z.number().int().positive(),
  one: phaseSchema,
  two: phaseSchema,
  speedup: z.number().positive(),
  identicalResults: z.boolean(),
  accuracyFairK1: z.number(),
  pairsPerCpuSecond: z.number().positive(),
  startupSeconds: z.number().nonnegative(),
  imbalance: z.number().min(1),
  loadAverage: z.object({ before: z.array(z.number()), after: z.array(z.number()) }),
  cores: z.number().int().positive(),
  note: z.string(),
  projection: z.object({
    job: z.string(),
    pairs: z.number().positive(),
    assumptions: z.array(z.string()),
    rows: z.array(z.object({ machines: z.number(), wallSeconds: z.number(), speedup: z.number(), efficiency: z.number() })),
  }),
  machine: z.record(z.unknown()),
});


/** The sharding-scaling family (one file). */
export const GZIP_KNN_SCALING = defineResultFamily({
  name: "gzip-knn-scaling",
  schema: typedSchema<GzipKnnScaling>(gzipKnnScalingSchema),
  version: 1,
  files: /^gzip-knn-scaling\.json$/,
  command: () => "npm run bench:gzip-scaling -- --save",
});

/**
 * Results of `npm run train-baselines`: the learned text classifiers of module 01 on one dataset.
 * @packageDocumentation
 */
import { z } from "zod";
import { defineResultFamily, typedSchema } from "./family";
import { machineSchema, type StoredMachine } from "./machine";

/** One trained baseline of a `results/baselines/<dataset>.json` file. */
export interface BaselineModelResult {
  name: string;
  accuracy: number;
  trainSeconds: number;
  epochsRun?: number;
  /** Per-item latency, text in → class out. */
  latency: { p50Ms: number; p99Ms: number };
  /** Bytes of the weights. */
  sizeBytes: number;
  /** Bytes of the fitted vectorizer, when the model has one. */
  vectorizerBytes?: number;
}

/** `results/baselines/<dataset>.json`. */
export interface BaselinesResult {
  dataset: string;
  trainRows: number;
  testRows: number;
  classes: number;
  command?: string;
  models: BaselineModelResult[];
  /** The ONNX export's parity check (AG News only). */
  onnx?: { dir: string; maxAbsProbabilityDiff: number; argmaxMismatches: number; modelSha256: string };
  machine: StoredMachine;
}

/** One trained baseline (TF-IDF + logistic regression on words or characters, fastText-style). */
export const baselineModelSchema = z
  .object({
    name: z.string(),
    accuracy: z.number().min(0).max(1),
    trainSeconds: z.number(),
    epochsRun: z.number().int().optional(),
    latency: z.object({ p50Ms: z.number(), p99Ms: z.number() }).passthrough(),
    /** Bytes of the weights. */
    sizeBytes: z.number(),
    /** Bytes of the fitted vectorizer, when the model has one. */
    vectorizerBytes: z.number().optional(),
  })
  .passthrough();

/** `results/baselines/<dataset>.json`. */
export const baselinesSchema = z
  .object({
    dataset: z.string(),
    trainRows: z.number().int().positive(),
    testRows: z.number().int().positive(),
    classes: z.number().int().positive(),
    command: z.string().optional(),
    models: z.array(baselineModelSchema).min(1),
    /** The ONNX export's parity check (AG News only). */
    onnx: z.object({ dir: z.string(), maxAbsProbabilityDiff: z.number(), argmaxMismatches: z.number().int(), modelSha256: z.string() }).passthrough().optional(),
    machine: machineSchema,
  })
  .passthrough();

/** The baselines family: one file per dataset. */
export const BASELINES = defineResultFamily({
  name: "baselines",
  schema: typedSchema<BaselinesResult>(baselinesSchema),
  version: 1,
  files: /^baselines\/[a-z0-9_]+\.json$/,
  command: (file) => `npm run train-baselines -- --dataset ${/^baselines\/([a-z0-9_]+)\.json$/.exec(file)?.[1] ?? "NAME"} --save`,
});

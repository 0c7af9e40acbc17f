/**
 * Results of `npm run bench:gpu` (module 04): roofline, batching, residency, feeding and precision
 * measured on every provider the machine has.
 * @packageDocumentation
 */
import { z } from "zod";
import { defineResultFamily, typedSchema } from "./family";
import { machineSchema, type StoredMachine } from "./machine";

/** A ratio, or the reason it does not apply here (e.g. `"n/a (cpu)"`). */
export type RatioOrReason = number | string;

/** One provider's run in a bench:gpu file (the batch sweep typed; the rest kept as written). */
export interface GpuProviderRun {
  provider: string;
  batch?: { points?: { batchSize: number; throughputPerSec: number }[] };
}

/** `results/gpu/<provider>-<host>.json`. */
export interface GpuBenchResult {
  bench: string;
  command?: string;
  machine: StoredMachine;
  providers: { chosen: string };
  ratios: {
    deviceVsCpuThroughputAtBestBatch?: RatioOrReason;
    residentVsCopyBack?: RatioOrReason;
    overlappedVsSequentialFeeding?: RatioOrReason;
    fp16OverFp32TimeMlp?: RatioOrReason;
  };
  runs: GpuProviderRun[];
}

/** A ratio, or the reason it does not apply here (e.g. `"n/a on the CPU"`). */
const ratio = z.union([z.number(), z.string()]).optional();

/** `results/gpu/<provider>-<host>.json`. */
export const gpuBenchSchema = z
  .object({
    bench: z.string(),
    command: z.string().optional(),
    machine: machineSchema,
    providers: z.object({ chosen: z.string() }).passthrough(),
    ratios: z
      .object({
        deviceVsCpuThroughputAtBestBatch: ratio,
        residentVsCopyBack: ratio,
        overlappedVsSequentialFeeding: ratio,
        fp16OverFp32TimeMlp: ratio,
      })
      .passthrough(),
    runs: z.array(
      z
        .object({
          provider: z.string(),
          batch: z.object({ points: z.array(z.object({ batchSize: z.number(), throughputPerSec: z.number() }).passthrough()).optional() }).passthrough().optional(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

/** The GPU bench family: one file per provider and host kind. */
export const GPU_BENCH = defineResultFamily({
  name: "gpu",
  schema: typedSchema<GpuBenchResult>(gpuBenchSchema),
  version: 1,
  files: /^gpu\/[a-z0-9_]+-[a-z0-9_.-]+\.json$/,
  command: (file) => `npm run bench:gpu -- --save${file.startsWith("gpu/cpu-") ? "" : " (on a GPU machine: bench/README.md)"}`,
});

/**
 * The machine description every results file carries (`describeMachine()` in lib/compute).
 * @packageDocumentation
 */
import { z } from "zod";

/** Schema of `MachineDescription` as stored in a results file (unknown keys kept). */
export const machineSchema = z
  .object({
    cpu: z.string(),
    cores: z.number().int().positive(),
    memoryGiB: z.number(),
    os: z.string(),
    node: z.string(),
    onnxruntime: z.string().optional(),
    simd: z.string().optional(),
    gpu: z.string().optional(),
    at: z.string(),
  })
  .passthrough();

/** A stored machine description. */
export type StoredMachine = z.infer<typeof machineSchema>;

/** `{ median, min, max, values }` of a ratio measured over several rounds. */
export const roundsSummarySchema = z.object({ median: z.number(), min: z.number(), max: z.number(), values: z.array(z.number()) }).passthrough();

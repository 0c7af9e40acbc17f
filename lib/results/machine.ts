/**
 * The machine description every results file carries (`describeMachine()` in lib/compute).
 * @packageDocumentation
 */
import { z } from "zod";
import type { MachineDescription } from "../compute/machine";

/** A machine description as stored in a results file: `MachineDescription` of lib/compute, as `describeMachine()` writes it. */
export type StoredMachine = MachineDescription;

/** Schema of {@link StoredMachine} (unknown keys kept). */
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

/** `{ median, min, max, values }` of a ratio measured over several rounds. */
export interface RoundsSummary {
  median: number;
  min: number;
  max: number;
  values: number[];
}

/** Schema of {@link RoundsSummary}. */
export const roundsSummarySchema = z.object({ median: z.number(), min: z.number(), max: z.number(), values: z.array(z.number()) }).passthrough();

/**
 * The machine description every results file carries (`describeMachine()` in lib/compute).
 * @packageDocumentation
 */
import { z } from "zod";

/** A machine description as stored in a results file (`MachineDescription` of lib/compute). */
export interface StoredMachine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  onnxruntime?: string;
  simd?: string;
  gpu?: string;
  /** ISO time stamp of the description. */
  at: string;
}

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

import * as fs from "node:fs";
import { z } from "zod";
import { describeZodIssues } from "../schema/issues";

const stepSchema = z.object({
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
const runSchema = z.object({
  capacityTextsPerSecond: z.number(),
  capacityNon2xx: z.number(),
  unloadedP99Ms: z.number().nullable(),
  capacityP99Ms: z.number().nullable(),
  capacityCpuUsPerRequest: z.number().nullable().optional(),
  steps: z.array(stepSchema),
  rss: z.object({ startBytes: z.number(), endBytes: z.number(), maxBytes: z.number(), growth: z.number() }).nullable(),
});

/** Schema of the overload results written by `npm run bench:serving -- --only overload` (`overload.json`). */
export const overloadResultsSchema = z.object({
  benchmark: z.literal("serving-overload"),
  command: z.string(),
  settings: z.object({ textsPerRequest: z.number(), seconds: z.number(), limits: z.record(z.number()), pinned: z.boolean(), cores: z.number() }),
  goals: z.record(z.object({ value: z.number().nullable(), goal: z.string(), met: z.boolean() })),
  runs: z.object({ admissionControl: runSchema, refuseAfterParsing: runSchema }),
  loadAverage: z.object({ start: z.array(z.number()), end: z.array(z.number()) }),
  machine: z.record(z.unknown()),
});

/** The overload results file, typed. */
export type OverloadResults = z.infer<typeof overloadResultsSchema>;

/** The command that writes the committed overload results. */
export const OVERLOAD_COMMAND = "npm run bench:serving -- --only overload --save";

/**
 * Reads and validates an overload results file (default `results/serving/overload.json`).
 * @throws when it is missing or does not match the schema, naming the command that (re)produces it
 */
export function readOverloadResults(file = "results/serving/overload.json"): OverloadResults {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} cannot be read (${(e as Error).message}); produce it with: ${OVERLOAD_COMMAND}`);
  }
  const parsed = overloadResultsSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file} does not match the overload results schema (${describeZodIssues(parsed.error, "file")}); regenerate it with: ${OVERLOAD_COMMAND}`);
  return parsed.data;
}

/** One row of {@link overloadRows}: a server variant at one offered load. */
export interface OverloadRow {
  /** `"admission control"` or `"refuse after parsing"`. */
  server: string;
  /** Offered load as a multiple of the capacity. */
  offered: string;
  /** Texts per second offered. */
  offeredTextsPerSecond: number;
  /** Texts per second served (2xx). */
  servedTextsPerSecond: number;
  /** Served over the unshed capacity. */
  servedOverCapacity: number;
  /** Share of answers that were 429. */
  share429: number;
  /** p99 of accepted requests, ms. */
  acceptedP99Ms: number | null;
}

/** The table notebook 03 shows: both server variants at every offered load, capacity first. */
export function overloadRows(r: OverloadResults): OverloadRow[] {
  const label = { admissionControl: "admission control", refuseAfterParsing: "refuse after parsing" } as const;
  return (Object.keys(label) as (keyof typeof label)[]).flatMap((k) => {
    const run = r.runs[k];
    return [
      { server: label[k], offered: "capacity (closed loop)", offeredTextsPerSecond: run.capacityTextsPerSecond, servedTextsPerSecond: run.capacityTextsPerSecond, servedOverCapacity: 1, share429: 0, acceptedP99Ms: run.capacityP99Ms },
      ...run.steps.map((s) => ({ server: label[k], offered: `${s.factor}×`, offeredTextsPerSecond: s.offeredTextsPerSecond, servedTextsPerSecond: s.servedTextsPerSecond, servedOverCapacity: s.servedOverCapacity, share429: s.share429, acceptedP99Ms: s.acceptedP99Ms })),
    ];
  });
}

/**
 * The table notebook 03 shows from `results/serving/overload.json` (read with
 * `readResult(SERVING_OVERLOAD, "serving/overload.json")`; the schema lives in lib/results).
 * @packageDocumentation
 */
import type { OverloadResults } from "../results/serving";

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

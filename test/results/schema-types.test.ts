/**
 * Each family's zod schema produces its declared interface. The assignments below are checked by
 * the strict compile (`npm run typecheck`, test/structure.test.ts): a schema field that drifts from
 * its interface fails the type check. lib/ cannot hold them because tslab compiles lib/ non-strict.
 */
import { describe, it, expect } from "vitest";
import * as path from "node:path";
import type { z } from "zod";
import * as R from "../../lib/results/index";

type Produces<T> = z.ZodType<T, z.ZodTypeDef, unknown>;
const checks: [string, Produces<unknown>][] = [];
function produces<T>(name: string, schema: Produces<T>): void {
  checks.push([name, schema as Produces<unknown>]);
}
produces<R.StoredMachine>("machine", R.machineSchema);
produces<R.RoundsSummary>("rounds", R.roundsSummarySchema);
produces<R.GzipKnnRun>("gzip-knn", R.gzipKnnRunSchema);
produces<R.GzipKnnSpeed>("gzip-knn-speed", R.gzipKnnSpeedSchema);
produces<R.GzipPythonVsNode>("gzip-python-vs-node", R.gzipPythonVsNodeSchema);
produces<R.BaselinesResult>("baselines", R.baselinesSchema);
produces<R.GpuBenchResult>("gpu", R.gpuBenchSchema);
produces<R.ServingBenchResult>("serving", R.servingBenchSchema);
produces<R.LoadLevelResult>("load level", R.loadLevelSchema);
produces<R.LlmBpcResult>("llm-bpc", R.llmBpcSchema);
produces<R.LlmSamplesResult>("llm-samples", R.llmSamplesSchema);
produces<R.LlmServingResult>("llm-serving", R.llmServingSchema);
produces<R.DecodeRowResult>("decode row", R.decodeRowSchema);
produces<R.LlmDecodeResult>("llm-decode", R.llmDecodeSchema);
produces<R.LlmStructuredResult>("llm-structured", R.llmStructuredSchema);
produces<R.GzipKnnScaling>("gzip-knn-scaling", R.gzipKnnScalingSchema);
produces<R.OverloadResults>("serving-overload", R.overloadResultsSchema);
// the ops families' value type is zod's inferred one (listed so that the check below sees every schema)
produces("ops-release", R.releaseResultsSchema);
produces("ops-ab", R.abResultsSchema);
produces("ops-monitoring", R.monitoringResultsSchema);
produces("ops-data", R.dataResultsSchema);
produces("ops-structured", R.structuredEvalResultsSchema);
produces("ops-ladder", R.ladderResultsSchema);

describe("results schemas and their interfaces", () => {
  it("every JSON family's schema is listed here and is the one its family uses", () => {
    const families = R.RESULT_FAMILIES.filter((f) => f.format !== "jsonl");
    for (const f of families) expect(checks.some(([, s]) => s === (f.schema as unknown)), f.name).toBe(true);
  });

  it("a committed file of each family parses to an object with the interface's required keys", () => {
    const dir = path.resolve(__dirname, "../../results");
    const r8 = R.readResult(R.GZIP_KNN, "gzip-knn/r8-gzip-9.json", { dir });
    expect(Object.keys(r8)).toEqual(expect.arrayContaining(["dataset", "trainRows", "testRows", "rerankM", "prefix", "accuracy", "machine"]));
    const dec = R.readResult(R.LLM_DECODE, "llm/decode-cpu-amd-epyc-2c.json", { dir });
    expect(dec.rows.every((r) => typeof r.promptTokens === "number")).toBe(true);
  });
});

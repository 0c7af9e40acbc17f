/** Plausible wrong answers to module 04's exercises; each must fail its check (test/exercises-wrong.test.ts). */
import { DeviceCeilings, GpuRegime } from "../../lib/gpu/index";
import { MlpSpec } from "../../lib/onnx/index";

import type { Module04 } from "../../exercises/checks/04";
import * as sol from "../../solutions/04";
import type { WrongAnswer } from "./types";

type Point = { batchSize: number; batchP99Ms: number; throughputPerSec: number };
const why = "Small batches read every weight for very little arithmetic while large batches reuse them.";

export const wrong: WrongAnswer<Module04>[] = [
  { id: "04.1", what: "weights only (inputs, outputs and bias forgotten)", impl: { layerIntensity: (b: number, i: number, o: number, e: number) => (2 * b * i * o) / (i * o * e) }, says: /intensity at batch \d+/ },
  { id: "04.1", what: "bytes per element ignored (counts elements, wrong units)", impl: { layerIntensity: (b: number, i: number, o: number) => (2 * b * i * o) / (i * o + o + b * i + b * o) }, says: /intensity at batch \d+/ },
  { id: "04.2", what: "the overhead rule forgotten", impl: { classifyPoint: (r: { flops: number; bytes: number; seconds: number }, c: DeviceCeilings) => (r.flops / r.bytes < c.peakFlops / c.bandwidth ? "memory-bound" : "compute-bound") as GpuRegime }, says: /expected overhead-bound, got/ },
  { id: "04.3", what: "the largest batch under the budget (right only when the sweep is monotonic)", impl: { chooseBatchSize: (ps: Point[], budget: number) => ps.filter((p) => p.batchP99Ms <= budget).reduce<number | undefined>((a, p) => (a === undefined || p.batchSize > a ? p.batchSize : a), undefined) }, says: /budget \d+ ms on .*expected batch \d+, got \d+/ },
  { id: "04.3", what: "the budget ignored", impl: { chooseBatchSize: (ps: Point[]) => ps.reduce((a, b) => (b.throughputPerSec > a.throughputPerSec ? b : a)).batchSize }, says: /expected batch (\d+|undefined), got \d+/ },
  { id: "04.4", what: "2 bytes per element (fp16) instead of 4", impl: { predictMlp: (spec: MlpSpec, batches: number[], c: DeviceCeilings) => { const r = sol.predictMlp(spec, batches, { ...c, bandwidth: c.bandwidth * 2 }); return r; } }, says: /predicted seconds at batch \d+/ },
  { id: "04.4", what: "compute and memory time added, not the max", impl: { predictMlp: (spec: MlpSpec, batches: number[], c: DeviceCeilings) => { const f = sol.predictMlp(spec, batches, { ...c, bandwidth: Infinity }); const m = sol.predictMlp(spec, batches, { ...c, peakFlops: Infinity }); return { seconds: f.seconds.map((s, k) => s + m.seconds[k]! - (c.overheadSeconds ?? 0)), bestBatch: f.bestBatch }; } }, says: /predicted seconds at batch \d+/ },
  { id: "04.4", what: "best batch = the fastest call, not the most rows per second", impl: { predictMlp: (spec: MlpSpec, batches: number[], c: DeviceCeilings) => { const r = sol.predictMlp(spec, batches, c); return { seconds: r.seconds, bestBatch: batches[r.seconds.indexOf(Math.min(...r.seconds))]! }; } }, says: /expected best batch \d+, got 1/ },
  { id: "04.5", what: "a regime that is not one of the three", impl: { predictRegimes: () => ({ batch1: "gpu-bound" as GpuRegime, batch4096: "compute-bound" as GpuRegime, why }) }, says: /batch1: say one of/ },
  { id: "04.5", what: "no reasoning", impl: { predictRegimes: () => ({ batch1: "memory-bound" as GpuRegime, batch4096: "compute-bound" as GpuRegime, why: "roofline" }) }, says: /say why in a sentence/ },
];

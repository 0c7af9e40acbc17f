/** Automatic checks for module 04's exercises. */
import type { MlpSpec } from "../../lib/onnx/index";
import { expectThat, expectClose, type ExerciseCheck } from "../../lib/nb/index";
import { layerCost, classifyRegime, bestBatchUnderLatencyBudget, mlpBatchSweep, mlpForwardCost, predictSeconds, squareMlpSpec, type DeviceCeilings, type GpuRegime } from "../../lib/gpu/index";

/** The functions a learner writes in exercises/04.ts. */
export interface Module04 {
  layerIntensity(batch: number, fanIn: number, fanOut: number, bytesPerElement: number): number;
  classifyPoint(run: { flops: number; bytes: number; seconds: number }, ceilings: DeviceCeilings): GpuRegime;
  chooseBatchSize(points: { batchSize: number; batchP99Ms: number; throughputPerSec: number }[], budgetMs: number): number | undefined;
  predictMlp(spec: MlpSpec, batches: number[], ceilings: DeviceCeilings): { seconds: number[]; bestBatch: number };
}

// H100-class figures (data-sheet order of magnitude: ~60 TFLOP/s fp32 non-tensor, ~3.3 TB/s) and a
// 2-core CPU like the course machine, with a 20 µs per-call overhead.
const gpu: DeviceCeilings = { peakFlops: 6e13, bandwidth: 3.3e12, overheadSeconds: 2e-5 };
const cpu: DeviceCeilings = { peakFlops: 1.5e11, bandwidth: 2e10, overheadSeconds: 2e-5 };

/** The checks `npm run check -- 04` runs. */
export const checks: ExerciseCheck<Module04>[] = [
  {
    id: "04.1",
    title: "layerIntensity matches the library's layer cost",
    hint: "FLOPs 2·B·in·out; bytes (in·out + out + B·in + B·out)·bytesPerElement; divide",
    run: async (m) => {
      for (const [b, i, o, e] of [[1, 1024, 1024, 4], [64, 1024, 1024, 4], [256, 4096, 4096, 2], [3, 5, 7, 4]] as const) {
        const c = layerCost(b, i, o, e);
        expectClose(m.layerIntensity(b, i, o, e), c.flops / c.bytes, 1e-9 * (c.flops / c.bytes), `intensity at batch ${b}, ${i}→${o}, ${e} B/element`);
      }
    },
  },
  {
    id: "04.2",
    title: "classifyPoint agrees with classifyRegime",
    hint: "overhead first (overheadSeconds ≥ half the time), then compare flops/bytes with peakFlops/bandwidth",
    run: async (m) => {
      const runs = [
        { flops: 2e6, bytes: 4e6, seconds: 3e-5 },
        { flops: 2e9, bytes: 4.2e9, seconds: 0.25 },
        { flops: 1.4e11, bytes: 1e9, seconds: 1.2 },
        { flops: 5e8, bytes: 1e8, seconds: 0.01 },
      ];
      for (const dev of [gpu, cpu]) {
        for (const r of runs) {
          const want = classifyRegime(r, dev).regime;
          const got = m.classifyPoint(r, dev);
          expectThat(got === want, `run ${JSON.stringify(r)} on peak ${dev.peakFlops}: expected ${want}, got ${got}`);
        }
      }
    },
  },
  {
    id: "04.3",
    title: "chooseBatchSize on a sweep measured now",
    hint: "keep the points with batchP99Ms ≤ budget, take the one with the largest throughputPerSec",
    run: async (m) => {
      const sweep = await mlpBatchSweep({ providers: ["cpu"], width: 256, depth: 2, batchSizes: [1, 4, 16, 64, 256], iterations: 5, minTimeMs: 30 });
      const budgets = [...sweep.points.map((p) => p.batchP99Ms), 1e-6, 1e6];
      for (const budget of budgets) {
        const want = bestBatchUnderLatencyBudget(sweep.points, budget)?.batchSize;
        const got = m.chooseBatchSize(sweep.points, budget);
        expectThat(got === want, `budget ${budget.toFixed(4)} ms: expected batch ${want}, got ${got}`);
      }
    },
  },
  {
    id: "04.4",
    title: "predictMlp: roofline prediction and the best batch",
    hint: "sum FLOPs and bytes over the layers, then overhead + max(compute time, memory time); best = most batch/seconds",
    run: async (m) => {
      for (const [spec, dev] of [[squareMlpSpec(4096, 4), gpu], [{ inputSize: 300, hiddenSizes: [128], outputSize: 4 }, cpu]] as [MlpSpec, DeviceCeilings][]) {
        const batches = [1, 8, 64, 512, 4096];
        const got = m.predictMlp(spec, batches, dev);
        const want = batches.map((b) => {
          const c = mlpForwardCost(spec, b);
          return predictSeconds(c.flops, c.bytes, dev);
        });
        expectThat(got.seconds.length === batches.length, `expected ${batches.length} predictions, got ${got.seconds.length}`);
        want.forEach((w, k) => expectClose(got.seconds[k]!, w, 1e-9 * w, `predicted seconds at batch ${batches[k]}`));
        const best = batches.reduce((a, b, k) => (b / want[k]! > a.rate ? { b, rate: b / want[k]! } : a), { b: 0, rate: 0 }).b;
        expectThat(got.bestBatch === best, `expected best batch ${best}, got ${got.bestBatch}`);
      }
    },
  },
];

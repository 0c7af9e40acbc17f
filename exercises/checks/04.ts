/** Automatic checks for module 04's exercises. */
import { createRng } from "../../lib/data/index";
import { type DeviceCeilings, type GpuRegime, bestBatchUnderLatencyBudget, classifyRegime, layerCost, mlpBatchSweep, mlpForwardCost, predictSeconds, squareMlpSpec } from "../../lib/gpu/index";
import { type ExerciseCheck, expectClose, expectReasoning, expectThat } from "../../lib/nb/index";
import { MlpSpec } from "../../lib/onnx/index";

/** The functions a learner writes in exercises/04.ts. */
export interface Module04 {
  layerIntensity(batch: number, fanIn: number, fanOut: number, bytesPerElement: number): number;
  classifyPoint(run: { flops: number; bytes: number; seconds: number }, ceilings: DeviceCeilings): GpuRegime;
  chooseBatchSize(points: { batchSize: number; batchP99Ms: number; throughputPerSec: number }[], budgetMs: number): number | undefined;
  predictMlp(spec: MlpSpec, batches: number[], ceilings: DeviceCeilings): { seconds: number[]; bestBatch: number };
  predictRegimes(): { batch1: GpuRegime; batch4096: GpuRegime; why: string };
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
    hints: [
      "intensity = FLOPs / bytes moved; the doc comment gives both",
      "FLOPs 2·B·in·out; bytes (in·out + out + B·in + B·out)·bytesPerElement; divide",
    ],
    run: async (m) => {
      const rng = createRng(Date.now() % 2 ** 31);
      const random = Array.from({ length: 10 }, () => [1 + rng.int(512), 1 + rng.int(4096), 1 + rng.int(4096), [1, 2, 4][rng.int(3)]!] as const);
      for (const [b, i, o, e] of [[1, 1024, 1024, 4], [64, 1024, 1024, 4], [256, 4096, 4096, 2], [3, 5, 7, 4], ...random] as const) {
        const c = layerCost(b, i, o, e);
        expectClose(m.layerIntensity(b, i, o, e), c.flops / c.bytes, 1e-9 * (c.flops / c.bytes), `intensity at batch ${b}, ${i}→${o}, ${e} B/element`);
      }
    },
  },
  {
    id: "04.2",
    title: "classifyPoint agrees with classifyRegime",
    hints: [
      "three regimes, tested in order: overhead, then memory vs compute",
      "overhead-bound when overheadSeconds ≥ half the run's seconds; otherwise compare flops/bytes with the ridge point peakFlops/bandwidth",
    ],
    run: async (m) => {
      const runs = [
        { flops: 2e6, bytes: 4e6, seconds: 3e-5 },
        { flops: 2e9, bytes: 4.2e9, seconds: 0.25 },
        { flops: 1.4e11, bytes: 1e9, seconds: 1.2 },
        { flops: 5e8, bytes: 1e8, seconds: 0.01 },
      ];
      const rng = createRng(Date.now() % 2 ** 31);
      for (let t = 0; t < 30; t++) runs.push({ flops: 10 ** (6 + rng.next() * 6), bytes: 10 ** (6 + rng.next() * 4), seconds: 10 ** (-5 + rng.next() * 4) });
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
    hints: [
      "two steps: which batch sizes meet the latency budget, then which of those serves the most",
      "keep the points with batchP99Ms ≤ budget, take the one with the largest throughputPerSec (not the largest batch)",
    ],
    run: async (m) => {
      // random sweeps where throughput is not monotonic in the batch size (as on a loaded machine),
      // so "the largest batch under the budget" is not the answer
      const rng = createRng(Date.now() % 2 ** 31);
      for (let t = 0; t < 30; t++) {
        const points = [1, 2, 4, 8, 16, 32, 64].map((batchSize) => ({ batchSize, batchP50Ms: batchSize * 0.4, batchP99Ms: batchSize * (0.5 + rng.next()), throughputPerSec: 100 + rng.int(1000) }));
        const budget = 1 + rng.int(60);
        const want = bestBatchUnderLatencyBudget(points, budget)?.batchSize;
        const got = m.chooseBatchSize(points.map((p) => ({ ...p })), budget);
        expectThat(got === want, `budget ${budget} ms on ${JSON.stringify(points.map((p) => [p.batchSize, +p.batchP99Ms.toFixed(2), p.throughputPerSec]))} ([batch, p99 ms, rows/s]): expected batch ${want}, got ${got}`);
      }
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
    hints: [
      "an MLP is a chain of dense layers: sum each layer's FLOPs and bytes (as in 04.1, 4 bytes per element)",
      "seconds = overheadSeconds + max(FLOPs / peakFlops, bytes / bandwidth); best batch = the most batch / seconds",
    ],
    run: async (m) => {
      const rng = createRng(Date.now() % 2 ** 31);
      const randomSpec: MlpSpec = { inputSize: 16 + rng.int(2000), hiddenSizes: Array.from({ length: 1 + rng.int(3) }, () => 16 + rng.int(2000)), outputSize: 2 + rng.int(50) };
      for (const [spec, dev] of [[squareMlpSpec(4096, 4), gpu], [{ inputSize: 300, hiddenSizes: [128], outputSize: 4 }, cpu], [randomSpec, rng.int(2) ? gpu : cpu]] as [MlpSpec, DeviceCeilings][]) {
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
  {
    id: "04.5",
    title: "predict the regimes of a 4096-wide MLP on an H100-class GPU, then compare",
    hints: [
      "no code: at batch 1 each weight is read once for 2 FLOPs; at batch 4096 it is reused 4096 times",
      "and how long is 20 µs next to the time to read 4 × 4096² × 4 bytes at 3.3 TB/s?",
    ],
    run: async (m) => {
      const p = m.predictRegimes();
      const regimes: GpuRegime[] = ["overhead-bound", "memory-bound", "compute-bound"];
      for (const [k, v] of [["batch1", p.batch1], ["batch4096", p.batch4096]] as const) {
        expectThat(regimes.includes(v), `${k}: say one of ${regimes.map((r) => `"${r}"`).join(", ")}, got ${JSON.stringify(v)}`);
      }
      expectReasoning(p.why, "your reasoning");
      const spec = squareMlpSpec(4096, 4);
      const measured = [1, 4096].map((b) => {
        const c = mlpForwardCost(spec, b);
        return classifyRegime({ ...c, seconds: predictSeconds(c.flops, c.bytes, gpu) }, gpu).regime;
      });
      const said = [p.batch1, p.batch4096];
      return [1, 4096].map((b, k) => `batch ${b}: you said ${said[k]}, the roofline says ${measured[k]}${said[k] === measured[k] ? " ✓" : ""}`).join("; ");
    },
  },
];

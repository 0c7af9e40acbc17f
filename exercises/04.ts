/**
 * Module 04 exercises (GPU serving). Replace each `throw new NotImplementedYet(...)` with your code,
 * then run `npm run check -- 04` (or the check cell at the end of notebook 04).
 */
import type { MlpSpec } from "../lib/onnx/index";
import { NotImplementedYet } from "../lib/nb/index";
import type { DeviceCeilings, GpuRegime } from "../lib/gpu/index";

/**
 * 04.1 — Arithmetic intensity (FLOP per byte) of one dense layer `Y[B, out] = X[B, in]·W + b` at
 * batch `batch`: FLOPs `2·B·in·out`; bytes = (weights `in·out` + bias `out` + input `B·in` + output
 * `B·out`) × `bytesPerElement`. (Check yourself: 1024→1024 at batch 1 in fp32 is ≈ 0.4986.)
 */
export function layerIntensity(batch: number, fanIn: number, fanOut: number, bytesPerElement: number): number {
  throw new NotImplementedYet("layerIntensity");
}

/**
 * 04.2 — Classify a measured run with the module's rule: if `ceilings.overheadSeconds` is at least
 * half of `run.seconds`, "overhead-bound"; else "memory-bound" when its intensity (flops/bytes) is
 * below the ridge point (peakFlops/bandwidth), otherwise "compute-bound".
 */
export function classifyPoint(run: { flops: number; bytes: number; seconds: number }, ceilings: DeviceCeilings): GpuRegime {
  throw new NotImplementedYet("classifyPoint");
}

/**
 * 04.3 — From a static batch sweep, the batch size with the highest throughput whose 99th-percentile
 * call latency (`batchP99Ms`) is within `budgetMs`; `undefined` when none is.
 */
export function chooseBatchSize(points: { batchSize: number; batchP99Ms: number; throughputPerSec: number }[], budgetMs: number): number | undefined {
  throw new NotImplementedYet("chooseBatchSize");
}

/**
 * 04.4 — Predict the time (seconds) of one forward pass of an MLP at batch `batch` in fp32 from the
 * device's ceilings: `overheadSeconds + max(FLOPs / peakFlops, bytes / bandwidth)`, where FLOPs and
 * bytes are the sums over the layers as in 04.1 (use the MLP's layer sizes
 * `[inputSize, ...hiddenSizes, outputSize]`). Then say which batch in `batches` gives the most rows
 * per second by that prediction. Return both.
 */
export function predictMlp(spec: MlpSpec, batches: number[], ceilings: DeviceCeilings): { seconds: number[]; bestBatch: number } {
  throw new NotImplementedYet("predictMlp");
}

/**
 * 04.5 — Predict, then compare (a judgement: do it BEFORE running 04.4). A 4-layer MLP 4096 wide
 * in fp32 on an H100-class GPU (60 TFLOP/s, 3.3 TB/s, 20 µs per call): is a forward pass at batch 1
 * overhead-, memory- or compute-bound? And at batch 4096? Say why in a sentence. The check shows
 * what the roofline model says.
 */
export function predictRegimes(): { batch1: GpuRegime; batch4096: GpuRegime; why: string } {
  throw new NotImplementedYet("predictRegimes");
}

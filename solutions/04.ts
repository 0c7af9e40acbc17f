/** Reference solutions for module 04 (kept apart from exercises/; the test suite checks them). */
import type { MlpSpec } from "../lib/onnx/index";
import type { DeviceCeilings, GpuRegime } from "../lib/gpu/index";

/** 04.1 */
export function layerIntensity(batch: number, fanIn: number, fanOut: number, bytesPerElement: number): number {
  const flops = 2 * batch * fanIn * fanOut;
  const bytes = (fanIn * fanOut + fanOut + batch * fanIn + batch * fanOut) * bytesPerElement;
  return flops / bytes;
}

/** 04.2 */
export function classifyPoint(run: { flops: number; bytes: number; seconds: number }, ceilings: DeviceCeilings): GpuRegime {
  if ((ceilings.overheadSeconds ?? 0) >= 0.5 * run.seconds) return "overhead-bound";
  return run.flops / run.bytes < ceilings.peakFlops / ceilings.bandwidth ? "memory-bound" : "compute-bound";
}

/** 04.3 */
export function chooseBatchSize(points: { batchSize: number; batchP99Ms: number; throughputPerSec: number }[], budgetMs: number): number | undefined {
  const ok = points.filter((p) => p.batchP99Ms <= budgetMs);
  if (!ok.length) return undefined;
  return ok.reduce((a, b) => (b.throughputPerSec > a.throughputPerSec ? b : a)).batchSize;
}

/** 04.4 */
export function predictMlp(spec: MlpSpec, batches: number[], ceilings: DeviceCeilings): { seconds: number[]; bestBatch: number } {
  const sizes = [spec.inputSize, ...spec.hiddenSizes, spec.outputSize];
  const seconds = batches.map((b) => {
    let flops = 0, bytes = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const [i, o] = [sizes[l]!, sizes[l + 1]!];
      flops += 2 * b * i * o;
      bytes += (i * o + o + b * i + b * o) * 4;
    }
    return (ceilings.overheadSeconds ?? 0) + Math.max(flops / ceilings.peakFlops, bytes / ceilings.bandwidth);
  });
  let best = 0;
  batches.forEach((b, k) => {
    if (b / seconds[k]! > batches[best]! / seconds[best]!) best = k;
  });
  return { seconds, bestBatch: batches[best]! };
}

/** 04.5 (one reasonable prediction; any well-formed one passes) */
export function predictRegimes(): { batch1: GpuRegime; batch4096: GpuRegime; why: string } {
  return { batch1: "memory-bound", batch4096: "compute-bound", why: "At batch 1 every weight is read for two FLOPs, far below the ridge point; at batch 4096 each weight is reused thousands of times." };
}

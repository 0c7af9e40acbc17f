import type * as ort from "onnxruntime-node";
import { createSession, type ProviderName, type ProviderOptions } from "../compute/providers";
import { measureLatency } from "../metrics/latency";
import { batchSizeSweep, type BatchSweepPoint } from "../metrics/batch-sweep";
import { initMlpWeights } from "../onnx/mlp";
import { buildMlpVariantOnnx, precisionBytes, precisionInputType, squareMlpSpec, type GpuPrecision } from "./mlp-variants";
import { classifyRegime, mlpForwardCost, type DeviceCeilings, type GpuRegime } from "./roofline";
import { randomInputTensor } from "./tensors";

/** Options of {@link rooflineSweep}. */
export interface RooflineSweepOptions extends ProviderOptions {
  /** Layer widths to try. Default `[256, 1024]`. */
  widths?: number[];
  /** Layers per model. Default 2. */
  depth?: number;
  /** Batch sizes to try for every width. Default `[1, 8, 64, 256]`. */
  batchSizes?: number[];
  /** Precision of the models. Default `"fp32"`. */
  precision?: GpuPrecision;
  /** Measured calls per point (at least). Default 5. */
  iterations?: number;
  /** Keep measuring a point until its calls add up to this many ms. Default 100. */
  minTimeMs?: number;
  /** Called after each point (e.g. to tick a progress bar). */
  onPoint?: (p: RooflinePoint) => void;
}

/** One (width, batch) run placed on the roofline. */
export interface RooflinePoint {
  width: number;
  depth: number;
  batch: number;
  precision: GpuPrecision;
  provider: ProviderName;
  /** FLOPs and bytes of one call (see mlpForwardCost). */
  flops: number;
  bytes: number;
  /** FLOP/byte. */
  intensity: number;
  /** Median ms per call, and quartiles. */
  p50Ms: number;
  p25Ms: number;
  p75Ms: number;
  /** Rows per second at the median. */
  rowsPerSec: number;
  /** FLOP/s achieved at the median. */
  achievedFlops: number;
  /** FLOP/s the roofline allows at this intensity. */
  attainableFlops: number;
  /** Regime by classifyRegime's rule. */
  regime: GpuRegime;
  /** Share of the time the per-call overhead explains. */
  overheadShare: number;
}

/**
 * Width × batch sweep of square MLPs ({@link squareMlpSpec}), each point timed on the provider and
 * placed on the roofline of `ceilings` (measured with measureDeviceCeilings on the same provider):
 * small models at small batches land overhead-bound, wide layers at batch 1 memory-bound (every
 * weight read for 2 FLOPs per row), wide layers at large batches approach the compute roof.
 */
export async function rooflineSweep(ceilings: DeviceCeilings, options: RooflineSweepOptions = {}): Promise<RooflinePoint[]> {
  const widths = options.widths ?? [256, 1024];
  const depth = options.depth ?? 2;
  const batches = options.batchSizes ?? [1, 8, 64, 256];
  const precision = options.precision ?? "fp32";
  const points: RooflinePoint[] = [];
  for (const width of widths) {
    const spec = squareMlpSpec(width, depth);
    const { session, provider } = await createSession(buildMlpVariantOnnx(initMlpWeights(spec, width), precision), options);
    try {
      for (const batch of batches) {
        const feeds: Record<string, ort.Tensor> = { input: randomInputTensor(precisionInputType(precision), batch, width, batch) };
        const r = await measureLatency(() => session.run(feeds), { warmup: 2, iterations: options.iterations ?? 5, minTimeMs: options.minTimeMs ?? 100 });
        const cost = mlpForwardCost(spec, batch, precisionBytes(precision));
        const v = classifyRegime({ flops: cost.flops, bytes: cost.bytes, seconds: r.summary.p50 / 1e3 }, ceilings);
        const p: RooflinePoint = {
          width, depth, batch, precision, provider,
          flops: cost.flops, bytes: cost.bytes, intensity: cost.intensity,
          p50Ms: r.summary.p50, p25Ms: r.summary.p25, p75Ms: r.summary.p75,
          rowsPerSec: batch / (r.summary.p50 / 1e3),
          achievedFlops: v.achievedFlops, attainableFlops: v.attainableFlops, regime: v.regime, overheadShare: v.overheadShare,
        };
        points.push(p);
        options.onPoint?.(p);
      }
    } finally {
      await session.release();
    }
  }
  return points;
}

/** A point of a static batch sweep, as lib/metrics' batchSizeSweep returns it (only the fields used here). */
export interface BatchLatencyPoint {
  /** Items per call. */
  batchSize: number;
  /** Median ms of one call. */
  batchP50Ms: number;
  /** 99th-percentile ms of one call. */
  batchP99Ms: number;
  /** Items per second. */
  throughputPerSec: number;
}

/**
 * The batch size with the highest throughput whose per-call latency stays within a budget: the
 * batch-serving choice. `latency: "p99"` (default) uses the 99th percentile of one call, `"p50"` the
 * median. Returns `undefined` when no batch size meets the budget.
 */
export function bestBatchUnderLatencyBudget<P extends BatchLatencyPoint>(points: readonly P[], budgetMs: number, options: { latency?: "p50" | "p99" } = {}): P | undefined {
  if (!(budgetMs > 0)) throw new RangeError(`bestBatchUnderLatencyBudget: budgetMs must be positive, got ${budgetMs}.`);
  const key = (options.latency ?? "p99") === "p99" ? "batchP99Ms" : "batchP50Ms";
  let best: P | undefined;
  for (const p of points) {
    if (p[key] <= budgetMs && (!best || p.throughputPerSec > best.throughputPerSec)) best = p;
  }
  return best;
}

/** Options of {@link mlpBatchSweep}. */
export interface MlpBatchSweepOptions extends ProviderOptions {
  /** Square MLP width and depth. Defaults 1024 and 2. */
  width?: number;
  depth?: number;
  /** Batch sizes. Default `[1, 4, 16, 64, 256]`. */
  batchSizes?: number[];
  /** Precision. Default `"fp32"`. */
  precision?: GpuPrecision;
  /** Per batch size: at least this many calls, and keep going until they add up to minTimeMs. Defaults 8 and 150. */
  iterations?: number;
  minTimeMs?: number;
}

/**
 * Static batching, latency against throughput: lib/metrics' batchSizeSweep on a square MLP on the
 * chosen provider. Returns the provider with the points (per-call p50/p99, per-item cost, throughput).
 */
export async function mlpBatchSweep(options: MlpBatchSweepOptions = {}): Promise<{ provider: ProviderName; width: number; depth: number; points: BatchSweepPoint[] }> {
  const width = options.width ?? 1024, depth = options.depth ?? 2, precision = options.precision ?? "fp32";
  const { session, provider } = await createSession(buildMlpVariantOnnx(initMlpWeights(squareMlpSpec(width, depth), 1), precision), options);
  const inputs = new Map<number, ort.Tensor>();
  try {
    const points = await batchSizeSweep(
      (b) => {
        let x = inputs.get(b);
        if (!x) inputs.set(b, (x = randomInputTensor(precisionInputType(precision), b, width, b)));
        return session.run({ input: x });
      },
      { batchSizes: options.batchSizes ?? [1, 4, 16, 64, 256], warmup: 2, iterations: options.iterations ?? 8, minTimeMs: options.minTimeMs ?? 150 },
    );
    return { provider, width, depth, points };
  } finally {
    await session.release();
  }
}

import { measureLatency } from "./latency";

/** Options of {@link batchSizeSweep}. */
export interface BatchSweepOptions {
  /** Batch sizes to try, in order. Default `[1, 2, 4, 8, 16, 32, 64, 128, 256]`. */
  batchSizes?: readonly number[];
  /** Warm-up calls per batch size (discarded). Default `3`. */
  warmup?: number;
  /** Minimum measured calls per batch size. Default `10`. */
  iterations?: number;
  /** Keep measuring a batch size until its calls add up to this many ms. Default `200`. */
  minTimeMs?: number;
  /** Called after each batch size (e.g. to tick a progress bar). */
  onBatchSize?: (point: BatchSweepPoint) => void;
}

/** One batch size of a {@link batchSizeSweep}. */
export interface BatchSweepPoint {
  /** Items per call. */
  batchSize: number;
  /** Measured calls. */
  calls: number;
  /** Median time of one call (one batch), ms: the least latency a request in that batch can see. */
  batchP50Ms: number;
  /** 99th-percentile time of one call, ms. */
  batchP99Ms: number;
  /** Median call time divided by the batch size, ms: the compute cost of one item. */
  perItemP50Ms: number;
  /** Items per second over all measured calls: `batchSize · calls / total time`. */
  throughputPerSec: number;
  /** Throughput relative to batch size 1 (or to the first batch size tried). */
  speedup: number;
}

/**
 * Latency versus throughput as the batch grows: calls `runBatch(batchSize, i)` (which must predict
 * `batchSize` items, e.g. one onnxruntime `session.run` on a `[batchSize, …]` tensor) for every batch
 * size with the latency harness, and reports per-call latency, per-item cost and throughput. Bigger
 * batches usually raise throughput (the fixed cost of a call is shared) and raise each request's
 * latency (a request waits for the whole batch): the real-time vs batch-prediction trade-off.
 * Batch sizes run one after another; run it on an otherwise idle machine.
 * @param runBatch predicts one batch of `batchSize` items (may return a promise); `i` is the call number
 * @param options batchSizes (1…256, powers of 2), warmup (3), iterations (10), minTimeMs (200), onBatchSize
 * @example const sweep = await batchSizeSweep((b) => session.run({ input: inputs.get(b)! }), { batchSizes: [1, 8, 64] });
 */
export async function batchSizeSweep(runBatch: (batchSize: number, i: number) => unknown, options: BatchSweepOptions = {}): Promise<BatchSweepPoint[]> {
  const sizes = options.batchSizes ?? [1, 2, 4, 8, 16, 32, 64, 128, 256];
  if (sizes.length === 0) throw new RangeError("batchSizeSweep: give at least one batch size.");
  for (const b of sizes) if (!(Number.isInteger(b) && b >= 1)) throw new RangeError(`batchSizeSweep: batch sizes must be positive integers, got ${b}.`);
  const points: BatchSweepPoint[] = [];
  for (const b of sizes) {
    const r = await measureLatency((i) => runBatch(b, i), { warmup: options.warmup ?? 3, iterations: options.iterations ?? 10, minTimeMs: options.minTimeMs ?? 200, batchSize: b });
    const point: BatchSweepPoint = {
      batchSize: b,
      calls: r.samples.length,
      batchP50Ms: r.summary.p50,
      batchP99Ms: r.summary.p99,
      perItemP50Ms: r.summary.p50 / b,
      throughputPerSec: r.throughput,
      speedup: points.length ? r.throughput / points[0]!.throughputPerSec : 1,
    };
    points.push(point);
    options.onBatchSize?.(point);
  }
  return points;
}

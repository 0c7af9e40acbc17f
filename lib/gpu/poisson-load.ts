import { createRng } from "../data/random";
import { summaryStats, type SummaryStats } from "../metrics/summary";
import { MicroBatcher, type MicroBatcherOptions } from "../serving/batcher";

/**
 * Arrival times (ms from the start) of a Poisson process: independent requests at `ratePerSec` on
 * average, gaps drawn from the exponential distribution (`−ln(1−u)/rate`), seeded.
 */
export function poissonArrivalTimes(ratePerSec: number, count: number, seed = 1): number[] {
  if (!(ratePerSec > 0) || !Number.isFinite(ratePerSec)) throw new RangeError(`poissonArrivalTimes: ratePerSec must be a positive number, got ${ratePerSec}.`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`poissonArrivalTimes: count must be a non-negative integer, got ${count}.`);
  const rng = createRng(seed);
  const out: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += (-Math.log(1 - rng.next()) / ratePerSec) * 1000;
    out.push(t);
  }
  return out;
}

/** Options of {@link runPoissonLoad}. */
export interface PoissonLoadOptions {
  /** Mean arrival rate, requests per second. */
  ratePerSec: number;
  /** Requests to send. Default 400. */
  requests?: number;
  /** Seed of the arrival times. Default 1. */
  seed?: number;
  /** Batcher settings (lib/serving's MicroBatcher): maxBatchSize 1 turns batching off. Defaults maxBatchSize 32, maxWaitMs 2, maxQueueSize 10,000. */
  batcher?: Omit<MicroBatcherOptions, "onBatch">;
}

/** What {@link runPoissonLoad} measured. */
export interface PoissonLoadResult {
  /** Requested mean arrival rate, per second. */
  ratePerSec: number;
  /** Requests sent, completed, refused (queue full). */
  requests: number;
  completed: number;
  rejected: number;
  /** Latency from each request's scheduled arrival to its result, ms. */
  latency: SummaryStats;
  /** Completed requests per second of wall time. */
  throughputPerSec: number;
  /** Batches run, and their mean and largest size. */
  batches: number;
  meanBatch: number;
  largestBatch: number;
  /** Sum of the batch function's run times, ms. */
  busyMs: number;
  /** From the first arrival to the last result, ms. */
  wallMs: number;
  /**
   * `busyMs / wallMs`: the share of the time the device had work, estimated from host timings (an
   * upper bound: the run time includes host-side work and copies). `1 − busyFraction` is idle time.
   */
  busyFraction: number;
}

/**
 * Sends Poisson-distributed requests through lib/serving's {@link MicroBatcher} (the same batcher
 * the HTTP server of module 03 uses) and measures latency, throughput, batch sizes and how busy the
 * device was. `runBatch(n)` must predict a batch of `n` items (e.g. one `session.run` on an
 * `[n, …]` tensor). Latency counts from the *scheduled* arrival, so time a request spent waiting
 * because the JavaScript thread was blocked (onnxruntime-node runs inference on it) is included.
 */
export async function runPoissonLoad(runBatch: (n: number) => Promise<unknown>, options: PoissonLoadOptions): Promise<PoissonLoadResult> {
  const requests = options.requests ?? 400;
  const arrivals = poissonArrivalTimes(options.ratePerSec, requests, options.seed ?? 1);
  let busyMs = 0;
  const batcher = new MicroBatcher<number, number>(
    async (items) => {
      await runBatch(items.length);
      return items;
    },
    { maxBatchSize: 32, maxWaitMs: 2, maxQueueSize: 10_000, ...options.batcher, onBatch: (b) => (busyMs += b.runMs) },
  );
  const latencies: number[] = [];
  let rejected = 0;
  const pending: Promise<void>[] = [];
  const t0 = performance.now();
  let lastDone = t0;
  for (const at of arrivals) {
    const wait = t0 + at - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      batcher.submit(0).then(
        () => {
          const now = performance.now();
          latencies.push(now - (t0 + at));
          lastDone = Math.max(lastDone, now);
        },
        () => {
          rejected++;
        },
      ),
    );
  }
  await Promise.all(pending);
  await batcher.close();
  const s = batcher.stats;
  const wallMs = lastDone - t0;
  return {
    ratePerSec: options.ratePerSec,
    requests,
    completed: latencies.length,
    rejected,
    latency: summaryStats(latencies.length ? latencies : [0]),
    throughputPerSec: latencies.length / (wallMs / 1000),
    batches: s.batches,
    meanBatch: s.batches ? s.items / s.batches : 0,
    largestBatch: s.largestBatch,
    busyMs,
    wallMs,
    busyFraction: Math.min(1, busyMs / wallMs),
  };
}

/** Options of {@link dynamicBatchingStudy}. */
export interface DynamicBatchingStudyOptions {
  /** Offered loads as multiples of the unbatched capacity (1 / batch-1 latency). Default `[0.3, 1.5]`. */
  loads?: number[];
  /** Requests per run. Default 200. */
  requests?: number;
  /** Batcher limits of the batched runs. Defaults maxBatchSize 32, maxWaitMs 2. */
  maxBatchSize?: number;
  maxWaitMs?: number;
  /** Seed of the arrivals. Default 1. */
  seed?: number;
}

/** One row of {@link dynamicBatchingStudy}. */
export interface DynamicBatchingRow extends PoissonLoadResult {
  /** Offered load as a multiple of the unbatched capacity. */
  load: number;
  /** `"off"` (maxBatchSize 1) or `"dynamic"`. */
  batching: "off" | "dynamic";
}

/**
 * Dynamic batching under Poisson load: measures the batch-1 latency (median of 30 calls after 5
 * warm-ups) to get the unbatched capacity, then offers each load (a multiple of that capacity) with
 * batching off and with the dynamic batcher, and reports latency, throughput, batch sizes and the
 * device's busy share. Below capacity, batching trades a little latency for idle time; above it,
 * unbatched serving queues without bound while the batcher keeps up by growing its batches.
 * @param runBatch predicts `n` items in one call
 */
export async function dynamicBatchingStudy(runBatch: (n: number) => Promise<unknown>, options: DynamicBatchingStudyOptions = {}): Promise<{ batch1Ms: number; capacityPerSec: number; rows: DynamicBatchingRow[] }> {
  for (let i = 0; i < 5; i++) await runBatch(1);
  const t: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    await runBatch(1);
    t.push(performance.now() - t0);
  }
  const batch1Ms = summaryStats(t).p50;
  const capacityPerSec = 1000 / batch1Ms;
  const rows: DynamicBatchingRow[] = [];
  for (const load of options.loads ?? [0.3, 1.5]) {
    for (const batching of ["off", "dynamic"] as const) {
      const r = await runPoissonLoad(runBatch, {
        ratePerSec: capacityPerSec * load,
        requests: options.requests ?? 200,
        seed: options.seed ?? 1,
        batcher: { maxBatchSize: batching === "off" ? 1 : options.maxBatchSize ?? 32, maxWaitMs: batching === "off" ? 0 : options.maxWaitMs ?? 2 },
      });
      rows.push({ ...r, load, batching });
    }
  }
  return { batch1Ms, capacityPerSec, rows };
}

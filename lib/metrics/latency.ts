import { computeLogHistogram, computeHistogram, type Histogram } from "./histogram";
import { summaryStats, type SummaryStats } from "./summary";

/** Options of {@link measureLatency} and {@link measureLatencySync}. */
export interface MeasureLatencyOptions {
  /** Calls made first and thrown away (JIT, caches, lazy allocation); default 5. */
  warmup?: number;
  /** Minimum number of measured calls; default 30. */
  iterations?: number;
  /** Keep measuring until the measured calls add up to at least this many ms; default 0 (off). */
  minTimeMs?: number;
  /** Hard cap on measured calls when `minTimeMs` keeps the loop going; default 1,000,000. */
  maxIterations?: number;
  /** Items each call processes (a batch of 32 → 32), for the throughput; default 1. */
  batchSize?: number;
  /** Histogram bins; default 20. The histogram uses log bins when all samples are positive. */
  histogramBins?: number;
}

/** What {@link measureLatency} returns. All times in milliseconds. */
export interface LatencyResult {
  /** One duration per measured call, in ms, in call order. */
  samples: number[];
  /** Summary statistics of `samples` (p50/p90/p95/p99/p99.9, mean, std, min, max, IQR). */
  summary: SummaryStats;
  /** Histogram of `samples` (log-spaced bins when all are positive, equal-width otherwise). */
  histogram: Histogram;
  /** Items per second: `batchSize · calls / (sum of samples in s)`. */
  throughput: number;
  /** Items each call processed. */
  batchSize: number;
  /** Number of warm-up calls made. */
  warmup: number;
  /** Sum of the measured durations, ms (the time the throughput divides by). */
  totalMs: number;
}

interface Resolved {
  warmup: number;
  iterations: number;
  minTimeMs: number;
  maxIterations: number;
  batchSize: number;
  histogramBins: number;
}

function resolve(o: MeasureLatencyOptions): Resolved {
  const r: Resolved = {
    warmup: o.warmup ?? 5,
    iterations: o.iterations ?? 30,
    minTimeMs: o.minTimeMs ?? 0,
    maxIterations: o.maxIterations ?? 1_000_000,
    batchSize: o.batchSize ?? 1,
    histogramBins: o.histogramBins ?? 20,
  };
  const ints: (keyof Resolved)[] = ["warmup", "iterations", "maxIterations", "histogramBins"];
  for (const k of ints) {
    if (!Number.isInteger(r[k]) || r[k] < 0) throw new Error(`measureLatency: ${k} must be a non-negative integer, got ${r[k]}`);
  }
  if (r.iterations < 1) throw new Error("measureLatency: iterations must be at least 1");
  if (r.histogramBins < 1) throw new Error("measureLatency: histogramBins must be at least 1");
  if (!(r.batchSize > 0)) throw new Error(`measureLatency: batchSize must be positive, got ${r.batchSize}`);
  if (!(r.minTimeMs >= 0)) throw new Error(`measureLatency: minTimeMs must be ≥ 0, got ${r.minTimeMs}`);
  if (r.maxIterations < r.iterations) r.maxIterations = r.iterations;
  return r;
}

function finish(samples: number[], r: Resolved): LatencyResult {
  let total = 0;
  for (const s of samples) total += s;
  const allPositive = samples.every((s) => s > 0);
  const histogram = allPositive
    ? computeLogHistogram(samples, { bins: r.histogramBins })
    : computeHistogram(samples, { bins: r.histogramBins });
  return {
    samples,
    summary: summaryStats(samples),
    histogram,
    throughput: total > 0 ? (r.batchSize * samples.length) / (total / 1000) : Infinity,
    batchSize: r.batchSize,
    warmup: r.warmup,
    totalMs: total,
  };
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x != null && typeof (x as { then?: unknown }).then === "function";
}

const NS_PER_MS = 1_000_000n;
function elapsedMs(start: bigint, end: bigint): number {
  const d = end - start;
  return Number(d / NS_PER_MS) + Number(d % NS_PER_MS) / 1e6;
}

/**
 * Measures the latency of `fn`, sync or async: `warmup` calls first (discarded), then at least
 * `iterations` measured calls, continuing until they add up to `minTimeMs` (capped by
 * `maxIterations`). Each call is timed on its own with `process.hrtime.bigint()`; an async `fn` is
 * awaited inside its timing, so its samples include the time to settle the promise.
 * Calls run one after another (no overlap); for concurrency, use a load generator.
 * @param fn the work to time; receives the call index (warm-up calls get negative indices)
 * @param options warmup (5), iterations (30), minTimeMs (0), maxIterations (1e6), batchSize (1), histogramBins (20)
 * @example const r = await measureLatency(() => session.run(feeds), { warmup: 3, iterations: 50, batchSize: 8 });
 */
export async function measureLatency(
  fn: (i: number) => unknown,
  options: MeasureLatencyOptions = {},
): Promise<LatencyResult> {
  const r = resolve(options);
  for (let i = 0; i < r.warmup; i++) {
    const out = fn(i - r.warmup);
    if (isThenable(out)) await out;
  }
  const samples: number[] = [];
  let total = 0;
  while (samples.length < r.maxIterations && (samples.length < r.iterations || total < r.minTimeMs)) {
    const t0 = process.hrtime.bigint();
    const out = fn(samples.length);
    if (isThenable(out)) await out;
    const ms = elapsedMs(t0, process.hrtime.bigint());
    samples.push(ms);
    total += ms;
  }
  return finish(samples, r);
}

/**
 * The synchronous form of {@link measureLatency}, for synchronous `fn` only (no event-loop turn
 * between calls, so no promise overhead in the samples). Throws if `fn` returns a promise.
 * @param fn synchronous work to time; receives the call index (warm-up calls get negative indices)
 * @param options as for {@link measureLatency}
 */
export function measureLatencySync(fn: (i: number) => unknown, options: MeasureLatencyOptions = {}): LatencyResult {
  const r = resolve(options);
  const check = (out: unknown): void => {
    if (isThenable(out)) {
      throw new Error("measureLatencySync: fn returned a promise; use `await measureLatency(fn)` for async functions");
    }
  };
  for (let i = 0; i < r.warmup; i++) check(fn(i - r.warmup));
  const samples: number[] = [];
  let total = 0;
  while (samples.length < r.maxIterations && (samples.length < r.iterations || total < r.minTimeMs)) {
    const t0 = process.hrtime.bigint();
    const out = fn(samples.length);
    const ms = elapsedMs(t0, process.hrtime.bigint());
    check(out);
    samples.push(ms);
    total += ms;
  }
  return finish(samples, r);
}

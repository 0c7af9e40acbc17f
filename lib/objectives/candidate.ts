import { measureLatency, type LatencyResult, type MeasureLatencyOptions } from "../metrics/latency";
import { costPerMillionPredictions, DEFAULT_USD_PER_VCPU_HOUR, type PredictionPricing } from "./cost";

/**
 * A candidate model scored on what different stakeholders care about. Plain numbers, so candidates
 * can also be written by hand (e.g. figures quoted from a paper) and compared with measured ones.
 */
export interface ModelCandidate {
  /** Name shown in tables and explanations. */
  name: string;
  /** Quality on the evaluation set, higher is better (accuracy, or another metric in [0, 1]). */
  accuracy: number;
  /** Median latency of one call, ms. */
  latencyP50Ms: number;
  /** 99th-percentile latency of one call, ms. */
  latencyP99Ms: number;
  /** Predictions per second, one call at a time. */
  throughputPerSec: number;
  /** CPU time per prediction, ms (user + system, all threads). */
  cpuMsPerPrediction: number;
  /** Dollars per million predictions (see {@link costPerMillionPredictions}). */
  costPerMillionUsd: number;
  /** Model size in bytes (parameters or artifact file). */
  sizeBytes: number;
  /** Optional business value per prediction (e.g. expected revenue), which the sales view maximises. */
  businessValue?: number;
}

/** What {@link measureCandidate} needs besides the function to time. */
export interface MeasureCandidateOptions extends PredictionPricing {
  /** Candidate name. */
  name: string;
  /** Quality measured beforehand on the evaluation set (higher is better). */
  accuracy: number;
  /** Model size in bytes. */
  sizeBytes: number;
  /** Predictions each call makes (a batch of 32 → 32). Default `1`. */
  batchSize?: number;
  /** Latency-harness options (warm-up, iterations, minTimeMs). Default `{ warmup: 20, iterations: 200 }`. */
  latency?: Omit<MeasureLatencyOptions, "batchSize">;
  /** Optional business value per prediction. */
  businessValue?: number;
  /**
   * The CPU pass (run after the latency pass, back to back, at least `latency.iterations` calls)
   * lasts at least this many ms. Default `100`.
   */
  cpuMinTimeMs?: number;
}

/** A measured {@link ModelCandidate} with the raw latency result and the price it was costed at. */
export interface MeasuredCandidate extends ModelCandidate {
  /** The latency measurement (samples, summary, histogram). */
  latency: LatencyResult;
  /** Dollars per vCPU-hour used for the cost. */
  usdPerVcpuHour: number;
  /** CPU time / wall time during the CPU pass: about 1 for single-threaded work, more when a runtime uses several threads. */
  cpuPerWall: number;
}

/**
 * Measures a candidate: times `predict` with {@link measureLatency} (p50, p99, throughput), then
 * calls it back to back for at least `cpuMinTimeMs` while reading the process CPU time
 * (`process.cpuUsage`, user + system, every thread, so onnxruntime's worker threads count) to get
 * CPU ms per prediction and the cost per million.
 * Run candidates one after another on an otherwise idle machine: CPU time is process-wide.
 * @param predict one call: predicts `batchSize` items (may return a promise); receives the call number 0, 1, 2, … (warm-up included)
 * @param options name, accuracy, sizeBytes; batchSize (1), latency ({warmup: 20, iterations: 200}), cpuMinTimeMs (100), usdPerVcpuHour (0.0425), utilization (1)
 * @example
 * const c = await measureCandidate((i) => clf.predictProba(rows[i % rows.length]), { name: "lr", accuracy: 0.851, sizeBytes: clf.sizeBytes() });
 */
export async function measureCandidate(predict: (i: number) => unknown, options: MeasureCandidateOptions): Promise<MeasuredCandidate> {
  if (typeof options?.name !== "string" || !Number.isFinite(options.accuracy) || !(options.sizeBytes >= 0)) {
    throw new RangeError("measureCandidate: give name (string), accuracy (number) and sizeBytes (>= 0).");
  }
  const batchSize = options.batchSize ?? 1;
  const lat = { warmup: 20, iterations: 200, ...(options.latency ?? {}), batchSize };
  const cpuMinTimeMs = options.cpuMinTimeMs ?? 100;
  if (!(cpuMinTimeMs >= 0)) throw new RangeError(`measureCandidate: cpuMinTimeMs must be >= 0, got ${cpuMinTimeMs}.`);
  let calls = 0;
  // measureLatency numbers warm-up calls negatively; pass 0, 1, 2, … instead so `rows[i % n]` works
  const latency = await measureLatency(() => predict(calls++), lat);
  // CPU time: a separate back-to-back pass, so that the harness's own bookkeeping is not counted
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let wallMs = 0;
  while (n < lat.iterations || wallMs < cpuMinTimeMs) {
    const out = predict(calls++);
    if (out != null && typeof (out as { then?: unknown }).then === "function") await out;
    n++;
    wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const cpuMsPerPrediction = cpuMs / (n * batchSize);
  const usdPerVcpuHour = options.usdPerVcpuHour ?? DEFAULT_USD_PER_VCPU_HOUR;
  return {
    name: options.name,
    accuracy: options.accuracy,
    latencyP50Ms: latency.summary.p50,
    latencyP99Ms: latency.summary.p99,
    throughputPerSec: latency.throughput,
    cpuMsPerPrediction,
    costPerMillionUsd: costPerMillionPredictions(cpuMsPerPrediction, { usdPerVcpuHour, utilization: options.utilization }),
    sizeBytes: options.sizeBytes,
    ...(options.businessValue !== undefined ? { businessValue: options.businessValue } : {}),
    latency,
    usdPerVcpuHour,
    cpuPerWall: wallMs > 0 ? cpuMs / wallMs : 0,
  };
}

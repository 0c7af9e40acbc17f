import * as ort from "onnxruntime-node";
import { createSession, type ProviderAttempt, type ProviderName, type ProviderOptions } from "../compute/providers";
import { measureLatency } from "../metrics/latency";
import type { DeviceCeilings } from "./roofline";
import { buildMatMulCeilingOnnx, buildStreamCeilingOnnx, buildTinyOverheadOnnx, type CeilingModel } from "./ceiling-models";
import { scalarInputTensor } from "./tensors";

/** Median and quartiles of one ceiling measurement. */
export interface CeilingMeasurement {
  /** What ran. */
  description: string;
  /** Measured calls. */
  calls: number;
  /** Median seconds per call. */
  p50Seconds: number;
  /** Quartiles, seconds. */
  p25Seconds: number;
  p75Seconds: number;
  /** FLOPs and bytes of one call. */
  flops: number;
  bytes: number;
}

/** What {@link measureDeviceCeilings} returns: the three ceilings and how they were measured. */
export interface MeasuredCeilings extends DeviceCeilings {
  /** Provider all three models ran on. */
  provider: ProviderName;
  /** Providers tried, with the reasons the others failed. */
  attempts: ProviderAttempt[];
  /** Peak compute: the best FLOP/s of the MatMuls (FLOPs / median time). */
  peakFlops: number;
  /** Bandwidth: bytes of the streaming model / its median time. */
  bandwidth: number;
  /** Per-call overhead: median time of the tiny model, seconds. */
  overheadSeconds: number;
  /** The raw measurements. */
  matmul: CeilingMeasurement;
  /** Every MatMul size measured (the best is `matmul`). */
  matmuls: CeilingMeasurement[];
  stream: CeilingMeasurement;
  tiny: CeilingMeasurement;
}

/** Options of {@link measureDeviceCeilings}. */
export interface CeilingOptions extends ProviderOptions {
  /**
   * MatMul sizes n to try; the peak is the best FLOP/s among them (large products fall out of the
   * caches and slow down on a CPU, small ones are dominated by overhead on a GPU).
   * Default `[256, 512, 1024]` on the CPU, `[2048, 4096]` on a GPU provider.
   */
  matmulSizes?: number[];
  /** Elements of the streaming model. Default 2^23 (32 MiB) on the CPU, 2^26 (256 MiB) on a GPU. */
  streamElements?: number;
  /** Element type. Default `"float32"`. */
  dtype?: "float32" | "float16";
  /** Measured calls per model (at least). Default 10. */
  iterations?: number;
  /** Keep measuring each model until its calls add up to this many ms. Default 300. */
  minTimeMs?: number;
  /** Tiny-model calls (at least). Default 200. */
  tinyIterations?: number;
}

async function timeModel(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, m: { description: string; flops: number; bytes: number }, iterations: number, minTimeMs: number, warmup: number): Promise<CeilingMeasurement> {
  const r = await measureLatency(() => session.run(feeds), { warmup, iterations, minTimeMs });
  return { description: m.description, calls: r.samples.length, p50Seconds: r.summary.p50 / 1e3, p25Seconds: r.summary.p25 / 1e3, p75Seconds: r.summary.p75 / 1e3, flops: m.flops, bytes: m.bytes };
}

/**
 * Measures the chosen provider's ceilings with three models (lib/gpu/ceiling-models.ts): a large MatMul
 at a few sizes
 * (peak FLOP/s: the best of them), a large streaming Add+ReduceMax (memory bandwidth, bytes/s) and a one-node model on
 * two numbers (per-call overhead). All three run on the same provider: the first that works in the
 * usual order (WebGPU, CUDA, CPU) unless `providers` says otherwise. Only one number travels back
 * per call, so the host↔device copy is not part of the ceilings.
 * These are *achieved* ceilings of this runtime on this machine, below the data sheet's peaks.
 */
export async function measureDeviceCeilings(options: CeilingOptions = {}): Promise<MeasuredCeilings> {
  const dtype = options.dtype ?? "float32";
  const iterations = options.iterations ?? 10;
  const minTimeMs = options.minTimeMs ?? 300;
  const tinyBytes = buildTinyOverheadOnnx();
  const first = await createSession(tinyBytes, options);
  const provider = first.provider;
  const same: ProviderOptions = { ...options, providers: [provider], strict: true };
  const gpu = provider !== "cpu";
  const x = new ort.Tensor("float32", Float32Array.from([-1, 2]), [2]);
  const tiny = await timeModel(first.session, { X: x }, { description: "Relu on 2 numbers", flops: 2, bytes: 16 }, options.tinyIterations ?? 200, 100, 20);
  await first.session.release();
  const run = async (model: CeilingModel): Promise<CeilingMeasurement> => {
    const { session } = await createSession(model.bytes, same);
    try {
      return await timeModel(session, { [model.inputName]: scalarInputTensor(model.inputType) }, { description: model.description, flops: model.flops, bytes: model.bytesMoved }, iterations, minTimeMs, 2);
    } finally {
      await session.release();
    }
  };
  const matmuls: CeilingMeasurement[] = [];
  for (const n of options.matmulSizes ?? (gpu ? [2048, 4096] : [256, 512, 1024])) matmuls.push(await run(buildMatMulCeilingOnnx(n, dtype)));
  const matmul = matmuls.reduce((a, b) => (b.flops / b.p50Seconds > a.flops / a.p50Seconds ? b : a));
  const stream = await run(buildStreamCeilingOnnx(options.streamElements ?? (gpu ? 2 ** 26 : 2 ** 23), dtype));
  return {
    provider,
    attempts: first.attempts,
    peakFlops: matmul.flops / matmul.p50Seconds,
    bandwidth: stream.bytes / stream.p50Seconds,
    overheadSeconds: tiny.p50Seconds,
    matmul,
    matmuls,
    stream,
    tiny,
  };
}

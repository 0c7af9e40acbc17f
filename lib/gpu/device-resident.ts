import * as ort from "onnxruntime-node";
import { createSession, type ProviderAttempt, type ProviderName, type ProviderOptions } from "../compute/providers";
import { compareRuns, measureSideBySide } from "../metrics/compare";
import { initMlpWeights } from "../onnx/mlp";
import { buildMlpVariantOnnx } from "./mlp-variants";
import { randomInputTensor } from "./tensors";

/** Options of {@link compareDeviceResidency}. */
export interface DeviceResidencyOptions extends ProviderOptions {
  /** Width of the square layer each step applies. Default 1024. */
  width?: number;
  /** Rows per step. Default 8. */
  batch?: number;
  /** Steps chained per measured call (each step's output is the next step's input, like a decode loop). Default 16. */
  steps?: number;
  /** Measured chains per variant. Default 10. */
  iterations?: number;
}

/** What {@link compareDeviceResidency} returns. */
export interface DeviceResidencyResult {
  /** Provider the chain ran on. */
  provider: ProviderName;
  /** Providers tried. */
  attempts: ProviderAttempt[];
  /** Whether keeping outputs on the device applies to this provider. */
  applicable: boolean;
  /** Why it does not apply, or why the device-resident session could not be made. */
  reason?: string;
  /** Median ms per step with outputs copied back to the host every step. */
  copyBackStepMs: number;
  /** Median ms per step with outputs left on the device (absent when not applicable). */
  residentStepMs?: number;
  /** copy-back / resident: how many times faster keeping data on the device is. */
  speedup?: { ratio: number; low: number; high: number };
  /** Largest relative difference between the two chains' final outputs (they must agree). */
  maxRelDiff?: number;
  /** Side-by-side table (median, IQR, p99, ratio). */
  table: string;
  width: number;
  batch: number;
  steps: number;
}

/**
 * "Keep data on the device": chains `steps` calls of a square linear layer (`x ← x·W + b`), where
 * each call's output is the next call's input, (a) copying every output back to host memory and
 * uploading it again, and (b) with `preferredOutputLocation: "gpu-buffer"` so outputs stay on the GPU
 * and are fed straight back in (only the last is downloaded). On WebGPU this is what moved the
 * recorded GPT-2 decode step from 108.9 ms to 29.5 ms. On the CPU provider there is nothing to
 * keep: device memory *is* host memory, outputs are already where the next call reads them, and
 * onnxruntime ignores the option; the chain is measured once and the comparison reported as not
 * applicable. For CUDA the same option is tried and, if this build of onnxruntime-node refuses it,
 * the reason is reported.
 */
export async function compareDeviceResidency(options: DeviceResidencyOptions = {}): Promise<DeviceResidencyResult> {
  const width = options.width ?? 1024, batch = options.batch ?? 8, steps = options.steps ?? 16;
  const w = initMlpWeights({ inputSize: width, hiddenSizes: [], outputSize: width, softmax: false }, 11);
  for (let i = 0; i < w.layers[0]!.weight.length; i++) w.layers[0]!.weight[i]! /= Math.SQRT2; // keeps the scale steady along the chain
  const bytes = buildMlpVariantOnnx(w, "fp32");
  const base = await createSession(bytes, options);
  const x0 = randomInputTensor("float32", batch, width, 3);
  const copyChain = async (): Promise<Float32Array> => {
    let x = x0;
    for (let s = 0; s < steps; s++) x = (await base.session.run({ input: x })).output!;
    return x.data as Float32Array;
  };
  const common = { provider: base.provider, attempts: base.attempts, width, batch, steps };
  if (base.provider === "cpu") {
    const r = await measureSideBySide({ "copy-back (host memory)": copyChain }, { warmup: 2, iterations: options.iterations ?? 10 });
    await base.session.release();
    return {
      ...common,
      applicable: false,
      reason: "on the CPU provider, device memory is host memory: outputs already live where the next call reads them, so there is no copy to avoid (onnxruntime accepts preferredOutputLocation only for GPU providers)",
      copyBackStepMs: r["copy-back (host memory)"]!.summary.p50 / steps,
      table: compareRuns(r).text,
    };
  }
  let resident: ort.InferenceSession;
  try {
    resident = (await createSession(bytes, { ...options, providers: [base.provider], strict: true, sessionOptions: { ...options.sessionOptions, preferredOutputLocation: "gpu-buffer" } })).session;
  } catch (e) {
    const r = await measureSideBySide({ "copy-back": copyChain }, { warmup: 2, iterations: options.iterations ?? 10 });
    await base.session.release();
    return { ...common, applicable: false, reason: `the ${base.provider} session refused preferredOutputLocation "gpu-buffer": ${(e as Error).message.slice(0, 200)}`, copyBackStepMs: r["copy-back"]!.summary.p50 / steps, table: compareRuns(r).text };
  }
  const residentChain = async (): Promise<Float32Array> => {
    let x: ort.Tensor = x0;
    for (let s = 0; s < steps; s++) {
      const next = (await resident.run({ input: x })).output!;
      if (x !== x0) x.dispose();
      x = next;
    }
    const data = (await x.getData(true)) as Float32Array;
    return data;
  };
  const a = await copyChain(), b = await residentChain();
  let maxRelDiff = 0;
  for (let i = 0; i < a.length; i++) maxRelDiff = Math.max(maxRelDiff, Math.abs(a[i]! - b[i]!) / Math.max(1e-6, Math.abs(a[i]!)));
  const r = await measureSideBySide({ "copy-back": copyChain, "device-resident": residentChain }, { warmup: 2, iterations: options.iterations ?? 10 });
  await base.session.release();
  await resident.release();
  const cmp = compareRuns(r, { baseline: "device-resident" });
  const ratio = cmp.rows.find((row) => row.name === "copy-back")!.ratio;
  return {
    ...common,
    applicable: true,
    copyBackStepMs: r["copy-back"]!.summary.p50 / steps,
    residentStepMs: r["device-resident"]!.summary.p50 / steps,
    speedup: ratio,
    maxRelDiff,
    table: cmp.text,
  };
}

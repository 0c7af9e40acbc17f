import type { MlpSpec } from "../onnx/mlp";

/**
 * Roofline arithmetic, after Horace He, "Making Deep Learning Go Brrrr From First Principles"
 * (https://horace.io/brrr_intro.html) and Williams, Waterman & Patterson, "Roofline" (CACM 2009).
 * Pure functions: no timing, no runtime; every number can be checked by hand.
 */

/** Bytes per element of the precisions the course uses. */
export const BYTES_PER_ELEMENT = { float32: 4, float16: 2 } as const;

/** FLOPs and bytes of one dense layer `Y[B, out] = X[B, in] · W[in, out] + b[out]` (activation ignored). */
export interface LayerCost {
  /** Input features. */
  fanIn: number;
  /** Output features. */
  fanOut: number;
  /** `2 · B · in · out`: a multiply and an add per weight per row. */
  flops: number;
  /** Bytes of weights and bias read: `(in · out + out) · bytesPerElement`. */
  weightBytes: number;
  /** Bytes of activations moved: the input read and the output written, `(B · in + B · out) · bytesPerElement`. */
  activationBytes: number;
  /** `weightBytes + activationBytes`. */
  bytes: number;
}

/** FLOPs and bytes of a whole MLP forward pass at one batch size (see {@link mlpForwardCost}). */
export interface ForwardCost {
  /** Batch size. */
  batch: number;
  /** Bytes per element assumed. */
  bytesPerElement: number;
  /** One entry per layer, input to output. */
  layers: LayerCost[];
  /** Sum of the layers' FLOPs. */
  flops: number;
  /** Sum of the layers' weight bytes (the parameter size). */
  weightBytes: number;
  /** Sum of the layers' activation bytes. */
  activationBytes: number;
  /** Total bytes moved: weights + activations. */
  bytes: number;
  /** `flops / bytes`, FLOPs per byte. */
  intensity: number;
}

function checkPositiveInt(x: number, what: string): void {
  if (!Number.isInteger(x) || x < 1) throw new RangeError(`${what} must be a positive integer, got ${x}.`);
}

/**
 * Cost of one dense layer at batch `batch`: FLOPs count only the matrix product (`2·B·in·out`; the
 * bias add and activation are `B·out` each, under 1% for widths above 200), bytes assume each layer
 * is a separate operator that reads its weights, bias and input from memory once and writes its
 * output once (no fusion, no cache reuse across operators).
 * @param bytesPerElement 4 for fp32 (default), 2 for fp16
 * @example layerCost(1, 1024, 1024).flops === 2_097_152 // 2 · 1 · 1024 · 1024
 */
export function layerCost(batch: number, fanIn: number, fanOut: number, bytesPerElement = 4): LayerCost {
  checkPositiveInt(batch, "layerCost: batch");
  checkPositiveInt(fanIn, "layerCost: fanIn");
  checkPositiveInt(fanOut, "layerCost: fanOut");
  if (!(bytesPerElement > 0)) throw new RangeError(`layerCost: bytesPerElement must be positive, got ${bytesPerElement}.`);
  const flops = 2 * batch * fanIn * fanOut;
  const weightBytes = (fanIn * fanOut + fanOut) * bytesPerElement;
  const activationBytes = (batch * fanIn + batch * fanOut) * bytesPerElement;
  return { fanIn, fanOut, flops, weightBytes, activationBytes, bytes: weightBytes + activationBytes };
}

/**
 * FLOPs, bytes and arithmetic intensity of an MLP forward pass at batch `batch`, summing
 * {@link layerCost} over the layers. At batch 1 a wide MLP does about 0.5 FLOP per fp32 byte
 * (every weight is read to be used once): far left of any device's ridge point, so memory-bound;
 * the intensity grows roughly linearly with the batch until the activations dominate.
 * @param bytesPerElement 4 for fp32 (default), 2 for fp16
 */
export function mlpForwardCost(spec: MlpSpec, batch: number, bytesPerElement = 4): ForwardCost {
  const sizes = [spec.inputSize, ...spec.hiddenSizes, spec.outputSize];
  const layers: LayerCost[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) layers.push(layerCost(batch, sizes[l]!, sizes[l + 1]!, bytesPerElement));
  const flops = layers.reduce((a, c) => a + c.flops, 0);
  const weightBytes = layers.reduce((a, c) => a + c.weightBytes, 0);
  const activationBytes = layers.reduce((a, c) => a + c.activationBytes, 0);
  const bytes = weightBytes + activationBytes;
  return { batch, bytesPerElement, layers, flops, weightBytes, activationBytes, bytes, intensity: flops / bytes };
}

/** FLOPs per byte: `flops / bytes`. */
export function arithmeticIntensity(flops: number, bytes: number): number {
  if (!(flops >= 0) || !(bytes > 0)) throw new RangeError(`arithmeticIntensity: need flops ≥ 0 and bytes > 0, got ${flops} and ${bytes}.`);
  return flops / bytes;
}

/** A device's ceilings, measured or from a data sheet. */
export interface DeviceCeilings {
  /** Peak compute, FLOP/s. */
  peakFlops: number;
  /** Peak memory bandwidth, bytes/s. */
  bandwidth: number;
  /** Fixed cost of one call (one `session.run` of a trivial model), seconds. Default 0 when unknown. */
  overheadSeconds?: number;
}

function checkCeilings(c: DeviceCeilings, what: string): void {
  if (!(c.peakFlops > 0) || !(c.bandwidth > 0)) throw new RangeError(`${what}: ceilings need peakFlops > 0 and bandwidth > 0, got ${c.peakFlops} and ${c.bandwidth}.`);
  if (c.overheadSeconds !== undefined && !(c.overheadSeconds >= 0)) throw new RangeError(`${what}: overheadSeconds must be ≥ 0, got ${c.overheadSeconds}.`);
}

/** The roofline: attainable FLOP/s at an intensity, `min(peakFlops, intensity × bandwidth)`. */
export function attainableFlops(intensity: number, ceilings: DeviceCeilings): number {
  checkCeilings(ceilings, "attainableFlops");
  if (!(intensity >= 0)) throw new RangeError(`attainableFlops: intensity must be ≥ 0, got ${intensity}.`);
  return Math.min(ceilings.peakFlops, intensity * ceilings.bandwidth);
}

/** The ridge point, `peakFlops / bandwidth` FLOP/byte: left of it work is memory-bound, right of it compute-bound. */
export function ridgeIntensity(ceilings: DeviceCeilings): number {
  checkCeilings(ceilings, "ridgeIntensity");
  return ceilings.peakFlops / ceilings.bandwidth;
}

/** The three regimes of Horace He's article. */
export type GpuRegime = "compute-bound" | "memory-bound" | "overhead-bound";

/** A measured (or predicted) run to place on the roofline. */
export interface RooflineRun {
  /** FLOPs the run did. */
  flops: number;
  /** Bytes it moved. */
  bytes: number;
  /** How long it took, seconds (median of several calls). */
  seconds: number;
}

/** Where a run sits on the roofline, and why. */
export interface RegimeVerdict {
  /** The regime the run is in. */
  regime: GpuRegime;
  /** FLOP/byte of the run. */
  intensity: number;
  /** FLOP/s the run achieved: `flops / seconds`. */
  achievedFlops: number;
  /** FLOP/s the roofline allows at that intensity. */
  attainableFlops: number;
  /** `achievedFlops / attainableFlops` (1 = on the roof). */
  efficiency: number;
  /** Share of the run's time that the per-call overhead alone explains: `overheadSeconds / seconds` (≤ 1). */
  overheadShare: number;
  /** Time floors, seconds: compute `flops/peak`, memory `bytes/bandwidth`, overhead. */
  floors: { compute: number; memory: number; overhead: number };
  /** One sentence explaining the verdict. */
  explanation: string;
}

/**
 * Classifies a run. Rule (stated so it can be checked by hand): if the fixed per-call overhead is
 * at least `overheadThreshold` (default half) of the measured time, the run is **overhead-bound**
 * (making the maths faster or the data smaller would not help; fewer, larger calls would); otherwise
 * it is **memory-bound** when its intensity is below the ridge point and **compute-bound** at or above.
 * @param options overheadThreshold (0.5)
 */
export function classifyRegime(run: RooflineRun, ceilings: DeviceCeilings, options: { overheadThreshold?: number } = {}): RegimeVerdict {
  checkCeilings(ceilings, "classifyRegime");
  if (!(run.seconds > 0)) throw new RangeError(`classifyRegime: seconds must be > 0, got ${run.seconds}.`);
  const threshold = options.overheadThreshold ?? 0.5;
  const intensity = arithmeticIntensity(run.flops, run.bytes);
  const ridge = ridgeIntensity(ceilings);
  const overhead = ceilings.overheadSeconds ?? 0;
  const achieved = run.flops / run.seconds;
  const attainable = attainableFlops(intensity, ceilings);
  const overheadShare = Math.min(1, overhead / run.seconds);
  const floors = { compute: run.flops / ceilings.peakFlops, memory: run.bytes / ceilings.bandwidth, overhead };
  let regime: GpuRegime;
  let explanation: string;
  if (overheadShare >= threshold) {
    regime = "overhead-bound";
    explanation = `the fixed cost of a call (${fmtS(overhead)}) is ${(overheadShare * 100).toFixed(0)}% of the ${fmtS(run.seconds)} measured: batch more work into each call`;
  } else if (intensity < ridge) {
    regime = "memory-bound";
    explanation = `${intensity.toFixed(2)} FLOP/byte is below the ridge (${ridge.toFixed(1)}): moving bytes, not arithmetic, sets the pace; larger batches or fewer bytes (fp16) help`;
  } else {
    regime = "compute-bound";
    explanation = `${intensity.toFixed(1)} FLOP/byte is at or above the ridge (${ridge.toFixed(1)}): arithmetic sets the pace; only faster maths (lower precision, better kernels) helps`;
  }
  return { regime, intensity, achievedFlops: achieved, attainableFlops: attainable, efficiency: achieved / attainable, overheadShare, floors, explanation };
}

/**
 * Predicts the time of a run from the ceilings, the simplest additive model:
 * `overhead + max(flops/peak, bytes/bandwidth)` (compute and memory traffic overlap, the call's
 * fixed cost does not). Useful to see where a sweep *should* land before measuring it.
 */
export function predictSeconds(flops: number, bytes: number, ceilings: DeviceCeilings): number {
  checkCeilings(ceilings, "predictSeconds");
  return (ceilings.overheadSeconds ?? 0) + Math.max(flops / ceilings.peakFlops, bytes / ceilings.bandwidth);
}

function fmtS(s: number): string {
  return s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(0)} µs`;
}

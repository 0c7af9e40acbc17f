/**
 * Models built to measure a device's ceilings: compute (one large MatMul), memory bandwidth
 * (a streaming add) and per-call overhead (a two-element Relu).
 * @packageDocumentation
 */
import { createRng } from "../data/random";
import { OnnxGraphBuilder } from "../onnx/graph-builder";
import { float32ToFloat16 } from "../onnx/float16";

/** A model built for measuring a device ceiling, with the work one call does. */
export interface CeilingModel {
  /** ONNX bytes. */
  bytes: Uint8Array;
  /** Input name (a one-element tensor `s` of the model's element type). */
  inputName: string;
  /** Element type of the input. */
  inputType: "float32" | "float16";
  /** FLOPs one call does (as counted in the doc of the builder). */
  flops: number;
  /** Bytes one call moves through memory (as counted in the doc of the builder). */
  bytesMoved: number;
  /** Human description. */
  description: string;
}

function randomData(n: number, seed: number, scale: number): Float32Array {
  const rng = createRng(seed);
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (rng.next() * 2 - 1) * scale;
  return a;
}

/**
 * One large matrix product for the compute ceiling: `ReduceSum((A + s) · B)` with `A`, `B` constant
 * `n × n` matrices and `s` a one-element input (so the runtime cannot fold the product at load time,
 * and only one number travels back). FLOPs `2n³` (the add and the sum, `2n²`, are left out);
 * bytes `6n²·e` (A read, A+s written and read, B read, the product written and read).
 * @param n matrix size (default 1024: 2.1 GFLOP; use 4096 on a GPU)
 */
export function buildMatMulCeilingOnnx(n = 1024, dtype: "float32" | "float16" = "float32"): CeilingModel {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`buildMatMulCeilingOnnx: n must be a positive integer, got ${n}.`);
  const scale = 1 / Math.sqrt(n);
  const conv = (a: Float32Array): Float32Array | Uint16Array => (dtype === "float16" ? float32ToFloat16(a) : a);
  const bytes = new OnnxGraphBuilder("matmul_ceiling")
    .input("s", dtype, [1])
    .initializer("A", conv(randomData(n * n, 1, 1)), [n, n])
    .initializer("B", conv(randomData(n * n, 2, scale)), [n, n])
    .node("Add", ["A", "s"], ["As"])
    .node("MatMul", ["As", "B"], ["Y"])
    .node("ReduceSum", ["Y"], ["out"], { keepdims: 0 })
    .output("out", dtype, [])
    .build({ metadata: { kind: "matmul-ceiling", n: String(n) } });
  const e = dtype === "float16" ? 2 : 4;
  return { bytes, inputName: "s", inputType: dtype, flops: 2 * n ** 3, bytesMoved: 6 * n * n * e, description: `${n}×${n} MatMul (${dtype})` };
}

/**
 * A large streaming model for the memory-bandwidth ceiling: `ReduceMax(A + s)` over a constant
 * vector `A` of `elements` values. Bytes `3·elements·e` (A read, A+s written, then read); FLOPs
 * `2·elements` (0.17 FLOP/byte in fp32: as memory-bound as a model gets; only one number comes back).
 * @param elements default 2^23 (32 MiB in fp32: bigger than the CPU's caches)
 */
export function buildStreamCeilingOnnx(elements = 2 ** 23, dtype: "float32" | "float16" = "float32"): CeilingModel {
  if (!Number.isInteger(elements) || elements < 1) throw new RangeError(`buildStreamCeilingOnnx: elements must be a positive integer, got ${elements}.`);
  const a = randomData(elements, 3, 1);
  const bytes = new OnnxGraphBuilder("stream_ceiling")
    .input("s", dtype, [1])
    .initializer("A", dtype === "float16" ? float32ToFloat16(a) : a, [elements])
    .node("Add", ["A", "s"], ["As"])
    .node("ReduceMax", ["As"], ["out"], { keepdims: 0 })
    .output("out", dtype, [])
    .build({ metadata: { kind: "stream-ceiling", elements: String(elements) } });
  const e = dtype === "float16" ? 2 : 4;
  return { bytes, inputName: "s", inputType: dtype, flops: 2 * elements, bytesMoved: 3 * elements * e, description: `stream over ${(elements * e / 2 ** 20).toFixed(0)} MiB (${dtype})` };
}

/**
 * The smallest useful model, for the per-call overhead: `Y = Relu(X)` on a two-element vector
 * (essentially no work: what one `session.run` costs by itself).
 */
export function buildTinyOverheadOnnx(): Uint8Array {
  return new OnnxGraphBuilder("tiny").input("X", "float32", [2]).node("Relu", ["X"], ["Y"]).output("Y", "float32", [2]).build({ metadata: { kind: "overhead-probe" } });
}

import * as ort from "onnxruntime-node";
import { float32ToFloat16, float16Bits } from "./float16";

/*
 * Why this file exists: from Node.js 24 on, JavaScript has a global `Float16Array`. onnxruntime's
 * `Tensor` then wraps the `Uint16Array` half bits we pass for a "float16" tensor in a `Float16Array`
 * view and hands fp16 outputs back as `Float16Array`s (numbers, not bits). onnxruntime-node's
 * native binding cannot read a `Float16Array` (Node's C API has no such typed-array kind) and fails
 * with `Error: not enough space: expected 128, got 0`. On Node 20 both stay `Uint16Array`. The
 * helpers below give the binding `Uint16Array` bits on every Node version and read outputs of either
 * kind, so fp16 code never looks at which one it got.
 */

/**
 * Makes an existing "float16" tensor readable by onnxruntime-node's native binding: when the runtime
 * stored its data as a `Float16Array` (Node 24+), the same memory is put back as `Uint16Array` bits.
 * Returns the tensor (fixed in place); tensors of other types are returned untouched. Use it on fp16
 * outputs you feed back as inputs (a KV cache).
 */
export function nativeFloat16(tensor: ort.Tensor): ort.Tensor {
  if (tensor.type !== "float16" || tensor.location !== "cpu") return tensor;
  const data = tensor.data as ArrayBufferView;
  if (data instanceof Uint16Array) return tensor;
  // `cpuData` is where onnxruntime-common's Tensor keeps its data (read back by `data` and the binding)
  (tensor as unknown as { cpuData: Uint16Array }).cpuData = float16Bits(data);
  return tensor;
}

/**
 * A "float16" onnxruntime tensor that works on Node 20 and Node 24+: from half bits (`Uint16Array`,
 * used as is) or from numbers (rounded to half precision).
 * @example float16Tensor([1, -2, 0.5], [3]) // a 3-element fp16 tensor
 */
export function float16Tensor(data: Uint16Array | ArrayLike<number>, dims: readonly number[]): ort.Tensor {
  const bits = data instanceof Uint16Array ? data : float32ToFloat16(data);
  return nativeFloat16(new ort.Tensor("float16", bits, dims));
}

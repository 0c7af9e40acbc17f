import * as ort from "onnxruntime-node";
import { createRng } from "../data/random";
import { float16Tensor } from "../onnx/float16-tensor";

/**
 * A seeded random input tensor `[rows, cols]` in float32 or float16 (half bits), values in ±1:
 * the feeds of timing sweeps (the values do not change the time of a dense model).
 */
export function randomInputTensor(type: "float32" | "float16", rows: number, cols: number, seed = 7): ort.Tensor {
  const rng = createRng(seed);
  const x = new Float32Array(rows * cols);
  for (let i = 0; i < x.length; i++) x[i] = rng.next() * 2 - 1;
  return type === "float16" ? float16Tensor(x, [rows, cols]) : new ort.Tensor("float32", x, [rows, cols]);
}

/** A one-element input `s = 0` of the given type (the ceiling models' input). */
export function scalarInputTensor(type: "float32" | "float16"): ort.Tensor {
  return type === "float16" ? float16Tensor(new Uint16Array(1), [1]) : new ort.Tensor("float32", new Float32Array(1), [1]);
}

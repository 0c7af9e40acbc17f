import { describe, it, expect } from "vitest";
import * as ort from "onnxruntime-node";
import { OnnxGraphBuilder, float16Tensor, nativeFloat16, float16Bits, float16ToFloat32, float32ToFloat16 } from "../../lib/onnx/index";

// fp16 tensors must work on Node 20 (no Float16Array) and Node 24+ (a global Float16Array that
// onnxruntime uses for fp16 data, which its native binding cannot read): .ci/run runs this file on both.
const hasFloat16Array = typeof (globalThis as { Float16Array?: unknown }).Float16Array === "function";

/** y = x + x, all fp16: a model whose output we can feed back as its input (as a KV cache is). */
const doubler = (): Uint8Array =>
  new OnnxGraphBuilder("double16").input("x", "float16", [3]).output("y", "float16", [3]).node("Add", ["x", "x"], ["y"]).build();

describe(`fp16 tensors on Node ${process.versions.node} (${hasFloat16Array ? "with" : "without"} a global Float16Array)`, () => {
  it("float16Tensor keeps Uint16Array bits for the native binding, from bits or from numbers", () => {
    const fromNumbers = float16Tensor([1, -2, 0.5], [3]);
    expect(fromNumbers.type).toBe("float16");
    expect(fromNumbers.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(fromNumbers.data as Uint16Array)).toEqual([0x3c00, 0xc000, 0x3800]);
    const bits = float32ToFloat16([3, 4]);
    const t = float16Tensor(bits, [2]).data as Uint16Array;
    expect(t.buffer).toBe(bits.buffer); // no copy
    expect(Array.from(t)).toEqual(Array.from(bits));
  });

  it("runs an fp16 model and feeds its fp16 output back in (values doubled twice)", async () => {
    const s = await ort.InferenceSession.create(doubler());
    try {
      const y = (await s.run({ x: float16Tensor([1, -2.5, 0.25], [3]) })).y!;
      expect(Array.from(float16ToFloat32(y.data as ArrayBufferView))).toEqual([2, -5, 0.5]);
      const z = (await s.run({ x: nativeFloat16(y) })).y!;
      expect(Array.from(float16ToFloat32(z.data as ArrayBufferView))).toEqual([4, -10, 1]);
    } finally {
      await s.release();
    }
  });

  it("float16Bits reads Uint16Array bits, and Float16Array values as their bits", () => {
    const u = float32ToFloat16([1, 65504]);
    expect(float16Bits(u)).toBe(u);
    if (hasFloat16Array) {
      const F16 = (globalThis as unknown as { Float16Array: new (v: number[]) => ArrayBufferView }).Float16Array;
      expect(Array.from(float16Bits(new F16([1, 65504])))).toEqual([0x3c00, 0x7bff]);
    }
    expect(() => float16Bits(new Float32Array(2))).toThrow(/expected fp16 tensor data.*Float32Array/);
  });

  it("nativeFloat16 leaves other tensors alone", () => {
    const t = new ort.Tensor("float32", new Float32Array([1]), [1]);
    expect(nativeFloat16(t)).toBe(t);
    expect(t.data).toBeInstanceOf(Float32Array);
  });
});

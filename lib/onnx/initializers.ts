import { decodeOnnxModel, ONNX_DATA_TYPE } from "./proto";

/** A float32 initializer read back from an ONNX model. */
export interface OnnxInitializerValue {
  /** Shape. */
  dims: number[];
  /** Values. */
  data: Float32Array;
}

/**
 * Reads the float32 initializers (weights) of an ONNX model, e.g. to rebuild a trained model in
 * another precision. Non-float32 initializers are skipped.
 */
export function readFloatInitializers(model: Uint8Array): Record<string, OnnxInitializerValue> {
  const m = decodeOnnxModel(model);
  const out: Record<string, OnnxInitializerValue> = {};
  for (const init of m.graph?.initializer ?? []) {
    if (init.dataType !== ONNX_DATA_TYPE.float32) continue;
    let data: Float32Array;
    if (init.rawData && init.rawData.length) {
      const raw = init.rawData;
      data = new Float32Array(raw.length / 4);
      new Uint8Array(data.buffer).set(raw);
    } else data = Float32Array.from(init.floatData ?? []);
    out[init.name] = { dims: init.dims.map(Number), data };
  }
  return out;
}

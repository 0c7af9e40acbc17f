/**
 * A trained linear classifier rebuilt in fp32 or fp16 (with casts), for the precision lesson.
 * @packageDocumentation
 */
import { OnnxGraphBuilder } from "../onnx/graph-builder";
import { float32ToFloat16 } from "../onnx/float16";
import { readFloatInitializers } from "../onnx/initializers";
import { ONNX_DATA_TYPE } from "../onnx/proto";

/**
 * Rebuilds a trained linear classifier (the course's TF-IDF + logistic regression artifact: `W`
 * `[features, classes]`, `b` `[classes]`) in float32 or float16. Both variants take float32 `features`
 * `[batch, features]` and return float32 `probabilities` `[batch, classes]`; the fp16 one casts the
 * input to float16, computes `Softmax(x·W + b)` in float16 and casts the result back (`fp16-cast`),
 * so the same feeds can be compared.
 */
export function linearClassifierOnnx(model: Uint8Array, precision: "fp32" | "fp16-cast"): Uint8Array {
  const inits = readFloatInitializers(model);
  const W = inits.W, b = inits.b;
  if (!W || !b || W.dims.length !== 2) throw new Error("linearClassifierOnnx: expected float32 initializers W [features, classes] and b [classes] (the logistic-regression artifact).");
  if (precision !== "fp32" && precision !== "fp16-cast") throw new RangeError(`linearClassifierOnnx: precision must be fp32 or fp16-cast, got "${precision}".`);
  const [F, C] = W.dims as [number, number];
  const g = new OnnxGraphBuilder("linear_classifier").input("features", "float32", ["batch", F]);
  if (precision === "fp32") {
    g.initializer("W", W.data, [F, C]).initializer("b", b.data, [C]);
    g.node("MatMul", ["features", "W"], ["xw"]).node("Add", ["xw", "b"], ["logits"]).node("Softmax", ["logits"], ["probabilities"], { axis: -1 });
  } else {
    g.initializer("W", float32ToFloat16(W.data), [F, C]).initializer("b", float32ToFloat16(b.data), [C]);
    g.node("Cast", ["features"], ["x16"], { to: ONNX_DATA_TYPE.float16 });
    g.node("MatMul", ["x16", "W"], ["xw"]).node("Add", ["xw", "b"], ["logits"]).node("Softmax", ["logits"], ["p16"], { axis: -1 });
    g.node("Cast", ["p16"], ["probabilities"], { to: ONNX_DATA_TYPE.float32 });
  }
  return g.output("probabilities", "float32", ["batch", C]).build({ metadata: { kind: "linear-classifier", precision } });
}

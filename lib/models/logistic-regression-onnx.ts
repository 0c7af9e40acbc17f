import type { LogisticRegression } from "./logistic-regression";
import { OnnxGraphBuilder, type OnnxBuildOptions } from "../onnx/graph-builder";

/**
 * Exports a trained {@link LogisticRegression} as ONNX: input `features` float32 `[batch, nFeatures]`
 * (dense TF-IDF rows), outputs `probabilities` float32 `[batch, nClasses]` (`Softmax(xW + b)`) and
 * `label` int64 `[batch]` (`ArgMax` of the logits). Labels, when the model has them, go into the
 * metadata as JSON under `labels`.
 */
export function logisticRegressionToOnnx(model: LogisticRegression, options: OnnxBuildOptions = {}): Uint8Array {
  if (model.nClasses === 0) throw new Error("logisticRegressionToOnnx: the model is not trained; call fit() first.");
  const { nFeatures: F, nClasses: C } = model;
  return new OnnxGraphBuilder("logistic_regression")
    .input("features", "float32", ["batch", F])
    .initializer("W", model.weights, [F, C])
    .initializer("b", model.bias, [C])
    .node("MatMul", ["features", "W"], ["xw"])
    .node("Add", ["xw", "b"], ["logits"])
    .node("Softmax", ["logits"], ["probabilities"], { axis: -1 })
    .node("ArgMax", ["logits"], ["label"], { axis: 1, keepdims: 0 })
    .output("probabilities", "float32", ["batch", C])
    .output("label", "int64", ["batch"])
    .build({
      ...options,
      metadata: { kind: "logistic-regression", ...(model.labels ? { labels: JSON.stringify(model.labels) } : {}), ...(options.metadata ?? {}) },
    });
}

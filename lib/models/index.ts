// Public API of lib/models: logistic regression and a fastText-style classifier, trained in TypeScript.
export * from "./encode";
export * from "./logistic-regression";
export * from "./lbfgs";
export * from "./softmax-lbfgs";
export * from "./fasttext";
export * from "./tabular";
export * from "./tabular-classifier";
export * from "./tabular-tasks";
export * from "./mlp-classifier";
export * from "./gzip-knn-classifier";
export * from "./logistic-regression-onnx";
export * from "./onnx-parity";
export * from "./logreg-artifact";

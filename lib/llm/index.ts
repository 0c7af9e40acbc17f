// Public API of lib/llm: re-exports its concept files.
export * from "./grad-tensor";
export * from "./matmul-kernels";
export * from "./autograd";
export * from "./adamw";
export * from "./gpt";
export * from "./char-tokenizer";
export * from "./sampling";
export * from "./onnx-decoder";
export * from "./generate";
export * from "./compression";
export * from "./char-model";
export * from "./batching";
export * from "./serving-sim";
export * from "./decode-variants";
export * from "./decode-results";
export * from "./trainer";

// Public API of lib/onnx: an ONNX graph builder (protobufjs), model builders and artifacts.
export * from "./proto";
export * from "./float16";
export * from "./float16-tensor";
export * from "./graph-builder";
export * from "./mlp";
export * from "./artifact";
export * from "./initializers";
export * from "./decoder-config";
export * from "./transformer";

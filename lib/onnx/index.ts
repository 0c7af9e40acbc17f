// Public API of lib/onnx: re-exports its concept files.
export {};

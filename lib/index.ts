/**
 * ML Systems in Production: the course library.
 *
 * Every notebook imports from here (the kernel runs at the repository root, so a cell writes
 * `import { loadDataset, plot } from "./lib";`). Each topic lives in its own folder, one concept per file.
 * @packageDocumentation
 */
export * from "./data";
export * from "./compress";
export * from "./text";
export * from "./models";
export * from "./onnx";
export * from "./serving";
export * from "./metrics";
export * from "./drift";
export * from "./llm";
export * from "./viz";
export * from "./nb";
export * from "./compute";

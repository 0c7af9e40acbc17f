/**
 * ML Systems in Production: the course library.
 *
 * Every notebook imports from here (the kernel runs at the repository root, so a cell writes
 * `import { loadTextSplit, plot } from "./lib/index";`). Each topic lives in its own folder, one concept per file.
 * @packageDocumentation
 */
export * from "./stats/index";
export * from "./schema/index";
export * from "./data/index";
export * from "./compress/index";
export * from "./text/index";
export * from "./models/index";
export * from "./experiments/index";
export * from "./onnx/index";
export * from "./serving/index";
export * from "./metrics/index";
export * from "./drift/index";
export * from "./llm/index";
export * from "./viz/index";
export * from "./nb/index";
export * from "./compute/index";
export * from "./explain/index";
export * from "./objectives/index";
export * from "./gpu/index";
export * from "./structured/index";

/**
 * ML Systems in Production: the course library.
 *
 * Every topic lives in its own folder, one concept per file, with an entry point that notebooks,
 * decks and exercises import from (the kernel runs at the repository root, so a cell writes
 * `import { loadTextSplit } from "./lib/data/index";`). This file gathers them all for the API docs.
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
export * from "./ops/index";
export * from "./results/index";

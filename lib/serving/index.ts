// Public API of lib/serving: model server (Fastify), dynamic micro-batcher, model registry,
// multi-model pool, load-test driver and scaling arithmetic.
export * from "./errors";
export * from "./batcher";
export * from "./text-classifier";
export * from "./model-spec";
export * from "./registry-files";
export * from "./registry-stages";
export * from "./registry-verify";
export * from "./file-lock";
export * from "./registry";
export * from "./registry-seed";
export * from "./model-pool";
export * from "./metrics";
export * from "./server-options";
export * from "./http-errors";
export * from "./admission";
export * from "./http-server";
export * from "./served-models";
export * from "./server";
export * from "./cluster";
export * from "./load-test";
export * from "./serving-sweep";
export * from "./fleet";
export { writeFileAtomic } from "../fs/atomic";
export * from "./overload";
export * from "./cpu-pinning";
export * from "./open-loop";
export * from "./overload-results";

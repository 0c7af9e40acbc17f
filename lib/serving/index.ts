// Public API of lib/serving: model server (Fastify), dynamic micro-batcher, model registry,
// multi-model pool, load-test driver and scaling arithmetic.
export * from "./errors";
export * from "./batcher";
export * from "./text-classifier";
export * from "./registry";
export * from "./model-pool";
export * from "./metrics";
export * from "./server";
export * from "./cluster";
export * from "./load-test";
export * from "./fleet";

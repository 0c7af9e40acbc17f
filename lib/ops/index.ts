// Public API of lib/ops: operating a model after launch — shadow and canary releases with
// guardrails and rollback, A/B tests (sample size, peeking, group-sequential boundaries).
export * from "./sample-size";
export * from "./group-sequential";
export * from "./peeking";
export * from "./ab-test";
export * from "./cusum";
export * from "./canary";
export * from "./canary-sweep";
export * from "./served-model";
export * from "./release-replay";
export * from "./shadow-detection";
export * from "./release-experiment";
export * from "./validation";
export * from "./silent-failures";
export * from "./alerts";
export * from "./alert-experiment";
export * from "./data-versions";
export * from "./poisoning";
export * from "./data-experiment";
export * from "./structured-eval";

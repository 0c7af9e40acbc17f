/**
 * Metrics: summary statistics and histograms, a latency harness and side-by-side comparisons,
 * classification and fairness metrics, and LLM serving metrics (TTFT, ITL, TPOT, goodput).
 * @packageDocumentation
 */
export * from "./percentile";
export * from "./summary";
export * from "./histogram";
export * from "./latency";
export * from "./compare";
export * from "./class-label";
export * from "./confusion-matrix";
export * from "./classification-report";
export * from "./top-k";
export * from "./fairness";
export * from "./calibration";
export * from "./threshold-sweep";
export * from "./llm-trace";
export * from "./llm-serving";
export * from "./batch-sweep";
export * from "./cost-sensitive";

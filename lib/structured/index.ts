// Public API of lib/structured: structured model output (YAML vs JSON tokens, parsing,
// validation, repair, an error model) and the llm-numbers arithmetic.
export * from "./tokens";
export * from "./records";
export * from "./formats";
export * from "./syntax";
export * from "./parse";
export * from "./repair-step";
export * from "./repair";
export * from "./schemas";
export * from "./error-model";
export * from "./repair-eval";
export * from "./llm-numbers";

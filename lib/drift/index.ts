// Public API of lib/drift: re-exports its concept files.
export * from "./numeric";
export * from "./gamma";
export * from "./kolmogorov";
export * from "./ks-test";
export * from "./chi-squared";
export * from "./binning";
export * from "./psi";
export * from "./jensen-shannon";
export * from "./wasserstein";
export * from "./column-drift";
export * from "./report";
export * from "./csv-table";
export * from "./temporal-split";
export * from "./windowed-evaluation";

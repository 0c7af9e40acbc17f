/**
 * Statistics floor, in the manner of d3-array: one pure function per file, NumPy's conventions,
 * used by metrics/, drift/, viz/ and the benches. Sorted copies, binary search, quantiles with
 * NumPy's methods, bin edges and histogram counts, ranks, the ECDF, compensated sums; and the special
 * functions of the statistical tests built on it: the incomplete gamma function (chi-squared p-values) and the
 * standard normal CDF and quantile (A/B tests, sequential boundaries).
 * @packageDocumentation
 */
export * from "./sorted";
export * from "./bisect";
export * from "./quantile";
export * from "./bins";
export * from "./histogram";
export * from "./ranks";
export * from "./ecdf";
export * from "./sum";
export * from "./gamma";
export * from "./normal";

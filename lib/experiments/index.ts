/**
 * Experiments that compare model families: they sit above the families they compare
 * (compress/ for gzip kNN, models/ for the learned baselines), so neither has to know the other.
 * @packageDocumentation
 */
export * from "./learning-curve";
export * from "./edit-distance-curve";

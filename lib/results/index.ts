/**
 * Typed results files: one zod schema per family, a version, and readers and writers whose errors
 * name the command that (re)produces a file. `results/` holds only canonical, committed runs
 * (written with `--save`); everything else goes to `build/results/`.
 * @packageDocumentation
 */
export * from "./family";
export * from "./machine";
export * from "./io";
export * from "./catalogue";
export * from "./gzip";
export * from "./gzip-scaling";
export * from "./baselines";
export * from "./gpu";
export * from "./serving";
export * from "./llm";
export * from "./ops";

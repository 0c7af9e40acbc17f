// Public API of lib/gpu (module 04, GPU serving): models for ceilings and sweeps, roofline
// arithmetic, measured ceilings, the width × batch sweep, keeping data on the device, dynamic
// batching under Poisson load, feeding with a prefetch queue, precision, and node placement.
export * from "./roofline";
export * from "./mlp-variants";
export * from "./ceiling-models";
export * from "./linear-variants";
export * from "./tensors";
export * from "./ceilings";
export * from "./roofline-sweep";
export * from "./device-resident";
export * from "./poisson-load";
export * from "./prefetch";
export * from "./feeding";
export * from "./precision";
export * from "./placement";
export * from "./adapter";
export * from "./recorded";
export * from "./text-data";

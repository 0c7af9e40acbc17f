export * from "./random";
export * from "./paths";
export * from "./manifest";
export * from "./verify";
export * from "./load";
export * from "./sample";
export * from "./frame";
export * from "./summary";

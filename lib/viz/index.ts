export * from "./progress";
export * from "./plot";
export * from "./panels";
export * from "./table";
export * from "./vega";

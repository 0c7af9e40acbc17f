export * from "./progress";
export * from "./plot";
export * from "./table";
export * from "./vega";

export * from "./machine";
export * from "./providers";

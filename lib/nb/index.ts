export * from "./env";
export * from "./kernel";
export * from "./run";
export * from "./html";
export * from "./exercises";

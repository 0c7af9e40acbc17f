export * from "./env";
export * from "./kernel";
export * from "./run";
export * from "./html";
export * from "./exercises";
export * from "./check-runner";
export * from "./check-report";
export * from "./judgement";

export * from "./machine";
export * from "./providers";
export * from "./provider-libraries";

/**
 * Validation helpers shared by every zod boundary: issue paths and messages in words.
 * @packageDocumentation
 */
export * from "./issues";

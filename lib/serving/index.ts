// Public API of lib/serving: re-exports its concept files.
export {};

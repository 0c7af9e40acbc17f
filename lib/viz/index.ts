// Public API of lib/viz: re-exports its concept files.
export {};

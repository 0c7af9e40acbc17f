// Public API of lib/metrics: re-exports its concept files.
export {};

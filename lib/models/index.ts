// Public API of lib/models: re-exports its concept files.
export {};

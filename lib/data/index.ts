// Public API of lib/data: re-exports its concept files.
export {};

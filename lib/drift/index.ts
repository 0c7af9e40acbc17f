// Public API of lib/drift: re-exports its concept files.
export {};

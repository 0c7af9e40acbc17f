// Public API of lib/compress: re-exports its concept files.
export {};

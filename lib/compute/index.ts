// Public API of lib/compute: re-exports its concept files.
export {};

// Public API of lib/nb: re-exports its concept files.
export {};

// Public API of lib/text: re-exports its concept files.
export {};

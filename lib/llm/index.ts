// Public API of lib/llm: re-exports its concept files.
export {};

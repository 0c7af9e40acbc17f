// Public API of lib/fs: the library's one SHA-256 helper and one atomic file write.
export * from "./hash";
export * from "./atomic";

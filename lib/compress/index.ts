// Public API of lib/compress: compressors, NCD, pairwise NCD on all cores, kNN with explicit tie
// policies, bits per character, the resumable gzip-kNN reproduction job, retrieval + re-rank.
export * from "./compressors";
export * from "./ncd";
export * from "./pairwise";
export * from "./knn";
export * from "./bits-per-char";
export * from "./gzip-knn-job";
export * from "./gzip-knn-checkpoint";
export * from "./gzip-knn-merge";
export * from "./shards";
export * from "./scaling";
export * from "./train-set";
export * from "./rerank";
export * from "./anchors";
export * from "./rerank-sweep";
export * from "./ncd-nearest";
export * from "./edit-distance-knn";

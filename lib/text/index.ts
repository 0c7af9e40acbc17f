// Public API of lib/text: tokenizing, n-grams, TF-IDF, hashed n-grams, sparse vectors, retrieval.
export * from "./tokenize";
export * from "./ngrams";
export * from "./sparse";
export * from "./hash";
export * from "./tfidf";
export * from "./retriever";
export * from "./vocabulary-growth";

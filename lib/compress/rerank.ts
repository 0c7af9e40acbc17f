import { createTfidfRetriever, type TfidfOptions } from "../text/index";
import { pairwiseNcd, type PairwiseNcdOptions, type PairwiseNcdResult } from "./pairwise";

/** Options for {@link rerankNcd}. */
export interface RerankNcdOptions extends Omit<PairwiseNcdOptions, "candidates"> {
  /** Candidates per test item from the TF-IDF cosine retriever. Default 100. */
  m?: number;
  /** TF-IDF settings of the retriever (lib/text). Default {@link RERANK_TFIDF_DEFAULTS}. */
  tfidf?: TfidfOptions;
}

/**
 * The retriever's default TF-IDF settings: word unigrams, l2 norm, and sublinear term frequency
 * (1 + log tf), the saturating count retrieval functions such as BM25 use, so a word repeated in a
 * long document does not crowd out the rest. On the full R8 test set, at M = 25 and 50, it lifts
 * fair k=1 from 0.913/0.919 (raw counts) to 0.928/0.925, above the full scan's 0.922.
 */
export const RERANK_TFIDF_DEFAULTS: Readonly<TfidfOptions> = { sublinearTf: true };

/** What {@link rerankNcd} returns: the pairwise result plus the retrieval stage's cost. */
export interface RerankNcdResult extends PairwiseNcdResult {
  /** Candidates per test item. */
  m: number;
  /** Seconds to fit the retriever and retrieve every test item's candidates. */
  retrievalSeconds: number;
}

/**
 * Retrieve, then re-rank: a TF-IDF cosine retriever (lib/text) picks the `m` most similar train
 * items for each test item, and NCD (node:zlib, exact distances) orders only those. Compressions
 * drop from train × test to m × test; the neighbours are the NCD-nearest among the candidates.
 * @example
 * const r = await rerankNcd(testTexts, trainTexts, { m: 100, topK: 10 });
 */
export async function rerankNcd(test: readonly string[], train: readonly string[], options: RerankNcdOptions = {}): Promise<RerankNcdResult> {
  const m = Math.min(options.m ?? 100, train.length);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`rerankNcd: m must be a positive integer, got ${options.m}.`);
  const t0 = performance.now();
  const retriever = createTfidfRetriever(train, options.tfidf ?? RERANK_TFIDF_DEFAULTS);
  const rows = options.rows ? [...options.rows] : test.map((_, i) => i);
  const cands = new Map<number, Int32Array>();
  for (const i of rows) cands.set(i, Int32Array.from(retriever.search(test[i]!, m), (h) => h.index));
  const retrievalSeconds = (performance.now() - t0) / 1000;
  const res = await pairwiseNcd(test, train, { ...options, rows, topK: Math.min(options.topK ?? 100, m), candidates: (i) => cands.get(i)! });
  return { ...res, m, retrievalSeconds, seconds: res.seconds + retrievalSeconds };
}

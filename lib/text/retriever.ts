import { TfidfVectorizer, type TfidfOptions } from "./tfidf";
import type { SparseVector } from "./sparse";

/** One retrieved document: its position in the indexed collection and its cosine score. */
export interface RetrievalHit {
  /** Index of the document in the texts the retriever was built from. */
  index: number;
  /** Cosine similarity of the l2-normalised TF-IDF vectors, in [0, 1]. */
  score: number;
}

/**
 * Cosine top-M retrieval over TF-IDF vectors with an inverted index: the cheap first stage of
 * "retrieve then re-rank" (e.g. re-rank the M candidates by NCD). Documents are l2-normalised, so
 * the dot product is the cosine.
 */
export class TfidfRetriever {
  /** The fitted vectorizer (l2 norm). */
  readonly vectorizer: TfidfVectorizer;
  /** Number of indexed documents. */
  readonly size: number;
  private postDocs: Int32Array[];
  private postW: Float32Array[];

  /**
   * Indexes already-vectorised documents. `docs` must come from `vectorizer` (l2-normalised).
   */
  constructor(vectorizer: TfidfVectorizer, docs: readonly SparseVector[]) {
    if (vectorizer.options.norm !== "l2") throw new Error("TfidfRetriever: the vectorizer must use norm 'l2' so that dot = cosine.");
    this.vectorizer = vectorizer;
    this.size = docs.length;
    const counts = new Int32Array(vectorizer.dim);
    for (const d of docs) for (const f of d.indices) counts[f]!++;
    this.postDocs = Array.from(counts, (c) => new Int32Array(c));
    this.postW = Array.from(counts, (c) => new Float32Array(c));
    const fill = new Int32Array(vectorizer.dim);
    docs.forEach((d, i) => {
      for (let k = 0; k < d.indices.length; k++) {
        const f = d.indices[k]!;
        const p = fill[f]!++;
        this.postDocs[f]![p] = i;
        this.postW[f]![p] = d.values[k]!;
      }
    });
  }

  /**
   * The `m` documents most similar to `query` (a text or a vector from the same vectorizer), best
   * first; equal scores keep collection order. When fewer than `m` documents share a term with the
   * query, the rest are filled with score-0 documents in collection order, so the result always has
   * `min(m, size)` hits.
   */
  search(query: string | SparseVector, m: number): RetrievalHit[] {
    if (!Number.isInteger(m) || m < 1) throw new RangeError(`TfidfRetriever.search: m must be a positive integer, got ${m}.`);
    const q = typeof query === "string" ? this.vectorizer.transform(query) : query;
    const scores = new Float64Array(this.size);
    const seen = new Uint8Array(this.size);
    const touched: number[] = [];
    for (let k = 0; k < q.indices.length; k++) {
      const f = q.indices[k]!;
      const w = q.values[k]!;
      const docs = this.postDocs[f];
      const ws = this.postW[f];
      if (!docs || !ws) continue;
      for (let p = 0; p < docs.length; p++) {
        const d = docs[p]!;
        if (seen[d] === 0) {
          seen[d] = 1;
          touched.push(d);
        }
        scores[d] += w * ws[p]!;
      }
    }
    const cand = touched.filter((d) => scores[d]! > 0);
    cand.sort((a, b) => scores[b]! - scores[a]! || a - b);
    const hits: RetrievalHit[] = cand.slice(0, m).map((d) => ({ index: d, score: scores[d]! }));
    for (let d = 0; hits.length < Math.min(m, this.size) && d < this.size; d++) {
      if (!(scores[d]! > 0)) hits.push({ index: d, score: 0 });
    }
    return hits;
  }

  /** Fits a TF-IDF vectorizer on `texts` (l2 norm forced) and indexes them. */
  static fit(texts: readonly string[], options: TfidfOptions = {}): TfidfRetriever {
    const v = new TfidfVectorizer({ ...options, norm: "l2" }).fit(texts);
    return new TfidfRetriever(v, v.transformMany(texts));
  }
}

/** Shorthand for {@link TfidfRetriever.fit}: build a cosine top-M retriever over `texts`. */
export function createTfidfRetriever(texts: readonly string[], options: TfidfOptions = {}): TfidfRetriever {
  return TfidfRetriever.fit(texts, options);
}

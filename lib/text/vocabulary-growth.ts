import { TfidfVectorizer, type TfidfOptions } from "./tfidf";

/** One point of a vocabulary-growth curve. */
export interface VocabularyPoint {
  /** Documents fitted. */
  documents: number;
  /** Terms in the fitted vocabulary (no `maxFeatures` cap). */
  vocabulary: number;
}

/** A vocabulary-growth curve with its Heaps'-law fit V ≈ K·n^β. */
export interface VocabularyGrowth {
  points: VocabularyPoint[];
  /** Heaps' exponent β (least squares on log V against log n); 1 = every document brings as many new terms. */
  beta: number;
  /** Heaps' constant K. */
  k: number;
}

/**
 * How a TF-IDF vocabulary grows with the training set (the "TF-IDF scaling issue"): fits
 * {@link TfidfVectorizer} on the first n documents for each n in `sizes` and counts the terms,
 * then fits Heaps' law. The vocabulary is the model's input width: a linear model's weights grow with it.
 * @param options vectorizer options; default word unigrams, minDf 1, no cap
 * @throws when fewer than two sizes are given or a size exceeds the documents
 */
export function vocabularyGrowth(texts: readonly string[], sizes: readonly number[], options: TfidfOptions = {}): VocabularyGrowth {
  if (sizes.length < 2) throw new Error("vocabularyGrowth: give at least two sizes to fit a growth curve.");
  const bad = sizes.find((n) => !(Number.isInteger(n) && n > 0 && n <= texts.length));
  if (bad !== undefined) throw new Error(`vocabularyGrowth: size ${bad} must be an integer between 1 and the ${texts.length} documents`);
  const points = sizes.map((n) => ({ documents: n, vocabulary: new TfidfVectorizer({ ...options, maxFeatures: undefined }).fit(texts.slice(0, n)).dim }));
  const xs = points.map((p) => Math.log(p.documents));
  const ys = points.map((p) => Math.log(p.vocabulary));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
  });
  const beta = sxy / sxx;
  return { points, beta, k: Math.exp(my - beta * mx) };
}

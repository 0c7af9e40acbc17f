import type { LogisticRegression } from "../models/logistic-regression";
import { TfidfVectorizer, type TfidfVectorizerJSON } from "../text/tfidf";
import type { ClassPrediction, ServedClassifier } from "../serving/text-classifier";

/** What {@link servedTfidfModel} wraps. */
export interface ServedTfidfModelInput {
  /** Name to serve under (e.g. `"agnews"`). */
  name: string;
  /** Version string (e.g. `"2"`). */
  version: string;
  /** The fitted vectorizer. */
  vectorizer: TfidfVectorizer;
  /** A trained logistic regression over the vectorizer's features. */
  model: LogisticRegression;
  /** Class labels by output index. */
  labels: string[];
}

/**
 * Wraps an in-process TF-IDF + logistic regression (just trained, not exported to ONNX) as a
 * {@link ServedClassifier} the course server can serve (`startServer({ classifiers: [...] })`).
 */
export function servedTfidfModel(input: ServedTfidfModelInput): ServedClassifier {
  const { vectorizer, model, labels } = input;
  return {
    name: input.name,
    version: input.version,
    labels: labels.slice(),
    provider: "none",
    sizeBytes: model.sizeBytes() + vectorizer.dim * 80,
    async predictBatch(texts: readonly string[]): Promise<ClassPrediction[]> {
      return texts.map((t) => {
        const p = model.predictProba(vectorizer.transform(t));
        const probabilities: Record<string, number> = {};
        let best = 0;
        labels.forEach((l, c) => {
          probabilities[l] = p[c]!;
          if (p[c]! > p[best]!) best = c;
        });
        return { label: labels[best]!, probabilities };
      });
    },
    async release(): Promise<void> {},
  };
}

/**
 * A planted, realistic defect: the same fitted vectorizer rebuilt with lower-casing switched off,
 * as when a new preprocessing pipeline forgets a step. Its vocabulary is lower-case, so every
 * capitalised word ("Iraq", "Microsoft", "NFL") silently stops matching.
 */
export function vectorizerWithoutLowercasing(json: TfidfVectorizerJSON): TfidfVectorizer {
  return TfidfVectorizer.fromJSON({ ...json, options: { ...json.options, tokenize: { ...json.options.tokenize, lowercase: false } } });
}

import { knnVote, type TiePolicy } from "../compress/knn";
import { normalizedEditDistance } from "../compress/edit-distance-knn";
import type { LearningCurveMethod } from "./learning-curve";

/** Options of {@link editDistanceKnnCurveMethod}; every field has a default. */
export interface EditDistanceKnnOptions {
  /** Neighbours that vote. Default `1`. */
  k?: number;
  /** Tie policy of the vote. Default `"k1"` (fair: nearest neighbour breaks ties). */
  tie?: TiePolicy;
  /** Compare only the first this many characters of each text (edit distance is O(n·m)). Default `300`. */
  maxChars?: number;
  /** Lower-case both texts first. Default `true`. */
  lowercase?: boolean;
}

/**
 * The bottom rung of Boykis' ladder of alternatives: k nearest neighbours by normalized edit
 * distance over the raw characters, as a {@link LearningCurveMethod}. No training; every
 * prediction compares the text with every training text, so its cost grows linearly with the
 * training set (like gzip-kNN, unlike a trained model).
 */
export function editDistanceKnnCurveMethod(options: EditDistanceKnnOptions = {}): LearningCurveMethod {
  const k = options.k ?? 1;
  const tie = options.tie ?? "k1";
  const max = options.maxChars ?? 300;
  const prep = (t: string): string => (options.lowercase ?? true ? t.toLowerCase() : t).slice(0, max);
  return {
    name: `edit-distance ${k}-NN`,
    fitPredict(train, test) {
      const tr = train.map((r) => prep(r.text));
      return test.map((r) => {
        const q = prep(r.text);
        const d = tr.map((t) => normalizedEditDistance(q, t));
        const order = d.map((_, i) => i).sort((a, b) => d[a]! - d[b]! || a - b).slice(0, k);
        return knnVote(order.map((i) => train[i]!.label), k, tie).label;
      });
    },
  };
}

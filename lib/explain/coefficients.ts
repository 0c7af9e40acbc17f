/**
 * What {@link topNgramsPerClass} reads from a linear classifier: feature-major weights
 * `[nFeatures, nClasses]`, as `LogisticRegression` stores them.
 */
export interface LinearClassifierWeights {
  /** Weights, feature-major `[nFeatures, nClasses]`. */
  weights: Float32Array | Float64Array;
  /** Number of input features. */
  nFeatures: number;
  /** Number of classes. */
  nClasses: number;
  /** Class labels by id, when known. */
  labels?: string[];
}

/** A feature and its weight towards a class. */
export interface WeightedTerm {
  /** The feature's name (an n-gram for text models). */
  term: string;
  /** Its feature id. */
  feature: number;
  /** Weight towards the class (see {@link topNgramsPerClass} for the definition). */
  weight: number;
}

/** The strongest features for and against one class. */
export interface ClassTerms {
  /** Class id. */
  classIndex: number;
  /** Class label (from the options, the model, or the id as text). */
  label: string;
  /** Features pushing towards the class, largest weight first. */
  top: WeightedTerm[];
  /** Features pushing away from it, most negative first. */
  bottom: WeightedTerm[];
}

/** Options of {@link topNgramsPerClass}. */
export interface TopNgramsOptions {
  /** Terms per list. Default `10`. */
  n?: number;
  /** Class labels by id. Default: the model's `labels`, else the ids. */
  labels?: readonly string[];
}

/**
 * Global explanation of a linear text classifier: the n-grams with the largest weights towards
 * (and against) each class. The weight of feature f for class c is its effect on the log-odds of c:
 * with two classes `W[f,c] − W[f,other]` (the binary logistic-regression coefficient); with more,
 * `W[f,c] − mean_k W[f,k]` (softmax weights are only defined up to a per-feature constant, so they
 * are centred). A weight multiplies the feature's value (e.g. its tf·idf), so compare terms of
 * similar frequency, or read it together with how often the term occurs.
 * @param model a trained linear model (e.g. `LogisticRegression`)
 * @param vocabulary feature names by id (e.g. `TfidfVectorizer.vocabulary`); its length must be `model.nFeatures`
 * @param options n (10), labels (model's)
 * @example topNgramsPerClass(lr, vectorizer.vocabulary, { n: 15 })[0].top.map((t) => t.term)
 */
export function topNgramsPerClass(model: LinearClassifierWeights, vocabulary: readonly string[], options: TopNgramsOptions = {}): ClassTerms[] {
  const { nFeatures: F, nClasses: C, weights: W } = model;
  if (!(C >= 2) || W.length !== F * C) throw new RangeError(`topNgramsPerClass: the model must be trained with ≥ 2 classes and weights of size nFeatures × nClasses (got ${W.length} for ${F} × ${C}).`);
  if (vocabulary.length !== F) throw new RangeError(`topNgramsPerClass: the vocabulary has ${vocabulary.length} terms but the model ${F} features; pass the vectorizer the model was trained with.`);
  const n = options.n ?? 10;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`topNgramsPerClass: n must be a positive integer, got ${n}.`);
  const labels = options.labels ?? model.labels;
  if (labels && labels.length !== C) throw new RangeError(`topNgramsPerClass: ${labels.length} labels for ${C} classes.`);
  const out: ClassTerms[] = [];
  for (let c = 0; c < C; c++) {
    const w = new Float64Array(F);
    for (let f = 0; f < F; f++) {
      const row = f * C;
      if (C === 2) w[f] = W[row + c]! - W[row + 1 - c]!;
      else {
        let mean = 0;
        for (let k = 0; k < C; k++) mean += W[row + k]!;
        w[f] = W[row + c]! - mean / C;
      }
    }
    const ids = Array.from({ length: F }, (_, f) => f);
    const byWeight = (a: number, b: number): number => w[b]! - w[a]! || a - b;
    const sorted = ids.sort(byWeight);
    const term = (f: number): WeightedTerm => ({ term: vocabulary[f]!, feature: f, weight: w[f]! });
    const top = sorted.slice(0, n).filter((f) => w[f]! > 0).map(term);
    const bottom = sorted.slice(-n).reverse().filter((f) => w[f]! < 0).map(term);
    out.push({ classIndex: c, label: labels ? labels[c]! : String(c), top, bottom });
  }
  return out;
}

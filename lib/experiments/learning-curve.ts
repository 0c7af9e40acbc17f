import type { LabelledText } from "../data/load";
import { stratifiedSample } from "../data/sample";
import { createRng } from "../data/random";
import { TfidfVectorizer, type TfidfOptions } from "../text/tfidf";
import { LogisticRegression, type LogisticRegressionOptions } from "../models/logistic-regression";
import { FastTextClassifier, type FastTextOptions } from "../models/fasttext";
import { encodeClassLabels } from "../models/encode";
import type { CompressorName } from "../compress/compressors";
import { knnVote, nearestIndices, type TiePolicy } from "../compress/knn";
import { pairwiseNcd } from "../compress/pairwise";

/** A classifier as a learning curve sees it: learn from train rows, predict a label per test row. */
export interface LearningCurveMethod {
  /** Name shown in tables and charts. */
  name: string;
  /** Fits on `train` and returns one predicted label per `test` row, in order. */
  fitPredict(train: readonly LabelledText[], test: readonly LabelledText[]): string[] | Promise<string[]>;
}

/** One point of a learning curve. */
export interface LearningCurvePoint {
  method: string;
  /** Train rows used. */
  trainSize: number;
  /** Accuracy on the test rows. */
  accuracy: number;
  /** Wall-clock seconds of `fitPredict` (a memoizing method only pays for what is new). */
  seconds: number;
  /** CPU seconds of this process (all threads) during `fitPredict`. */
  cpuSeconds: number;
}

/** Options for {@link learningCurve}. */
export interface LearningCurveOptions {
  /** Train-set sizes, e.g. `[250, 500, 1000, 2000]` (each ≤ the train rows). */
  sizes: readonly number[];
  /** Seed of the stratified subsets. Default 42. */
  seed?: number;
  /** Called after each point (e.g. to tick a progress bar). */
  onPoint?: (p: LearningCurvePoint) => void;
}

/**
 * The stratified train subsets a learning curve uses: `stratifiedSample(train, n, { seed })` per
 * size. With one seed each class is a prefix of one fixed shuffle, so the subsets are nested
 * (every smaller subset inside every larger one) whenever the per-class allocation grows with n,
 * as it does for balanced classes.
 */
export function learningCurveSubsets<T extends { label: string }>(train: readonly T[], sizes: readonly number[], seed = 42): T[][] {
  for (const n of sizes) {
    if (!Number.isInteger(n) || n < 1 || n > train.length) {
      throw new RangeError(`learningCurve: train size ${n} must be an integer from 1 to the ${train.length} train rows.`);
    }
  }
  return sizes.map((n) => stratifiedSample(train, n, { seed }));
}

/**
 * Accuracy against training-set size: every method is fitted on each stratified train subset
 * ({@link learningCurveSubsets}) and scored on the same fixed test rows.
 * @example
 * const pts = await learningCurve(train, testSample, [gzipKnnCurveMethod(), tfidfLogRegCurveMethod()], { sizes: [250, 500, 1000] });
 */
export async function learningCurve(
  train: readonly LabelledText[],
  test: readonly LabelledText[],
  methods: readonly LearningCurveMethod[],
  options: LearningCurveOptions,
): Promise<LearningCurvePoint[]> {
  if (test.length === 0) throw new RangeError("learningCurve: no test rows.");
  if (methods.length === 0) throw new RangeError("learningCurve: no methods given.");
  const subsets = learningCurveSubsets(train, options.sizes, options.seed ?? 42);
  const out: LearningCurvePoint[] = [];
  for (const m of methods) {
    for (const sub of subsets) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const pred = await m.fitPredict(sub, test);
      const c = process.cpuUsage(c0);
      if (pred.length !== test.length) throw new Error(`learningCurve: method "${m.name}" returned ${pred.length} predictions for ${test.length} test rows.`);
      const accuracy = pred.filter((p, i) => p === test[i]!.label).length / test.length;
      const p = { method: m.name, trainSize: sub.length, accuracy, seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 };
      out.push(p);
      options.onPoint?.(p);
    }
  }
  return out;
}

/** Options for {@link gzipKnnCurveMethod}. */
export interface GzipKnnCurveOptions {
  /** Neighbours that vote. Default 1. */
  k?: number;
  /** Tie policy (a fair one: `"paper"` does not give one label). Default `"k1"`. */
  policy?: Exclude<TiePolicy, "paper">;
  /** node:zlib format. Default `"gzip"`. */
  compressor?: CompressorName;
  /** Level. Default 9. */
  level?: number;
  /** Worker threads for {@link pairwiseNcd}. Default all cores. */
  workers?: number;
  /** Seed of the `"random"` tie-break. Default 42. */
  seed?: number;
}

/** What {@link gzipKnnCurveMethod} returns: a learning-curve method that remembers distances. */
export interface GzipKnnCurveMethod extends LearningCurveMethod {
  /** Pairs compressed so far by this method (remembered ones are not counted again). */
  pairsComputed(): number;
  /**
   * Seeds the memory with distances already computed elsewhere, e.g. a {@link pairwiseNcd} run
   * with `topK: Infinity` of `test` against `train` (every row must hold the whole train set).
   */
  remember(train: readonly LabelledText[], test: readonly LabelledText[], neighbours: readonly ({ indices: ArrayLike<number>; distances: ArrayLike<number> } | undefined)[]): void;
}

/**
 * gzip kNN as a {@link LearningCurveMethod}. It remembers the NCD of every (test, train) pair it
 * has computed, keyed by the train row, so nested subsets only pay for their new rows; the test
 * rows must stay the same between calls (a different test set clears the memory).
 */
export function gzipKnnCurveMethod(options: GzipKnnCurveOptions = {}): GzipKnnCurveMethod {
  const k = options.k ?? 1;
  const policy = options.policy ?? "k1";
  if ((policy as string) === "paper") throw new Error('gzipKnnCurveMethod: "paper" counting does not predict one label; use "k1", "random" or "decrement".');
  let testRef: readonly LabelledText[] | undefined;
  let memo = new Map<LabelledText, Float64Array>();
  let pairs = 0;
  const store = (train: readonly LabelledText[], nTest: number, neighbours: readonly ({ indices: ArrayLike<number>; distances: ArrayLike<number> } | undefined)[]): void => {
    const cols = train.map(() => new Float64Array(nTest));
    neighbours.forEach((nb, i) => {
      if (!nb || nb.indices.length !== train.length) throw new RangeError(`gzipKnnCurveMethod: row ${i} must hold all ${train.length} train distances (pairwiseNcd with topK: Infinity).`);
      for (let q = 0; q < nb.indices.length; q++) cols[nb.indices[q]!]![i] = nb.distances[q]!;
    });
    train.forEach((r, j) => memo.set(r, cols[j]!));
  };
  return {
    name: `gzip kNN (k=${k}, ${policy})`,
    pairsComputed: () => pairs,
    remember(train, test, neighbours) {
      if (neighbours.length !== test.length) throw new RangeError(`gzipKnnCurveMethod.remember: ${neighbours.length} rows for ${test.length} test items.`);
      if (testRef !== test) {
        testRef = test;
        memo = new Map();
      }
      store(train, test.length, neighbours);
    },
    async fitPredict(train, test) {
      if (train.length < k) throw new RangeError(`gzipKnnCurveMethod: k=${k} needs at least ${k} train rows, got ${train.length}.`);
      if (testRef !== test) {
        testRef = test;
        memo = new Map();
      }
      const fresh = train.filter((r) => !memo.has(r));
      if (fresh.length > 0) {
        const res = await pairwiseNcd(
          test.map((r) => r.text),
          fresh.map((r) => r.text),
          { compressor: options.compressor, level: options.level, topK: Infinity, workers: options.workers },
        );
        pairs += res.pairs;
        store(fresh, test.length, res.neighbours);
      }
      const cols = train.map((r) => memo.get(r)!);
      const rng = createRng(options.seed ?? 42);
      return test.map((_, i) => {
        const nb = nearestIndices(Float64Array.from(cols, (c) => c[i]!), k);
        return knnVote(Array.from(nb, (j) => train[j]!.label), k, policy, rng).label;
      });
    },
  };
}

/**
 * TF-IDF + logistic regression (lib/text, lib/models) as a {@link LearningCurveMethod}, with the
 * settings of `scripts/train-baselines.ts` by default (word 1–2-grams, sublinear tf, minDf 2,
 * L-BFGS to convergence at C = 10).
 */
export function tfidfLogRegCurveMethod(
  tfidf: TfidfOptions = { analyzer: "word", ngramRange: [1, 2], sublinearTf: true, minDf: 2, maxFeatures: 50_000 },
  logreg: LogisticRegressionOptions = { optimizer: "lbfgs", C: 10 },
): LearningCurveMethod {
  return {
    name: "TF-IDF + logistic regression",
    fitPredict(train, test) {
      const { y, classes } = encodeClassLabels(train.map((r) => r.label));
      const texts = train.map((r) => r.text);
      // minDf 2 can leave nothing on a tiny subset: fall back to minDf 1 there
      let vec: TfidfVectorizer;
      try {
        vec = new TfidfVectorizer(tfidf).fit(texts);
      } catch {
        vec = new TfidfVectorizer({ ...tfidf, minDf: 1 }).fit(texts);
      }
      const m = new LogisticRegression(logreg).fit(vec.transformMany(texts), y, vec.dim, classes.length);
      return test.map((r) => classes[m.predict(vec.transform(r.text))]!);
    },
  };
}

/** The fastText-style classifier (lib/models) as a {@link LearningCurveMethod}; defaults as `scripts/train-baselines.ts`. */
export function fastTextCurveMethod(options: FastTextOptions = { seed: 42 }): LearningCurveMethod {
  return {
    name: "fastText-style (hashed bigrams)",
    fitPredict(train, test) {
      const { y, classes } = encodeClassLabels(train.map((r) => r.label));
      const m = new FastTextClassifier(options).fit(
        train.map((r) => r.text),
        y,
        classes.length,
      );
      return test.map((r) => classes[m.predict(r.text)]!);
    },
  };
}

import { createRng, type Rng } from "../data/random";

/**
 * How a k-nearest-neighbour vote settles a tie between labels with the same number of votes:
 * - `"paper"`: the official gzip-kNN code's counting: an item counts as correct when its true
 *   label is among the labels tied for most votes (at k=2 this is top-2 accuracy, not a classifier);
 * - `"k1"`: fair, nearest-neighbour tie-break: of the tied labels, the one held by the nearest
 *   neighbour wins (at k=1 this is plain 1-NN, the fair k=1 figure);
 * - `"random"`: fair, a seeded random pick among the tied labels;
 * - `"decrement"`: fair, lower k by one until the tie breaks (k=2 then equals k=1).
 */
export type TiePolicy = "paper" | "k1" | "random" | "decrement";

/** Every {@link TiePolicy}. */
export const TIE_POLICIES: readonly TiePolicy[] = ["paper", "k1", "random", "decrement"];

/** The outcome of one kNN vote. */
export interface KnnVote {
  /** The predicted label (for `"paper"`: the tied label with the nearest neighbour, for display only). */
  label: string;
  /** Labels tied for most votes among the k nearest, nearest-first (one label when there is no tie). */
  tied: string[];
  /** The k the vote was finally taken at (smaller than asked only with `"decrement"`). */
  k: number;
}

/** Checks a policy name. @throws Error listing the valid policies */
export function checkTiePolicy(policy: string): TiePolicy {
  if (!(TIE_POLICIES as readonly string[]).includes(policy)) {
    throw new Error(`Unknown tie policy "${policy}": use one of ${TIE_POLICIES.join(", ")}.`);
  }
  return policy as TiePolicy;
}

function tally(labels: readonly string[], k: number): string[] {
  // counts and first (nearest) rank per label; returns the labels tied for the most votes, nearest first
  const count = new Map<string, number>();
  for (let i = 0; i < k; i++) count.set(labels[i]!, (count.get(labels[i]!) ?? 0) + 1);
  let max = 0;
  for (const c of count.values()) if (c > max) max = c;
  const tied: string[] = [];
  for (let i = 0; i < k; i++) {
    const l = labels[i]!;
    if (count.get(l) === max && !tied.includes(l)) tied.push(l);
  }
  return tied;
}

/**
 * Takes a kNN vote over neighbour labels given nearest first.
 * @param neighbourLabels labels of the nearest train items, nearest first (at least `k` of them)
 * @param k how many neighbours vote (≥ 1)
 * @param policy tie policy, see {@link TiePolicy}
 * @param rng generator for `"random"` (default `createRng(42)`; pass one shared generator for a sequence of votes)
 * @example
 * knnVote(["a", "b", "c"], 2, "paper").tied; // ["a", "b"]: "paper" counts the item correct if its label is a or b
 */
export function knnVote(neighbourLabels: readonly string[], k: number, policy: TiePolicy, rng?: Rng): KnnVote {
  checkTiePolicy(policy);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`knnVote: k must be a positive integer, got ${k}.`);
  if (neighbourLabels.length < k) {
    throw new RangeError(`knnVote: k=${k} but only ${neighbourLabels.length} neighbours were given; keep more neighbours (topK) or lower k.`);
  }
  let kk = k;
  let tied = tally(neighbourLabels, kk);
  if (policy === "decrement") {
    while (tied.length > 1 && kk > 1) tied = tally(neighbourLabels, --kk);
    return { label: tied[0]!, tied, k: kk };
  }
  if (policy === "random" && tied.length > 1) {
    const r = rng ?? createRng(42);
    return { label: tied[r.int(tied.length)]!, tied, k: kk };
  }
  return { label: tied[0]!, tied, k: kk };
}

/** Neighbour lists: for each test item, train indices nearest first (e.g. from {@link pairwiseNcd}). */
export type NeighbourLists = readonly (ArrayLike<number> | undefined)[];

/** Options for {@link knnAccuracy} and {@link knnEvaluate}. */
export interface KnnAccuracyOptions {
  /** Seed of the `"random"` tie-break generator (one generator per (policy, k), items in order). Default 42. */
  seed?: number;
}

/**
 * Accuracy of kNN over precomputed neighbour lists. With `"paper"` an item is correct when its
 * label is among the tied labels; with the fair policies when the single predicted label is right.
 * @param neighbours per test item, train indices nearest first
 * @param trainLabels label of each train item
 * @param testLabels true label of each test item
 */
export function knnAccuracy(
  neighbours: NeighbourLists,
  trainLabels: readonly string[],
  testLabels: readonly string[],
  k: number,
  policy: TiePolicy,
  options: KnnAccuracyOptions = {},
): number {
  if (neighbours.length !== testLabels.length) {
    throw new RangeError(`knnAccuracy: ${neighbours.length} neighbour lists but ${testLabels.length} test labels.`);
  }
  if (neighbours.length === 0) throw new RangeError("knnAccuracy: no test items.");
  const rng = createRng(options.seed ?? 42);
  let correct = 0;
  neighbours.forEach((nb, i) => {
    if (!nb) throw new RangeError(`knnAccuracy: test item ${i} has no neighbour list (was the run complete?).`);
    const labels: string[] = [];
    for (let j = 0; j < Math.min(k, nb.length); j++) labels.push(trainLabels[nb[j]!]!);
    const v = knnVote(labels, k, policy, rng);
    const truth = testLabels[i]!;
    if (policy === "paper" ? v.tied.includes(truth) : v.label === truth) correct++;
  });
  return correct / neighbours.length;
}

/** Accuracy per tie policy and k: `result[policy][k]`. */
export type KnnAccuracyTable = Record<string, Record<string, number>>;

/**
 * {@link knnAccuracy} for every policy × k.
 * @example
 * knnEvaluate(nb, trainLabels, testLabels, { ks: [1, 2], policies: ["paper", "k1"] }).paper["2"];
 */
export function knnEvaluate(
  neighbours: NeighbourLists,
  trainLabels: readonly string[],
  testLabels: readonly string[],
  options: KnnAccuracyOptions & { ks?: readonly number[]; policies?: readonly TiePolicy[] } = {},
): KnnAccuracyTable {
  const out: KnnAccuracyTable = {};
  for (const p of options.policies ?? TIE_POLICIES) {
    out[p] = {};
    for (const k of options.ks ?? [1, 2, 3]) out[p]![String(k)] = knnAccuracy(neighbours, trainLabels, testLabels, k, p, options);
  }
  return out;
}

/**
 * Indices of the `k` smallest distances, nearest first (equal distances: lower index first).
 * Turns a row of a distance matrix into a neighbour list.
 */
export function nearestIndices(distances: ArrayLike<number>, k: number = distances.length): Int32Array {
  const idx = Int32Array.from({ length: distances.length }, (_, i) => i);
  idx.sort((a, b) => distances[a]! - distances[b]! || a - b);
  return idx.slice(0, Math.min(k, idx.length));
}

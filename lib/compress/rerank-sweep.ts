import type { LabelledText } from "../data/load";
import { knnAccuracy, knnVote } from "./knn";
import { pairwiseNcd, type NcdNeighbours } from "./pairwise";
import { rerankNcd } from "./rerank";

/** One row of {@link rerankSweep}: a candidate count M (or the full scan) and what it cost and scored. */
export interface RerankSweepRow {
  /** Candidates per test item; `null` for the full scan (every train item). */
  m: number | null;
  /** Compressions: train + test texts once each, plus one per (test, candidate) pair. */
  compressions: number;
  /** Fair 1-NN accuracy. */
  fairK1: number;
  /** The paper's counting at k=2 (top-2). */
  paperK2: number;
  /** Wall-clock seconds (retrieval included). */
  seconds: number;
  /** CPU seconds of this process, all threads (retrieval included). */
  cpuSeconds: number;
}

/** Options for {@link rerankSweep}. */
export interface RerankSweepOptions {
  /** Candidate counts to try. Default `[10, 25, 50, 100, 200]`. */
  ms?: readonly number[];
  /** Also run the full scan (every train item) as the reference row. Default true. */
  full?: boolean;
  /** Worker threads. Default all cores. */
  workers?: number;
}

/**
 * Accuracy against compute for retrieve + re-rank ({@link rerankNcd}): one row per M plus the
 * full scan, each with its compressions, time, fair k=1 and paper k=2 accuracy.
 */
export async function rerankSweep(train: readonly LabelledText[], test: readonly LabelledText[], options: RerankSweepOptions = {}): Promise<RerankSweepRow[]> {
  const trainT = train.map((r) => r.text);
  const testT = test.map((r) => r.text);
  const trainL = train.map((r) => r.label);
  const testL = test.map((r) => r.label);
  const score = (nb: (NcdNeighbours | undefined)[]): { fairK1: number; paperK2: number } => {
    const lists = nb.map((n) => n!.indices);
    return { fairK1: knnAccuracy(lists, trainL, testL, 1, "k1"), paperK2: knnAccuracy(lists, trainL, testL, 2, "paper") };
  };
  const rows: RerankSweepRow[] = [];
  const timed = async (m: number | null): Promise<void> => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const res = m === null
      ? await pairwiseNcd(testT, trainT, { topK: 2, workers: options.workers })
      : await rerankNcd(testT, trainT, { m, topK: 2, workers: options.workers });
    const c = process.cpuUsage(c0);
    const mm = m === null ? train.length : Math.min(m, train.length);
    rows.push({ m, compressions: train.length + test.length + mm * test.length, ...score(res.neighbours), seconds: (performance.now() - t0) / 1000, cpuSeconds: (c.user + c.system) / 1e6 });
  };
  for (const m of options.ms ?? [10, 25, 50, 100, 200]) {
    if (!Number.isInteger(m) || m < 2) throw new RangeError(`rerankSweep: every M must be an integer ≥ 2, got ${m}.`);
    await timed(m);
  }
  if (options.full !== false) await timed(null);
  return rows;
}

/** A test item whose two nearest neighbours disagree: the case where the paper's counting and a fair vote part ways. */
export interface KnnTieExample {
  /** Test index. */
  i: number;
  /** The true label. */
  truth: string;
  /** Nearest and second-nearest train indices. */
  neighbours: [number, number];
  /** Their labels. */
  labels: [string, string];
  /** Paper counting at k=2: correct when either tied label is the truth. */
  paperCorrect: boolean;
  /** Fair k=2 (nearest neighbour breaks the tie, = 1-NN): correct when the nearest label is the truth. */
  fairCorrect: boolean;
}

/**
 * The test items whose two nearest neighbours carry different labels (a 1–1 tie at k=2), with
 * how the paper's counting and the fair tie-break score each. Items the paper counts correct and
 * the fair vote does not come first.
 * @param neighbours per test item, train indices nearest first (at least two)
 */
export function findKnnTies(neighbours: readonly (ArrayLike<number> | undefined)[], trainLabels: readonly string[], testLabels: readonly string[]): KnnTieExample[] {
  const out: KnnTieExample[] = [];
  neighbours.forEach((nb, i) => {
    if (!nb || nb.length < 2) throw new RangeError(`findKnnTies: test item ${i} needs at least two neighbours.`);
    const labels: [string, string] = [trainLabels[nb[0]!]!, trainLabels[nb[1]!]!];
    if (labels[0] === labels[1]) return;
    const truth = testLabels[i]!;
    const paper = knnVote(labels, 2, "paper");
    const fair = knnVote(labels, 2, "k1");
    out.push({ i, truth, neighbours: [nb[0]!, nb[1]!], labels, paperCorrect: paper.tied.includes(truth), fairCorrect: fair.label === truth });
  });
  const rank = (t: KnnTieExample): number => (t.paperCorrect && !t.fairCorrect ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.i - b.i);
}

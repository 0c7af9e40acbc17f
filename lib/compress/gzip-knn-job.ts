import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import { createHash } from "node:crypto";
import { loadTextSplit, type LabelledText } from "../data/load";
import { repoRoot } from "../data/paths";
import { describeMachine, type MachineDescription } from "../compute/machine";
import { createProgress } from "../viz/progress";
import { resolveCompressorSpec, type CompressorName } from "./compressors";
import { knnEvaluate, checkTiePolicy, TIE_POLICIES, type KnnAccuracyTable, type TiePolicy } from "./knn";
import { pairwiseNcd, type NcdNeighbours, type PairwiseNcdOptions } from "./pairwise";
import { rerankNcd, RERANK_TFIDF_DEFAULTS } from "./rerank";
import type { TfidfOptions } from "../text/index";

/** Options for {@link runGzipKnn}. */
export interface GzipKnnOptions {
  /** Dataset name for `loadTextSplit` (`"r8"`, `"r52"`, `"20newsgroups"`, `"ohsumed"`, `"ag_news"`), or a label when `train`/`test` are given. */
  dataset: string;
  /** Train rows to use instead of loading `dataset`'s train split. */
  train?: readonly LabelledText[];
  /** Test rows to use instead of loading `dataset`'s test split. */
  test?: readonly LabelledText[];
  /** node:zlib format. Default `"gzip"` (the paper's). */
  compressor?: CompressorName;
  /** Level 0..9. Default 9 (the paper's). */
  level?: number;
  /** Values of k to report. Default `[1, 2, 3]`. */
  ks?: readonly number[];
  /** Tie policies to report. Default all four. */
  policies?: readonly TiePolicy[];
  /** Use only the first N train rows (deterministic). Default: all. */
  trainLimit?: number;
  /** Use only the first M test rows (deterministic). Default: all. */
  testLimit?: number;
  /** Nearest neighbours stored per test item (in the checkpoint and for the vote). Default 100. */
  topK?: number;
  /** Worker threads. Default all cores. */
  workers?: number;
  /** Where checkpoints go. Default `<repo>/.checkpoints/gzip-knn` (gitignored). `null`: no checkpoint. */
  checkpointDir?: string | null;
  /** Continue from a matching checkpoint. Default true. */
  resume?: boolean;
  /** Show progress with an ETA (bar, notebook display or log lines). Default true. */
  progress?: boolean;
  /** Seed of the `"random"` tie-break. Default 42. */
  seed?: number;
  /** Retrieve + re-rank: NCD only on the top M train items by TF-IDF cosine (see {@link rerankNcd}). Default: off (all train items). */
  rerank?: number;
  /** Approximate prefix reuse (preset dictionary x + " "), see {@link PairwiseNcdOptions.prefix}. Default false. */
  prefix?: boolean;
  /** Stop after this many new test rows (the run stays resumable); for splitting long jobs and for tests. Default: no limit. */
  maxRows?: number;
}

/** The record a run produces (what `scripts/gzip-knn.ts` writes to `results/gzip-knn/`). */
export interface GzipKnnResult {
  /** Dataset name (or the label given with custom rows). */
  dataset: string;
  /** node:zlib format used. */
  compressor: CompressorName;
  /** Compression level used. */
  level: number;
  /** Implementation and version, e.g. `"node:zlib 1.3.1-e00f703"`. */
  engine: string;
  /** How the pair is joined before compressing. */
  concatenation: string;
  /** Train rows used. */
  trainRows: number;
  /** Test rows used. */
  testRows: number;
  /** Neighbours kept per test item. */
  topK: number;
  /** Candidates per test item when retrieve + re-rank was used, else null. */
  rerankM: number | null;
  /** The retriever's TF-IDF settings when retrieve + re-rank was used, else null. */
  retriever: TfidfOptions | null;
  /** True when the approximate prefix-reuse kernel was used. */
  prefix: boolean;
  /** True when every test row is done (accuracies are only given then). */
  complete: boolean;
  /** `accuracy[policy][k]`, or null while incomplete. */
  accuracy: KnnAccuracyTable | null;
  /** Test rows computed in this run. */
  rowsThisRun: number;
  /** Test rows taken from the checkpoint. */
  rowsResumed: number;
  /** Compressions done in this run (C(x) of every text once, plus one per pair). */
  compressionsThisRun: number;
  /** Compressions the whole job needs: train + test + train × test (× M instead of train with re-ranking). */
  compressionsTotal: number;
  /** Pairs per second of wall time in this run. */
  pairsPerSecond: number;
  /** Pairs per second per worker thread. */
  pairsPerSecondPerCore: number;
  /** Worker threads used (0 when nothing was left to compute). */
  workers: number;
  /** Wall-clock seconds of this run. */
  wallSeconds: number;
  /** CPU seconds this process (all its threads) used in this run: on a shared machine, pairs per CPU second is the fairer speed. */
  cpuSeconds: number;
  /** Pairs per CPU second in this run. */
  pairsPerCpuSecond: number;
  /** Checkpoint file, when one was used. */
  checkpoint: string | null;
  /** Seed of the random tie-break. */
  seed: number;
  /** The machine that ran it. */
  machine: MachineDescription;
}

/** First line of a checkpoint file: the configuration it belongs to (a mismatch starts afresh). @internal */
export interface CheckpointHeader {
  kind: "gzip-knn-checkpoint";
  version: 2;
  dataset: string;
  compressor: string;
  level: number;
  trainRows: number;
  testRows: number;
  topK: number;
  rerankM: number | null;
  retriever: TfidfOptions | null;
  prefix: boolean;
  dataHash: string;
}

function dataHash(train: readonly LabelledText[], test: readonly LabelledText[]): string {
  const h = createHash("sha1");
  for (const r of train) h.update(r.label).update("\t").update(r.text).update("\n");
  h.update("\u0000");
  for (const r of test) h.update(r.label).update("\t").update(r.text).update("\n");
  return h.digest("hex").slice(0, 16);
}

/**
 * Reads a checkpoint: the header must match, complete lines are kept, a torn last line is ignored.
 * @internal
 */
export function readGzipKnnCheckpoint(file: string, header: CheckpointHeader): Map<number, NcdNeighbours> {
  const done = new Map<number, NcdNeighbours>();
  if (!fs.existsSync(file)) return done;
  const lines = fs.readFileSync(file, "utf8").split("\n");
  let head: unknown;
  try {
    head = JSON.parse(lines[0] ?? "");
  } catch {
    return done;
  }
  if (JSON.stringify(head) !== JSON.stringify(header)) return done;
  for (const line of lines.slice(1)) {
    if (!line) continue;
    try {
      const r = JSON.parse(line) as { i: number; n: number[]; d: number[] };
      if (Number.isInteger(r.i) && r.n.length === r.d.length) done.set(r.i, { indices: Int32Array.from(r.n), distances: Float64Array.from(r.d) });
    } catch {
      /* a line cut short by an interruption: recomputed */
    }
  }
  return done;
}

function limitRows<T>(rows: readonly T[], limit: number | undefined, what: string): T[] {
  if (limit === undefined) return rows.slice();
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`--${what}-limit must be a positive integer, got ${limit}.`);
  return rows.slice(0, limit);
}

/** Checkpoint file name of a configuration. @internal */
export function gzipKnnCheckpointName(h: CheckpointHeader): string {
  return `${h.dataset}-${h.compressor}-${h.level}${h.prefix ? "-prefix" : ""}${h.rerankM ? `-rerank${h.rerankM}` : ""}-tr${h.trainRows}-te${h.testRows}-top${h.topK}-${h.dataHash}.jsonl`;
}

/**
 * The paper's experiment as a resumable batch job: every test item against the whole train set
 * (or the first N/M rows), NCD with node:zlib over all cores, the `topK` nearest neighbours of
 * each test item checkpointed as rows finish, then kNN accuracy per tie policy and k.
 * An interrupted run started again with the same settings continues where it stopped.
 * @example
 * const r = await runGzipKnn({ dataset: "r8", testLimit: 100, trainLimit: 1000 });
 * r.accuracy?.k1["1"]; // fair 1-NN accuracy
 */
export async function runGzipKnn(options: GzipKnnOptions): Promise<GzipKnnResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const spec = resolveCompressorSpec({ name: options.compressor, level: options.level });
  const policies = (options.policies ?? TIE_POLICIES).map((p) => checkTiePolicy(p));
  const ks = [...(options.ks ?? [1, 2, 3])];
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}.`);
  const topK = options.topK ?? 100;
  if (options.rerank !== undefined && (!Number.isInteger(options.rerank) || options.rerank < Math.max(...ks))) {
    throw new RangeError(`rerank (M) must be an integer ≥ the largest k (${Math.max(...ks)}), got ${options.rerank}.`);
  }
  if (Math.max(...ks) > topK) throw new RangeError(`k=${Math.max(...ks)} is larger than topK=${topK}: raise topK.`);
  const train = limitRows(options.train ?? (await loadTextSplit(options.dataset, "train")), options.trainLimit, "train");
  const test = limitRows(options.test ?? (await loadTextSplit(options.dataset, "test")), options.testLimit, "test");
  const header: CheckpointHeader = {
    kind: "gzip-knn-checkpoint",
    version: 2,
    dataset: options.dataset,
    compressor: spec.name,
    level: spec.level,
    trainRows: train.length,
    testRows: test.length,
    topK: Math.min(topK, train.length, options.rerank ?? Infinity),
    rerankM: options.rerank ?? null,
    retriever: options.rerank ? { ...RERANK_TFIDF_DEFAULTS } : null,
    prefix: options.prefix === true,
    dataHash: dataHash(train, test),
  };
  const dir = options.checkpointDir === undefined ? path.join(repoRoot(), ".checkpoints", "gzip-knn") : options.checkpointDir;
  const file = dir === null ? null : path.join(dir, gzipKnnCheckpointName(header));
  const done = file && options.resume !== false ? readGzipKnnCheckpoint(file, header) : new Map<number, NcdNeighbours>();
  const resumed = done.size;
  if (file) {
    fs.mkdirSync(dir!, { recursive: true });
    // rewrite the file with only the rows kept (drops a torn line or a stale configuration)
    const lines = [JSON.stringify(header)];
    for (const [i, nb] of [...done.entries()].sort((a, b) => a[0] - b[0])) lines.push(JSON.stringify({ i, n: [...nb.indices], d: [...nb.distances] }));
    fs.writeFileSync(file, lines.join("\n") + "\n");
  }
  let todo = test.map((_, i) => i).filter((i) => !done.has(i));
  if (options.maxRows !== undefined) todo = todo.slice(0, Math.max(0, options.maxRows));
  const progress =
    options.progress === false || todo.length === 0
      ? undefined
      : createProgress({ total: test.length * train.length, start: resumed * train.length, label: `gzip-knn ${options.dataset} ${spec.name}-${spec.level}`, unit: "pairs" });
  const workers = options.workers ?? (os.availableParallelism?.() ?? os.cpus().length);
  const common: PairwiseNcdOptions = {
    compressor: spec.name,
    level: spec.level,
    topK,
    workers,
    prefix: options.prefix === true,
    rows: todo,
    onRows: (rows) => {
      for (const r of rows) done.set(r.i, r.neighbours);
      if (file) fs.appendFileSync(file, rows.map((r) => JSON.stringify({ i: r.i, n: [...r.neighbours.indices], d: [...r.neighbours.distances] })).join("\n") + "\n");
      progress?.tick(rows.length * train.length);
    },
  };
  const testTexts = test.map((r) => r.text);
  const trainTexts = train.map((r) => r.text);
  const run = options.rerank ? await rerankNcd(testTexts, trainTexts, { ...common, m: options.rerank, tfidf: header.retriever ?? undefined }) : await pairwiseNcd(testTexts, trainTexts, common);
  progress?.finish();
  const complete = done.size === test.length;
  const seed = options.seed ?? 42;
  const accuracy = complete
    ? knnEvaluate(
        test.map((_, i) => done.get(i)!.indices),
        train.map((r) => r.label),
        test.map((r) => r.label),
        { ks, policies, seed },
      )
    : null;
  const wall = (performance.now() - t0) / 1000;
  const cpuUsed = process.cpuUsage(cpu0);
  const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  const usedWorkers = todo.length === 0 ? 0 : run.workers;
  return {
    dataset: options.dataset,
    compressor: spec.name,
    level: spec.level,
    engine: `node:zlib ${process.versions.zlib}`,
    concatenation: 'x + " " + y (test item first, as the paper\'s code)',
    trainRows: train.length,
    testRows: test.length,
    topK: header.topK,
    rerankM: header.rerankM,
    retriever: header.retriever,
    prefix: header.prefix,
    complete,
    accuracy,
    rowsThisRun: todo.length,
    rowsResumed: resumed,
    compressionsThisRun: todo.length === 0 ? 0 : run.compressions,
    compressionsTotal: train.length + test.length + Math.min(train.length, options.rerank ?? Infinity) * test.length,
    pairsPerSecond: run.seconds > 0 ? run.pairs / run.seconds : 0,
    pairsPerSecondPerCore: run.seconds > 0 && usedWorkers > 0 ? run.pairs / run.seconds / usedWorkers : run.seconds > 0 ? run.pairs / run.seconds : 0,
    workers: usedWorkers,
    wallSeconds: wall,
    cpuSeconds,
    pairsPerCpuSecond: cpuSeconds > 0 ? run.pairs / cpuSeconds : 0,
    checkpoint: file,
    seed,
    machine: describeMachine(),
  };
}

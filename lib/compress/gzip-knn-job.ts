import * as fs from "node:fs";
import * as path from "node:path";
import * as os from "node:os";
import { loadTextSplit, type LabelledText } from "../data/load";
import { loadTrainSet } from "./train-set";
import { repoRoot } from "../data/paths";
import { describeMachine, type MachineDescription } from "../compute/machine";
import { createProgress } from "../viz/progress";
import { resolveCompressorSpec, type CompressorName } from "./compressors";
import { knnEvaluate, checkTiePolicy, TIE_POLICIES, type KnnAccuracyTable, type TiePolicy } from "./knn";
import { pairwiseNcd, type NcdNeighbours, type PairwiseNcdOptions } from "./pairwise";
import { rerankNcd, RERANK_TFIDF_DEFAULTS } from "./rerank";
import type { TfidfOptions } from "../text/index";
import { gzipKnnDataHash, gzipKnnCheckpointName, readGzipKnnCheckpoint, writeGzipKnnCheckpoint, formatCheckpointRow, type CheckpointHeader, type RejectedCheckpointRow } from "./gzip-knn-checkpoint";
import { gzipKnnShardRows, checkShardSpec, SHARD_SPLIT_RULE, type ShardSpec } from "./shards";

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
  /** Which split of `dataset` is the train set: `"train"`, or `"train_full"` (AG News's complete 120,000 rows, when fetched). Default `"train"`. */
  trainSplit?: string;
  /** Score only this shard's share of the test rows ({@link gzipKnnShardRows}); its checkpoint is the shard file that {@link mergeGzipKnnShards} combines. Default: all rows. */
  shard?: ShardSpec;
}

/** The record a run produces (what `scripts/gzip-knn.ts` writes to `build/gzip-knn/`, or `results/gzip-knn/` with `--save`). */
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
  /** The dataset split used as the train set (`"train"`; `"train_full"` for AG News's complete train set). */
  trainSplit: string;
  /** The shard this run scored (`rows`: how many test rows it holds), or null for a whole run or a merge. */
  shard: (ShardSpec & { rows: number }) | null;
  /** Checkpoint lines that failed validation and were recomputed (line number and reason). */
  checkpointRejected: RejectedCheckpointRow[];
  /** For a merge: each shard's accumulated run time (wall, CPU seconds, pairs); null otherwise. */
  mergedShards: ShardTiming[] | null;
}

/** Accumulated cost of one shard's runs (kept beside its shard file as `<file>.timing.json`). */
export interface ShardTiming {
  /** 0-based shard index. */
  index: number;
  /** Runs that computed rows (a resumed shard has several). */
  runs: number;
  /** Wall-clock seconds over those runs. */
  wallSeconds: number;
  /** CPU seconds over those runs. */
  cpuSeconds: number;
  /** Pairs computed over those runs. */
  pairs: number;
}

function limitRows<T>(rows: readonly T[], limit: number | undefined, what: string): T[] {
  if (limit === undefined) return rows.slice();
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`--${what}-limit must be a positive integer, got ${limit}.`);
  return rows.slice(0, limit);
}


/** What a job's settings resolve to (data loaded, checkpoint header without a shard). @internal */
export interface PreparedGzipKnn {
  train: LabelledText[];
  test: LabelledText[];
  ks: number[];
  policies: TiePolicy[];
  topK: number;
  header: CheckpointHeader;
  seed: number;
}

/** Resolves and checks a job's settings and loads its rows (shared by a run and a merge). @internal */
export async function prepareGzipKnn(options: GzipKnnOptions): Promise<PreparedGzipKnn> {
  const spec = resolveCompressorSpec({ name: options.compressor, level: options.level });
  const policies = (options.policies ?? TIE_POLICIES).map((p) => checkTiePolicy(p));
  const ks = [...(options.ks ?? [1, 2, 3])];
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}.`);
  const topK = options.topK ?? 100;
  if (options.rerank !== undefined && (!Number.isInteger(options.rerank) || options.rerank < Math.max(...ks))) {
    throw new RangeError(`rerank (M) must be an integer ≥ the largest k (${Math.max(...ks)}), got ${options.rerank}.`);
  }
  if (Math.max(...ks) > topK) throw new RangeError(`k=${Math.max(...ks)} is larger than topK=${topK}: raise topK.`);
  if (options.shard) checkShardSpec(options.shard);
  const trainSplit = options.trainSplit ?? "train";
  const train = limitRows(options.train ?? (trainSplit === "train_full" ? (await loadTrainSet(options.dataset, "full")).rows : await loadTextSplit(options.dataset, trainSplit)), options.trainLimit, "train");
  const test = limitRows(options.test ?? (await loadTextSplit(options.dataset, "test")), options.testLimit, "test");
  const header: CheckpointHeader = {
    kind: "gzip-knn-checkpoint",
    version: 3,
    dataset: options.dataset,
    trainSplit,
    compressor: spec.name,
    level: spec.level,
    trainRows: train.length,
    testRows: test.length,
    topK: Math.min(topK, train.length, options.rerank ?? Infinity),
    rerankM: options.rerank ?? null,
    retriever: options.rerank ? { ...RERANK_TFIDF_DEFAULTS } : null,
    prefix: options.prefix === true,
    dataHash: gzipKnnDataHash(train, test),
    shard: null,
  };
  return { train, test, ks, policies, topK, header, seed: options.seed ?? 42 };
}

/** The header of shard `index` of `count` for prepared settings. @internal */
export function shardHeader(p: PreparedGzipKnn, shard: ShardSpec, rows: number): CheckpointHeader {
  return { ...p.header, shard: { index: shard.index, count: shard.count, rows, rule: SHARD_SPLIT_RULE } };
}

/** Default folder of checkpoints (unsharded runs): `<repo>/.checkpoints/gzip-knn` (gitignored). */
export function defaultGzipKnnCheckpointDir(): string {
  return path.join(repoRoot(), ".checkpoints", "gzip-knn");
}

/**
 * The paper's experiment as a resumable batch job: every test item against the whole train set
 * (or the first N/M rows), NCD with node:zlib over all cores, the `topK` nearest neighbours of
 * each test item checkpointed as rows finish (each line validated and checksummed; invalid lines
 * are recomputed and reported), then kNN accuracy per tie policy and k.
 * An interrupted run started again with the same settings continues where it stopped.
 * With `shard`, only that share of the test rows is scored, into a shard file in `checkpointDir`
 * that {@link mergeGzipKnnShards} combines with the others (accuracy is then null here).
 * @example
 * const r = await runGzipKnn({ dataset: "r8", testLimit: 100, trainLimit: 1000 });
 * r.accuracy?.k1["1"]; // fair 1-NN accuracy
 */
export async function runGzipKnn(options: GzipKnnOptions): Promise<GzipKnnResult> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const p = await prepareGzipKnn(options);
  const { train, test, topK } = p;
  const shardRows = options.shard ? gzipKnnShardRows(test.map((r) => r.text), train.map((r) => r.text), options.shard) : null;
  const header = options.shard ? shardHeader(p, options.shard, shardRows!.length) : p.header;
  const mine = shardRows ?? test.map((_, i) => i);
  const dir = options.checkpointDir === undefined ? defaultGzipKnnCheckpointDir() : options.checkpointDir;
  const file = dir === null ? null : path.join(dir, gzipKnnCheckpointName(header));
  const read = file && options.resume !== false ? readGzipKnnCheckpoint(file, header, shardRows ? new Set(shardRows) : undefined) : null;
  const done = read?.rows ?? new Map<number, NcdNeighbours>();
  const rejected = read?.rejected ?? [];
  if (rejected.length > 0 && options.progress !== false) {
    console.error(`gzip-knn: ${rejected.length} checkpoint line(s) failed validation and will be recomputed: ${rejected.slice(0, 5).map((r) => `line ${r.line}: ${r.reason}`).join("; ")}${rejected.length > 5 ? "; …" : ""}`);
  }
  const resumed = done.size;
  if (file) {
    fs.mkdirSync(dir!, { recursive: true });
    writeGzipKnnCheckpoint(file, header, done);
    // a shard started afresh starts its accumulated timing afresh too
    if (resumed === 0) fs.rmSync(`${file}.timing.json`, { force: true });
  }
  let todo = mine.filter((i) => !done.has(i));
  if (options.maxRows !== undefined) todo = todo.slice(0, Math.max(0, options.maxRows));
  const label = `gzip-knn ${options.dataset} ${header.compressor}-${header.level}${options.shard ? ` shard ${options.shard.index}/${options.shard.count}` : ""}`;
  const progress =
    options.progress === false || todo.length === 0 ? undefined : createProgress({ total: mine.length * train.length, start: resumed * train.length, label, unit: "pairs" });
  const workers = options.workers ?? (os.availableParallelism?.() ?? os.cpus().length);
  const common: PairwiseNcdOptions = {
    compressor: header.compressor as CompressorName,
    level: header.level,
    topK,
    workers,
    prefix: header.prefix,
    rows: todo,
    onRows: (rows) => {
      for (const r of rows) done.set(r.i, r.neighbours);
      if (file) fs.appendFileSync(file, rows.map((r) => formatCheckpointRow(r.i, r.neighbours)).join("\n") + "\n");
      progress?.tick(rows.length * train.length);
    },
  };
  const testTexts = test.map((r) => r.text);
  const trainTexts = train.map((r) => r.text);
  const run =
    todo.length === 0
      ? { pairs: 0, seconds: 0, workers: 0, compressions: 0 }
      : options.rerank
        ? await rerankNcd(testTexts, trainTexts, { ...common, m: options.rerank, tfidf: header.retriever ?? undefined })
        : await pairwiseNcd(testTexts, trainTexts, common);
  progress?.finish();
  const complete = mine.every((i) => done.has(i));
  const accuracy =
    complete && !options.shard
      ? knnEvaluate(
          test.map((_, i) => done.get(i)!.indices),
          train.map((r) => r.label),
          test.map((r) => r.label),
          { ks: p.ks, policies: p.policies, seed: p.seed },
        )
      : null;
  const wall = (performance.now() - t0) / 1000;
  const cpuUsed = process.cpuUsage(cpu0);
  const cpuSeconds = (cpuUsed.user + cpuUsed.system) / 1e6;
  if (file && options.shard && todo.length > 0) addShardTiming(file, { index: options.shard.index, runs: 1, wallSeconds: wall, cpuSeconds, pairs: run.pairs });
  return {
    ...describeGzipKnn(p, header, complete, accuracy),
    rowsThisRun: todo.length,
    rowsResumed: resumed,
    compressionsThisRun: run.compressions,
    compressionsTotal: train.length + mine.length + Math.min(train.length, options.rerank ?? Infinity) * mine.length,
    pairsPerSecond: run.seconds > 0 ? run.pairs / run.seconds : 0,
    pairsPerSecondPerCore: run.seconds > 0 ? run.pairs / run.seconds / Math.max(1, run.workers) : 0,
    workers: run.workers,
    wallSeconds: wall,
    cpuSeconds,
    pairsPerCpuSecond: cpuSeconds > 0 ? run.pairs / cpuSeconds : 0,
    checkpoint: file,
    shard: options.shard ? { ...options.shard, rows: mine.length } : null,
    checkpointRejected: rejected,
    mergedShards: null,
  };
}

/** The fields of a result that describe the job and its outcome (not this run's timing). @internal */
export function describeGzipKnn(
  p: PreparedGzipKnn,
  header: CheckpointHeader,
  complete: boolean,
  accuracy: KnnAccuracyTable | null,
): Pick<GzipKnnResult, "dataset" | "compressor" | "level" | "engine" | "concatenation" | "trainRows" | "testRows" | "topK" | "rerankM" | "retriever" | "prefix" | "complete" | "accuracy" | "seed" | "machine" | "trainSplit"> {
  return {
    dataset: header.dataset,
    compressor: header.compressor as CompressorName,
    level: header.level,
    engine: `node:zlib ${process.versions.zlib}`,
    concatenation: 'x + " " + y (test item first, as the paper\'s code)',
    trainRows: header.trainRows,
    testRows: header.testRows,
    topK: header.topK,
    rerankM: header.rerankM,
    retriever: header.retriever,
    prefix: header.prefix,
    complete,
    accuracy,
    seed: p.seed,
    machine: describeMachine(),
    trainSplit: header.trainSplit,
  };
}

function addShardTiming(file: string, t: ShardTiming): void {
  const f = `${file}.timing.json`;
  let prev: ShardTiming | null = null;
  try {
    prev = JSON.parse(fs.readFileSync(f, "utf8")) as ShardTiming;
  } catch {
    prev = null;
  }
  const sum = prev && prev.index === t.index ? { index: t.index, runs: prev.runs + 1, wallSeconds: prev.wallSeconds + t.wallSeconds, cpuSeconds: prev.cpuSeconds + t.cpuSeconds, pairs: prev.pairs + t.pairs } : t;
  fs.writeFileSync(f, JSON.stringify(sum) + "\n");
}

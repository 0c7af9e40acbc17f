/**
 * Reproduces the gzip + kNN paper's table for one dataset: every test item against the whole train
 * set, resumable, on all cores; split into shards, merged, or run as a Slurm job array.
 *
 *   npm run gzip-knn -- --dataset r8 [--compressor gzip|deflate|zlib] [--level 9] [--k 1,2,3]
 *     [--policy paper,k1,random,decrement] [--train-limit N] [--test-limit M] [--top-k 100]
 *     [--workers W] [--no-resume] [--max-rows R] [--rerank M] [--prefix] [--train full|subset]
 *     [--save] [--json]
 *   npm run gzip-knn -- --dataset r8 [settings] --shard I/N [--out DIR]     one shard (I = 0..N-1)
 *   npm run gzip-knn -- merge --dataset r8 [settings] --shards N [--out DIR] [--save] [--json]
 *   npm run gzip-knn -- --dataset r8 [settings] --slurm --shards N [--out DIR] [--save] [--json]
 *
 * --rerank M: retrieve + re-rank (NCD only on the top M train items by TF-IDF cosine);
 * --prefix: approximate prefix reuse (x + " " as a preset dictionary, only y compressed per pair);
 * --train full: AG News's complete 120,000-row train set (split "train_full", an optional download:
 *   npm run data -- fetch ag_news --split train_full); subset (default): the shipped train split.
 *
 * Writes build/results/gzip-knn/<dataset>-<compressor>-<level>.json, or results/gzip-knn/… with --save (the
 * committed results); with --train-limit/--test-limit the name gets `-trN-teM` (such a run is never
 * saved into results/: writeResult refuses a name that is not canonical), with --train full `-trainfull`. --json also prints that JSON as the last line of stdout.
 * Interrupt it (Ctrl-C) and start it again with the same arguments: it resumes from its checkpoint
 * in .checkpoints/gzip-knn/ (every line validated; invalid lines are recomputed, and said so).
 *
 * Shards: --shard I/N scores a deterministic share of the test items (balanced by text length) into a
 * shard file under --out (default build/gzip-knn-shards/; on a cluster, a folder every node shares);
 * `merge` combines the N shard files of the same settings into the unsharded run's results, and
 * refuses missing, incomplete or mismatched shards, naming them. --slurm submits the N shards as a
 * job array (scripts/slurm/gzip-knn.sbatch: 1 CPU, 2 GB, 24 h per task unless sbatch is told
 * otherwise), waits for it (sbatch --wait) and merges.
 * 20newsgroups does not ship with the course (the posts carry people's names): the first run downloads
 * and converts it (the same as `npm run data -- fetch 20newsgroups`), or says how to when offline.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import {
  runGzipKnn,
  mergeGzipKnnShards,
  parseShardSpec,
  COMPRESSOR_NAMES,
  TIE_POLICIES,
  GZIP_KNN_ANCHORS,
  checkTiePolicy,
  type CompressorName,
  type TiePolicy,
  type GzipKnnOptions,
  type GzipKnnResult,
} from "../lib/compress/index";
import { repoRoot, getManifest } from "../lib/data/index";
import { GZIP_KNN, readResultFile, resultTarget, writeResult } from "../lib/results/index";

const TEXT_DATASETS = ["r8", "r52", "20newsgroups", "ohsumed", "ag_news"];
const SETTINGS = ["dataset", "compressor", "level", "k", "policy", "train-limit", "test-limit", "top-k", "rerank", "prefix", "train"];
const RUN = ["workers", "no-resume", "max-rows", "json", "save", "shard", "out", "slurm", "shards"];

function fail(msg: string): never {
  console.error(`gzip-knn: ${msg}`);
  process.exit(2);
}

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) fail(`unexpected argument "${a}" (options start with --; see the top of scripts/gzip-knn.ts).`);
    const eq = a.indexOf("=");
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith("--")) out[a.slice(2)] = argv[++i]!;
    else out[a.slice(2)] = true;
  }
  return out;
}

function intArg(v: string | true | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isInteger(n) || n < 0) fail(`--${name} needs a non-negative integer, got "${String(v)}".`);
  return n;
}

/** The job's settings from the command line (shared by a run, a shard, a merge and a Slurm submission). */
function settings(a: Record<string, string | true>): GzipKnnOptions {
  const dataset = a.dataset;
  if (typeof dataset !== "string") fail(`--dataset is required: one of ${TEXT_DATASETS.join(", ")}.`);
  if (!TEXT_DATASETS.includes(dataset)) fail(`unknown dataset "${dataset}": use one of ${TEXT_DATASETS.join(", ")} (text-classification datasets in datasets/).`);
  getManifest(dataset);
  const compressor = (a.compressor ?? "gzip") as CompressorName;
  if (compressor === (true as unknown) || !COMPRESSOR_NAMES.includes(compressor)) fail(`unknown compressor "${String(a.compressor)}": use one of ${COMPRESSOR_NAMES.join(", ")}.`);
  const level = intArg(a.level, "level") ?? 9;
  if (level > 9) fail(`--level must be 0..9, got ${level}.`);
  const ks = typeof a.k === "string" ? a.k.split(",").map((s) => Number(s.trim())) : [1, 2, 3];
  if (a.k === true || ks.some((k) => !Number.isInteger(k) || k < 1)) fail(`--k needs a comma-separated list of positive integers, e.g. 1,2,3; got "${String(a.k)}".`);
  let policies: TiePolicy[] = [...TIE_POLICIES];
  if (a.policy !== undefined) {
    if (a.policy === true) fail(`--policy needs a list, e.g. ${TIE_POLICIES.join(",")}.`);
    try {
      policies = a.policy.split(",").map((p) => checkTiePolicy(p.trim()));
    } catch (e) {
      fail((e as Error).message);
    }
  }
  if (a.train !== undefined && a.train !== "full" && a.train !== "subset") fail(`--train must be "full" or "subset", got "${String(a.train)}".`);
  if (a.train === "full" && dataset !== "ag_news") fail(`--train full applies to ag_news only (the other datasets ship their complete train split).`);
  return {
    dataset,
    compressor,
    level,
    ks,
    policies,
    trainLimit: intArg(a["train-limit"], "train-limit"),
    testLimit: intArg(a["test-limit"], "test-limit"),
    topK: intArg(a["top-k"], "top-k") ?? Math.max(100, ...ks),
    rerank: intArg(a.rerank, "rerank") || undefined,
    prefix: a.prefix !== undefined,
    trainSplit: a.train === "full" ? "train_full" : "train",
  };
}

/** The file of a run relative to `results/` (a `-trN-teM` name for a limited run is never canonical). */
function resultsFile(o: GzipKnnOptions, res: GzipKnnResult): string {
  const suffix =
    (res.trainSplit === "train_full" ? "-trainfull" : "") +
    (res.prefix ? "-prefix" : "") +
    (res.rerankM ? `-rerank${res.rerankM}` : "") +
    (o.trainLimit !== undefined || o.testLimit !== undefined ? `-tr${res.trainRows}-te${res.testRows}` : "");
  return `gzip-knn/${o.dataset}-${res.compressor}-${res.level}${suffix}.json`;
}

/** Writes a complete result (with the anchors) and prints its summary; with --json prints it last. */
async function report(o: GzipKnnOptions, res: GzipKnnResult, a: Record<string, string | true>): Promise<void> {
  const anchor = GZIP_KNN_ANCHORS.find((x) => x.dataset === o.dataset);
  // the checkpoint's path relative to the repository, so results files name no machine's folders
  const record = {
    ...res,
    checkpoint: res.checkpoint && path.relative(repoRoot(), res.checkpoint),
    anchors: anchor ? { source: "Schutte's re-run of the paper's code (kts/gzip-knn)", fairK1: anchor.fairK1, paperK2: anchor.paperK2 } : undefined,
  };
  const file = resultsFile(o, res);
  const save = a.save !== undefined;
  const kept = resultTarget(file, { save });
  if (res.complete && res.rowsThisRun === 0 && res.mergedShards === null && fs.existsSync(kept)) {
    console.error(`gzip-knn: nothing left to compute (checkpoint complete); keeping ${path.relative(process.cwd(), kept)} and its timings.`);
    if (a.json) console.log(JSON.stringify(readResultFile(GZIP_KNN, kept)));
    return;
  }
  const out = await writeResult(GZIP_KNN, file, record, { save });
  const acc = res.accuracy!;
  const shards = res.mergedShards ? ` (merged from ${res.mergedShards.length} shards)` : "";
  console.log(`${o.dataset}: ${res.testRows} test × ${res.trainRows} train (${res.trainSplit}), ${res.compressor}-${res.level}, ${res.wallSeconds.toFixed(1)} s${shards}`);
  if (!res.mergedShards) {
    console.log(
      `  ${res.pairsPerSecond.toFixed(0)} pairs/s on ${res.workers} workers (${res.pairsPerSecondPerCore.toFixed(0)} per core), ${res.pairsPerCpuSecond.toFixed(0)} per CPU second; ${res.compressionsThisRun.toLocaleString("en-US")} compressions this run`,
    );
  } else console.log(`  shards: ${res.mergedShards.map((t) => `${t.index}: ${t.cpuSeconds.toFixed(1)} CPU s`).join(", ")}; ${res.pairsPerCpuSecond.toFixed(0)} pairs per CPU second`);
  for (const p of o.policies!) console.log(`  ${p.padEnd(9)} ${o.ks!.map((k) => `k=${k}: ${acc[p]![String(k)]!.toFixed(4)}`).join("  ")}`);
  if (anchor) console.log(`  anchors (kts/gzip-knn): fair k=1 ${anchor.fairK1}, paper counting k=2 ${anchor.paperK2}`);
  console.log(`  wrote ${path.relative(process.cwd(), out)}${a.save === undefined ? " (add --save to write results/)" : ""}`);
  if (a.json) console.log(JSON.stringify(record));
}

/** Submits the shards as a Slurm job array, waits for it, and returns when every task succeeded. */
function runSlurm(argv: string[], count: number, outDir: string): void {
  if (spawnSync("sh", ["-c", "command -v sbatch"], { stdio: "ignore" }).status !== 0) {
    fail("--slurm needs a Slurm cluster: sbatch is not on the PATH. Run this on a cluster login node (setup does not install Slurm), or use --shard I/N and merge yourself.");
  }
  const logDir = path.join(repoRoot(), "build", "slurm");
  fs.mkdirSync(logDir, { recursive: true });
  fs.mkdirSync(outDir, { recursive: true });
  // the task gets the same settings; the run-only options are the submitter's
  const taskArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.replace(/^--/, "").split("=")[0]!;
    const takesValue = !argv[i]!.includes("=") && i + 1 < argv.length && !argv[i + 1]!.startsWith("--");
    if (["slurm", "shards", "json", "save", "out"].includes(name)) {
      if (takesValue) i++;
      continue;
    }
    taskArgs.push(argv[i]!);
    if (takesValue) taskArgs.push(argv[++i]!);
  }
  const args = [
    "--wait",
    `--array=0-${count - 1}`,
    `--chdir=${repoRoot()}`,
    `--output=${path.join(logDir, "gzip-knn-%A_%a.out")}`,
    path.join(repoRoot(), "scripts", "slurm", "gzip-knn.sbatch"),
    ...taskArgs,
    "--out",
    outDir,
  ];
  console.error(`gzip-knn: sbatch ${args.join(" ")}`);
  // sbatch's own output goes to stderr so that --json's last stdout line stays the results JSON
  const r = spawnSync("sbatch", args, { stdio: ["ignore", 2, 2] });
  if (r.status !== 0) fail(`the Slurm job array failed (sbatch exit ${r.status ?? r.signal}); see the task logs in ${path.relative(process.cwd(), logDir)}/. Finished shards are kept: submit again to resume.`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const merge = argv[0] === "merge";
  const a = parseArgs(merge ? argv.slice(1) : argv);
  const known = [...SETTINGS, ...RUN];
  for (const k of Object.keys(a)) if (!known.includes(k)) fail(`unknown option --${k}. Options: ${known.map((x) => "--" + x).join(" ")}.`);
  const o = settings(a);
  const outDir = path.resolve(typeof a.out === "string" ? a.out : path.join(repoRoot(), "build", "gzip-knn-shards"));
  if (a.out === true) fail("--out needs a folder.");
  const shards = intArg(a.shards, "shards");
  if ((merge || a.slurm) && !(shards && shards >= 1)) fail(`${merge ? "merge" : "--slurm"} needs --shards N (N ≥ 1): how many shards the job is split into.`);
  if (a.shard !== undefined && (merge || a.slurm)) fail("--shard I/N runs one shard; it does not go with merge or --slurm.");
  if (a.slurm) runSlurm(argv, shards!, outDir);
  if (merge || a.slurm) {
    try {
      await report(o, await mergeGzipKnnShards({ ...o, shards: shards!, dir: outDir }), a);
    } catch (e) {
      fail((e as Error).message);
    }
    return;
  }
  let shard: { index: number; count: number } | undefined;
  if (a.shard !== undefined) {
    if (a.shard === true) fail("--shard needs I/N, e.g. 0/3.");
    try {
      shard = parseShardSpec(a.shard);
    } catch (e) {
      fail((e as Error).message);
    }
  }
  const res = await runGzipKnn({
    ...o,
    workers: intArg(a.workers, "workers"),
    resume: a["no-resume"] === undefined,
    maxRows: intArg(a["max-rows"], "max-rows"),
    shard,
    checkpointDir: shard ? outDir : undefined,
  });
  if (res.checkpointRejected.length > 0) console.error(`gzip-knn: recomputed ${res.checkpointRejected.length} checkpoint line(s) that failed validation.`);
  if (!res.complete) {
    console.error(`gzip-knn: stopped after ${res.rowsThisRun} rows (${res.rowsResumed + res.rowsThisRun}/${res.shard?.rows ?? res.testRows} done); run again to resume.`);
  } else if (shard) {
    console.log(`${o.dataset} shard ${shard.index}/${shard.count}: ${res.shard!.rows} of ${res.testRows} test rows done (${res.rowsThisRun} this run, ${res.wallSeconds.toFixed(1)} s, ${res.cpuSeconds.toFixed(1)} CPU s) in ${path.relative(process.cwd(), res.checkpoint!)}`);
    console.log(`  when all ${shard.count} are done: npm run gzip-knn -- merge [the same settings] --shards ${shard.count}${a.out ? ` --out ${a.out}` : ""}`);
  }
  if (res.complete && !shard) return report(o, res, a);
  if (a.json) console.log(JSON.stringify({ ...res, checkpoint: res.checkpoint && path.relative(repoRoot(), res.checkpoint) }));
}

main().catch((e: Error) => fail(e.message));

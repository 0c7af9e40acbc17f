/**
 * Reproduces the gzip + kNN paper's table for one dataset: every test item against the whole train
 * set, resumable, on all cores.
 *
 *   npm run gzip-knn -- --dataset r8 [--compressor gzip|deflate|zlib] [--level 9] [--k 1,2,3]
 *     [--policy paper,k1,random,decrement] [--train-limit N] [--test-limit M] [--top-k 100]
 *     [--workers W] [--no-resume] [--max-rows R] [--rerank M] [--prefix] [--json]
 *
 * --rerank M: retrieve + re-rank (NCD only on the top M train items by TF-IDF cosine);
 * --prefix: approximate prefix reuse (x + " " as a preset dictionary, only y compressed per pair).
 *
 * Writes results/gzip-knn/<dataset>-<compressor>-<level>.json (with --train-limit/--test-limit the
 * name gets `-trN-teM`); with --json also prints that JSON as the last line of stdout.
 * Interrupt it (Ctrl-C) and start it again with the same arguments: it resumes from its checkpoint
 * in .checkpoints/gzip-knn/.
 * 20newsgroups does not ship with the course (the posts carry people's names): the first run downloads
 * and converts it (the same as `npm run data -- fetch 20newsgroups`), or says how to when offline.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runGzipKnn, GZIP_KNN_ANCHORS, COMPRESSOR_NAMES, TIE_POLICIES, checkTiePolicy, type CompressorName, type TiePolicy } from "../lib/compress";
import { repoRoot, getManifest } from "../lib/data";

const TEXT_DATASETS = ["r8", "r52", "20newsgroups", "ohsumed", "ag_news"];

/** Anchors: Schutte's re-run of the paper's code (kts/gzip-knn), defined once in lib/compress/anchors.ts. */
const ANCHORS: Record<string, { fairK1: number; paperK2: number }> = Object.fromEntries(GZIP_KNN_ANCHORS.map((a) => [a.dataset, { fairK1: a.fairK1, paperK2: a.paperK2 }]));

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

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  const known = ["dataset", "compressor", "level", "k", "policy", "train-limit", "test-limit", "top-k", "workers", "no-resume", "max-rows", "json", "rerank", "prefix"];
  for (const k of Object.keys(a)) if (!known.includes(k)) fail(`unknown option --${k}. Options: ${known.map((x) => "--" + x).join(" ")}.`);
  const dataset = a.dataset;
  if (typeof dataset !== "string") fail(`--dataset is required: one of ${TEXT_DATASETS.join(", ")}.`);
  if (!TEXT_DATASETS.includes(dataset)) {
    fail(`unknown dataset "${dataset}": use one of ${TEXT_DATASETS.join(", ")} (text-classification datasets in datasets/).`);
  }
  getManifest(dataset);
  const compressor = (a.compressor ?? "gzip") as CompressorName;
  if (compressor === (true as unknown) || !COMPRESSOR_NAMES.includes(compressor)) {
    fail(`unknown compressor "${String(a.compressor)}": use one of ${COMPRESSOR_NAMES.join(", ")}.`);
  }
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
  const trainLimit = intArg(a["train-limit"], "train-limit");
  const testLimit = intArg(a["test-limit"], "test-limit");
  const res = await runGzipKnn({
    dataset,
    compressor,
    level,
    ks,
    policies,
    trainLimit,
    testLimit,
    topK: intArg(a["top-k"], "top-k") ?? Math.max(100, ...ks),
    workers: intArg(a.workers, "workers"),
    resume: a["no-resume"] === undefined,
    maxRows: intArg(a["max-rows"], "max-rows"),
    rerank: intArg(a.rerank, "rerank") || undefined,
    prefix: a.prefix !== undefined,
  });
  const anchor = ANCHORS[dataset];
  // the checkpoint's path relative to the repository, so results files name no machine's folders
  const record = { ...res, checkpoint: res.checkpoint && path.relative(repoRoot(), res.checkpoint), anchors: anchor ? { source: "Schutte's re-run of the paper's code (kts/gzip-knn)", ...anchor } : undefined };
  if (!res.complete) {
    console.error(`gzip-knn: stopped after ${res.rowsThisRun} rows (${res.rowsResumed + res.rowsThisRun}/${res.testRows} done); run again to resume.`);
  }
  const suffix =
    (res.prefix ? "-prefix" : "") +
    (res.rerankM ? `-rerank${res.rerankM}` : "") +
    (trainLimit !== undefined || testLimit !== undefined ? `-tr${res.trainRows}-te${res.testRows}` : "");
  const out = path.join(repoRoot(), "results", "gzip-knn", `${dataset}-${compressor}-${level}${suffix}.json`);
  if (res.complete && res.rowsThisRun === 0 && fs.existsSync(out)) {
    console.error(`gzip-knn: nothing left to compute (checkpoint complete); keeping ${path.relative(process.cwd(), out)} and its timings.`);
    if (a.json) console.log(JSON.stringify(JSON.parse(fs.readFileSync(out, "utf8"))));
    return;
  }
  if (res.complete) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(record, null, 2) + "\n");
    const acc = res.accuracy!;
    console.log(`${dataset}: ${res.testRows} test × ${res.trainRows} train, ${compressor}-${level}, ${res.wallSeconds.toFixed(1)} s`);
    console.log(
      `  ${res.pairsPerSecond.toFixed(0)} pairs/s on ${res.workers} workers (${res.pairsPerSecondPerCore.toFixed(0)} per core), ${res.pairsPerCpuSecond.toFixed(0)} per CPU second; ${res.compressionsThisRun.toLocaleString("en-US")} compressions this run`,
    );
    for (const p of policies) console.log(`  ${p.padEnd(9)} ${ks.map((k) => `k=${k}: ${acc[p]![String(k)]!.toFixed(4)}`).join("  ")}`);
    if (anchor) console.log(`  anchors (kts/gzip-knn): fair k=1 ${anchor.fairK1}, paper counting k=2 ${anchor.paperK2}`);
    console.log(`  wrote ${path.relative(process.cwd(), out)}`);
  }
  if (a.json) console.log(JSON.stringify(record));
}

main().catch((e: Error) => fail(e.message));

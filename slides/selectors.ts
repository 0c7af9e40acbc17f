/**
 * Small pure selections over the results the deck figures draw on, shared by the named values and
 * the charts: the datasets and model names, which files of a family exist, and a few derived numbers.
 * @packageDocumentation
 */
import { GZIP_KNN_ANCHORS, type GzipKnnAnchor } from "../lib/compress/anchors";
import { compareStaticCache, DEFAULT_DECODE_PROMPT, type DecodeResultRow } from "../lib/llm/decode-results";
import {
  type RoundsSummary, type GzipKnnRun, type GzipKnnSpeed, type BaselineModelResult, type ServingBenchResult, type GzipKnnScaling,
  GZIP_KNN, GZIP_KNN_SPEED, GZIP_KNN_SCALING, BASELINES, SERVING_BENCH, GPU_BENCH, LLM_DECODE,
} from "../lib/results/index";
import { MissingResultError, type Results } from "./results-reader";

/** The five text datasets of module 01, in the order the charts show them. */
export const DATASETS: { key: string; name: string }[] = [
  { key: "ag_news", name: "AG News" },
  { key: "20newsgroups", name: "20News" },
  { key: "ohsumed", name: "Ohsumed" },
  { key: "r8", name: "R8" },
  { key: "r52", name: "R52" },
];
/** Display names of the learned baselines of `results/baselines/`. */
export const BASELINE_NAMES: Record<string, string> = {
  "tfidf-word-logreg": "TF-IDF words + LR",
  "tfidf-char-logreg": "TF-IDF chars + LR",
  "fasttext-hashed-bigrams": "fastText-style",
};
/** The complete gzip-kNN full scans (every test item against the whole train set) that exist. */
export function gzipRuns(r: Results): { key: string; name: string; file: string; run: GzipKnnRun }[] {
  return DATASETS.map((d) => ({ ...d, file: `gzip-knn/${d.key}-gzip-9.json` }))
    .filter((d) => r.has(d.file))
    .map((d) => ({ ...d, run: r.read(GZIP_KNN, d.file) }))
    .filter((d) => d.run.complete);
}
/** The complete exact R8 run. */
export const R8_FULL = "gzip-knn/r8-gzip-9.json";
/** Schutte's anchors recorded in a run. @throws MissingResultError when the run has none */
export function anchorsOf(d: { file: string; run: GzipKnnRun }): { fairK1: number; paperK2: number } {
  if (!d.run.anchors) throw new MissingResultError(`results/${d.file} records no anchors`, `results/${d.file}`);
  return d.run.anchors;
}
/** A note naming the datasets a family has no file for yet, or undefined when none is missing. */
export function pendingDatasets(present: string[], family: string): string | undefined {
  const missing = DATASETS.filter((d) => !present.includes(d.key));
  return missing.length ? `Pending (${family} not run yet): ${missing.map((d) => d.name).join(", ")}.` : undefined;
}
/** `median× [min–max]` of a ratio measured over rounds. */
export function medianRange(s: RoundsSummary, digits = 2): string {
  return `${s.median.toFixed(digits)}× [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`;
}
/** A baseline model of `results/baselines/<dataset>.json`. @throws MissingResultError when the file has no such model */
export function baselineModel(r: Results, file: string, model: string): BaselineModelResult {
  const m = r.read(BASELINES, file).models.find((x) => x.name === model);
  if (!m) throw new MissingResultError(`results/${file} has no model named ${model}`, `results/${file}`);
  return m;
}
/** Bytes a baseline model ships: its weights plus its vectorizer when it has one. */
export const shippedBytes = (m: BaselineModelResult): number => m.sizeBytes + (m.vectorizerBytes ?? 0);
/** The serving bench file. */
export const SERVING = "serving/bench.json";
/** The serving bench results. */
export const serving = (r: Results): ServingBenchResult => r.read(SERVING_BENCH, SERVING);
/** The results/gpu/*.json files written by bench/gpu-serving.ts. @throws MissingResultError when none */
export function gpuFiles(r: Results): string[] {
  const files = r.list(GPU_BENCH);
  if (!files.length) throw new MissingResultError(`results/gpu/ has no results yet (\`${GPU_BENCH.command("gpu/cpu-x.json")}\` writes results/gpu/<provider>-<host>.json)`, "results/gpu/");
  return files;
}
/** results/llm/decode-<provider>-<host>.json files of one kind: the CPU's, or any GPU provider's. */
export function decodeFiles(r: Results, gpu: boolean): string[] {
  const files = r.list(LLM_DECODE).filter((f) => /^llm\/decode-cpu-/.test(f) !== gpu);
  if (!files.length) {
    throw new MissingResultError(gpu ? "no GPU run of npm run bench:decode is committed (results/llm/decode-webgpu-*.json): see bench/README.md" : `results/llm/decode-cpu-*.json does not exist (\`${LLM_DECODE.command("llm/decode-cpu-x.json")}\`)`, "results/llm/");
  }
  return files;
}
/** Batch-1 rows that ran after the default prompt. */
export const decodeRows = (r: Results, file: string): DecodeResultRow[] =>
  r.read(LLM_DECODE, file).rows.filter((x) => x.batch === 1 && x.stepMs && x.promptTokens === DEFAULT_DECODE_PROMPT);
/** Growing-cache step time / static-cache step time on the CPU (same graph otherwise, batch 1). */
export function staticCacheSpeedup(r: Results, long: boolean): number {
  const cmp = compareStaticCache(r.read(LLM_DECODE, decodeFiles(r, false)[0]!).rows);
  if (!cmp) throw new MissingResultError("results/llm/decode-cpu-*.json has no rows with and without the static cache after both prompts (rerun npm run bench:decode -- --providers cpu)", "results/llm/");
  return long ? cmp.growingMs.long / cmp.staticMs.long : cmp.growingMs.short / cmp.staticMs.short;
}
/** The gzip NCD speed benchmark file. */
export const SPEED = "gzip-knn-speed.json";
/** The gzip NCD speed benchmark results. */
export const speed = (r: Results): GzipKnnSpeed => r.read(GZIP_KNN_SPEED, SPEED);
/** The AG News baselines file. */
export const AG_BASELINES = "baselines/ag_news.json";
/** Paper-counting k=2 accuracy minus fair k=1 accuracy, in percentage points. */
export const inflation = (run: GzipKnnRun): number => 100 * (run.accuracy.paper["2"]! - run.accuracy.k1["1"]!);
/** Display names of the serving bench's modes. */
export const MODE_NAMES: Record<string, string> = { noBatching: "one request per model call", greedy: "greedy batching (no wait)", batching: "micro-batching (wait ≤ 2 ms)", noopHttp: "HTTP only (no model)" };

/** The gzip-kNN anchor of a dataset (lib/compress/anchors.ts). */
export function gzipAnchor(dataset: string): GzipKnnAnchor {
  const a = GZIP_KNN_ANCHORS.find((x) => x.dataset === dataset);
  if (!a) throw new Error(`no gzip-kNN anchor for ${dataset} in lib/compress/anchors.ts`);
  return a;
}
/** The sharding-scaling file. */
export const SCALING = "gzip-knn-scaling.json";
/** The sharding-scaling results (1 and 2 shards, and the projection onto N machines). */
export const scaling = (r: Results): GzipKnnScaling => r.read(GZIP_KNN_SCALING, SCALING);
/** The projected row for `machines` machines. @throws MissingResultError when the projection has none */
export function projectionRow(r: Results, machines: number): GzipKnnScaling["projection"]["rows"][number] {
  const row = scaling(r).projection.rows.find((x) => x.machines === machines);
  if (!row) throw new MissingResultError(`results/${SCALING} projects no run on ${machines} machines (rerun \`${GZIP_KNN_SCALING.command(SCALING)}\`)`, `results/${SCALING}`);
  return row;
}

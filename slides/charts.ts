/**
 * The figures of the slide decks: named values and charts, each computed from the committed
 * results files (`results/**.json`) and never typed by hand.
 *
 * Decks use them through placeholders (see slides/README.md):
 *   {{value gzip-knn/r8-gzip-9.json accuracy.k1.1 .3f}}   a field of a results file
 *   {{name serving-batching-throughput}}                  a named value defined below
 *   {{chart gzip-paper-vs-fair}}                          a chart defined below (inline SVG)
 * A definition that needs a file or field that does not exist throws {@link MissingResultError};
 * the build then fails naming the deck, the placeholder and the file, unless the deck marks the
 * figure optional (`| pending: …`).
 */
import { GZIP_KNN_ANCHORS, type GzipKnnAnchor } from "../lib/compress/anchors";
import { H100_DECODE_ANCHORS } from "../lib/gpu/recorded";
import * as fs from "node:fs";
import * as path from "node:path";
import type { VegaLiteSpec } from "../lib/viz/vega";
import { compareStaticCache, DEFAULT_DECODE_PROMPT, type DecodeResultRow } from "../lib/llm/decode-results";
import {
  readResult, listResults, familyOfFile, resultsRelativePath, ResultFileError, type ResultFamily, type RoundsSummary, type GzipKnnRun, type GzipKnnSpeed,
  type BaselineModelResult, type ServingBenchResult,
  GZIP_KNN, GZIP_KNN_SPEED, GZIP_PYTHON_VS_NODE, BASELINES, SERVING_BENCH, GPU_BENCH, LLM_BPC, LLM_DECODE,
} from "../lib/results/index";

/** A value or chart needs a results file or a field that does not exist (yet). */
export class MissingResultError extends Error {
  /** The results file involved, relative to the repository (e.g. `results/gzip-knn/r8-gzip-9.json`). */
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.name = "MissingResultError";
    this.file = file;
  }
}

/** Read access to the results folder through the typed readers of lib/results, with errors that say what is missing. */
export interface Results {
  /** Absolute path of the results folder. */
  readonly dir: string;
  /** Whether the canonical file `results/<file>` exists. */
  has(file: string): boolean;
  /**
   * A canonical results file, parsed and validated by its family's schema (parsed once).
   * @throws MissingResultError when the file does not exist; ResultFileError when it is malformed or stale
   */
  read<T>(family: ResultFamily<T>, file: string): T;
  /** The canonical files of a family that exist, relative to results/ (sorted). */
  list(family: ResultFamily<unknown>): string[];
  /**
   * A field of a results file by path (see {@link lookupPath}), for the decks' `{{value FILE PATH}}`
   * placeholders; the file is validated by its family first. Figures computed here use {@link Results.read}.
   * @throws MissingResultError
   */
  get(file: string, fieldPath: string): unknown;
  /** Like {@link Results.get}, for a finite number. @throws MissingResultError */
  num(file: string, fieldPath: string): number;
}

/**
 * Resolve a field path inside parsed JSON. Segments are separated by dots; a segment is a key, an
 * array index, or a selector `[field=value]` that picks the array element whose `field` equals
 * `value` (it may follow a key: `models[name=tfidf-word-logreg].accuracy`).
 * @returns the value, or `undefined` with the first segment that failed in `failedAt`
 */
export function lookupPath(root: unknown, fieldPath: string): { value: unknown; failedAt?: string } {
  const segments = fieldPath.match(/[^.[\]]+|\[[^\]]*\]/g) ?? [];
  let cur: unknown = root;
  let walked = "";
  for (const seg of segments) {
    walked += seg.startsWith("[") || !walked ? seg : "." + seg;
    if (seg.startsWith("[")) {
      const m = /^\[([^=\]]+)=([^\]]*)\]$/.exec(seg);
      if (!m) throw new Error(`Bad selector "${seg}" in path "${fieldPath}": write [field=value].`);
      if (!Array.isArray(cur)) return { value: undefined, failedAt: walked };
      cur = (cur as Record<string, unknown>[]).find((e) => e !== null && typeof e === "object" && String(e[m[1]!]) === m[2]);
    } else if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      cur = cur[Number(seg)];
    } else if (cur !== null && typeof cur === "object" && Object.prototype.hasOwnProperty.call(cur, seg)) {
      cur = (cur as Record<string, unknown>)[seg];
    } else {
      return { value: undefined, failedAt: walked };
    }
    if (cur === undefined) return { value: undefined, failedAt: walked };
  }
  return { value: cur };
}

/** A {@link Results} over a folder (default: `results/` of the repository). Each file is parsed once. */
export function openResults(dir: string): Results {
  const cache = new Map<string, unknown>();
  const key = resultsRelativePath;
  const rel = (file: string) => path.posix.join("results", key(file));
  const r: Results = {
    dir,
    has: (file) => familyOfFile(key(file)) !== undefined && fs.existsSync(path.join(dir, key(file))),
    read<T>(family: ResultFamily<T>, file: string): T {
      const k = key(file);
      if (!cache.has(k)) {
        try {
          cache.set(k, readResult(family, k, { dir }));
        } catch (e) {
          if (e instanceof ResultFileError && e.reason === "missing") throw new MissingResultError(e.message, e.file);
          throw e;
        }
      }
      return cache.get(k) as T;
    },
    list: (family) => listResults(family, { dir }),
    get(file, fieldPath) {
      const family = familyOfFile(key(file));
      if (!family) throw new MissingResultError(`${rel(file)} is not a canonical results file (lib/results declares which are); for a new family add its schema there`, rel(file));
      const { value, failedAt } = lookupPath(r.read(family, file), fieldPath);
      if (failedAt !== undefined || value === undefined || value === null) {
        throw new MissingResultError(`${rel(file)} has no value at "${fieldPath}"${failedAt && failedAt !== fieldPath ? ` (stopped at "${failedAt}")` : ""}`, rel(file));
      }
      return value;
    },
    num(file, fieldPath) {
      const v = r.get(file, fieldPath);
      if (typeof v !== "number" || !Number.isFinite(v)) throw new MissingResultError(`${rel(file)} at "${fieldPath}" is ${JSON.stringify(v)}, not a number`, rel(file));
      return v;
    },
  };
  return r;
}

/** A number (formatted by the placeholder or {@link NamedValue.format}) or ready text. */
export type FigureValue = number | string;

/** A named value: one figure computed from results files. */
export interface NamedValue {
  /** What the value is, in words (listed by `npm run slides -- --list`). */
  description: string;
  /** Default format for numbers (see formatValue in scripts/slides.ts), e.g. `.3f`, `.1%`, `,`. */
  format?: string;
  /** Compute the value. Throw {@link MissingResultError} (Results does) when an input is missing. */
  value(r: Results): FigureValue;
}

/** A chart: a Vega-Lite spec built from results files, rendered to inline SVG at build time. */
export interface ChartDefinition {
  /** Title shown above the chart and in pending notes. */
  title: string;
  /** Build the spec; `note` is shown under the chart (e.g. which inputs are still pending). */
  build(r: Results): { spec: VegaLiteSpec; note?: string };
}

// ---------------------------------------------------------------------------------------------
// shared pieces

const DATASETS: { key: string; name: string }[] = [
  { key: "ag_news", name: "AG News" },
  { key: "20newsgroups", name: "20News" },
  { key: "ohsumed", name: "Ohsumed" },
  { key: "r8", name: "R8" },
  { key: "r52", name: "R52" },
];
const BASELINE_NAMES: Record<string, string> = {
  "tfidf-word-logreg": "TF-IDF words + LR",
  "tfidf-char-logreg": "TF-IDF chars + LR",
  "fasttext-hashed-bigrams": "fastText-style",
};
const COLORS = ["#1f5aa6", "#e07b00", "#8aa9d6", "#f2c185", "#3a9a5b", "#b23a48"];
const BASE_CONFIG = {
  background: "white",
  font: "Helvetica, Arial, sans-serif",
  axis: { labelFontSize: 13, titleFontSize: 14, gridColor: "#e6e6e6" },
  legend: { labelFontSize: 13, titleFontSize: 13, orient: "bottom", labelLimit: 420, columns: 2, symbolStrokeWidth: 3 },
  view: { stroke: null },
};
function withConfig(spec: VegaLiteSpec): VegaLiteSpec {
  return { $schema: "https://vega.github.io/schema/vega-lite/v5.json", config: BASE_CONFIG, ...spec };
}

/** The complete gzip-kNN full scans (every test item against the whole train set) that exist. */
function gzipRuns(r: Results): { key: string; name: string; file: string; run: GzipKnnRun }[] {
  return DATASETS.map((d) => ({ ...d, file: `gzip-knn/${d.key}-gzip-9.json` }))
    .filter((d) => r.has(d.file))
    .map((d) => ({ ...d, run: r.read(GZIP_KNN, d.file) }))
    .filter((d) => d.run.complete);
}
const R8_FULL = "gzip-knn/r8-gzip-9.json";
/** Schutte's anchors recorded in a run. @throws MissingResultError when the run has none */
function anchorsOf(d: { file: string; run: GzipKnnRun }): { fairK1: number; paperK2: number } {
  if (!d.run.anchors) throw new MissingResultError(`results/${d.file} records no anchors`, `results/${d.file}`);
  return d.run.anchors;
}
function pendingDatasets(present: string[], family: string): string | undefined {
  const missing = DATASETS.filter((d) => !present.includes(d.key));
  return missing.length ? `Pending (${family} not run yet): ${missing.map((d) => d.name).join(", ")}.` : undefined;
}
function medianRange(s: RoundsSummary, digits = 2): string {
  return `${s.median.toFixed(digits)}× [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`;
}
/** A baseline model of `results/baselines/<dataset>.json`. @throws MissingResultError when the file has no such model */
function baselineModel(r: Results, file: string, model: string): BaselineModelResult {
  const m = r.read(BASELINES, file).models.find((x) => x.name === model);
  if (!m) throw new MissingResultError(`results/${file} has no model named ${model}`, `results/${file}`);
  return m;
}
/** Bytes a baseline model ships: its weights plus its vectorizer when it has one. */
const shippedBytes = (m: BaselineModelResult): number => m.sizeBytes + (m.vectorizerBytes ?? 0);
const SERVING = "serving/bench.json";
const serving = (r: Results): ServingBenchResult => r.read(SERVING_BENCH, SERVING);
/** The results/gpu/*.json files written by bench/gpu-serving.ts. @throws MissingResultError when none */
function gpuFiles(r: Results): string[] {
  const files = r.list(GPU_BENCH);
  if (!files.length) throw new MissingResultError(`results/gpu/ has no results yet (\`${GPU_BENCH.command("gpu/cpu-x.json")}\` writes results/gpu/<provider>-<host>.json)`, "results/gpu/");
  return files;
}
/** results/llm/decode-<provider>-<host>.json files of one kind: the CPU's, or any GPU provider's. */
function decodeFiles(r: Results, gpu: boolean): string[] {
  const files = r.list(LLM_DECODE).filter((f) => /^llm\/decode-cpu-/.test(f) !== gpu);
  if (!files.length) {
    throw new MissingResultError(gpu ? "no GPU run of npm run bench:decode is committed (results/llm/decode-webgpu-*.json): see bench/README.md" : `results/llm/decode-cpu-*.json does not exist (\`${LLM_DECODE.command("llm/decode-cpu-x.json")}\`)`, "results/llm/");
  }
  return files;
}
/** Batch-1 rows that ran after the default prompt. */
const decodeRows = (r: Results, file: string): DecodeResultRow[] =>
  r.read(LLM_DECODE, file).rows.filter((x) => x.batch === 1 && x.stepMs && x.promptTokens === DEFAULT_DECODE_PROMPT);
/** Growing-cache step time / static-cache step time on the CPU (same graph otherwise, batch 1). */
function staticCacheSpeedup(r: Results, long: boolean): number {
  const cmp = compareStaticCache(r.read(LLM_DECODE, decodeFiles(r, false)[0]!).rows);
  if (!cmp) throw new MissingResultError("results/llm/decode-cpu-*.json has no rows with and without the static cache after both prompts (rerun npm run bench:decode -- --providers cpu)", "results/llm/");
  return long ? cmp.growingMs.long / cmp.staticMs.long : cmp.growingMs.short / cmp.staticMs.short;
}
const SPEED = "gzip-knn-speed.json";
const speed = (r: Results): GzipKnnSpeed => r.read(GZIP_KNN_SPEED, SPEED);
const AG_BASELINES = "baselines/ag_news.json";
/** Paper-counting k=2 accuracy minus fair k=1 accuracy, in percentage points. */
const inflation = (run: GzipKnnRun): number => 100 * (run.accuracy.paper["2"]! - run.accuracy.k1["1"]!);
const MODE_NAMES: Record<string, string> = { noBatching: "one request per model call", greedy: "greedy batching (no wait)", batching: "micro-batching (wait ≤ 2 ms)", noopHttp: "HTTP only (no model)" };

// ---------------------------------------------------------------------------------------------
// named values

/** The gzip-kNN anchor of a dataset (lib/compress/anchors.ts). */
function gzipAnchor(dataset: string): GzipKnnAnchor {
  const a = GZIP_KNN_ANCHORS.find((x) => x.dataset === dataset);
  if (!a) throw new Error(`no gzip-kNN anchor for ${dataset} in lib/compress/anchors.ts`);
  return a;
}

/** Every named value the decks may use as `{{name KEY}}`. */
export const namedValues: Record<string, NamedValue> = {
  "agnews-anchor-fair-k1": {
    description: "quoted anchor: AG News fair k=1 accuracy of Schutte's re-run of the paper's code (GZIP_KNN_ANCHORS, lib/compress/anchors.ts)",
    format: ".3f",
    value: () => gzipAnchor("ag_news").fairK1,
  },
  "agnews-anchor-paper-k2": {
    description: "quoted anchor: AG News accuracy as the paper's code counts it at k=2, Schutte's re-run (GZIP_KNN_ANCHORS)",
    format: ".3f",
    value: () => gzipAnchor("ag_news").paperK2,
  },
  "h100-pytorch-eager-ms": {
    description: "recorded anchor: PyTorch eager GPT-2-small decode step on the recorded H100, ms (H100_DECODE_ANCHORS, lib/gpu/recorded.ts)",
    format: ".1f",
    value: () => H100_DECODE_ANCHORS.pytorchEagerDecodeMs,
  },
  "h100-onnx-webgpu-first-ms": {
    description: "recorded anchor: our first ONNX graph on WebGPU, KV cache kept on the GPU, decode step on the H100, ms (H100_DECODE_ANCHORS)",
    format: ".1f",
    value: () => H100_DECODE_ANCHORS.onnxWebgpuFirstGraphDecodeMs,
  },
  "h100-onnx-webgpu-copyback-ms": {
    description: "recorded anchor: the same graph copying every output back to the CPU, decode step on the H100, ms (H100_DECODE_ANCHORS)",
    format: ".1f",
    value: () => H100_DECODE_ANCHORS.onnxWebgpuCopyBackDecodeMs,
  },
  "h100-memory-floor-ms": {
    description: "recorded anchor: the memory floor of one GPT-2-small decode step on the H100 (weights / bandwidth), ms (H100_DECODE_ANCHORS)",
    format: ".1f",
    value: () => H100_DECODE_ANCHORS.memoryFloorDecodeMs,
  },
  "results-machine": {
    description: "the machine the committed CPU results were measured on (from results/serving/bench.json)",
    value: (r) => {
      const m = serving(r).machine;
      return `${m.cores}-core ${m.cpu}, Node ${m.node}, onnxruntime ${m.onnxruntime ?? "n/a"}`;
    },
  },
  "gzip-r8-inflation": {
    description: "R8: paper-counting k=2 accuracy minus fair k=1 accuracy, in percentage points",
    format: ".1f",
    value: (r) => inflation(r.read(GZIP_KNN, R8_FULL)),
  },
  "gzip-r52-inflation": {
    description: "R52: paper-counting k=2 accuracy minus fair k=1 accuracy, in percentage points",
    format: ".1f",
    value: (r) => inflation(r.read(GZIP_KNN, "gzip-knn/r52-gzip-9.json")),
  },
  "gzip-r8-ms-per-prediction": {
    description: "R8: milliseconds of one core per prediction with the naive gzip kNN (train rows / pairs per second per core)",
    format: ".0f",
    value: (r) => {
      const sp = speed(r);
      const naive = sp.variants.find((v) => v.key === "a");
      if (!naive) throw new MissingResultError(`results/${SPEED} has no naive variant (key a)`, `results/${SPEED}`);
      return (1000 * sp.trainItems) / naive.pairsPerSecondPerCore;
    },
  },
  "gzip-scaling-results": {
    description: "whether 1 and 2 gzip kNN shards gave identical results (results/gzip-knn-scaling.json)",
    value: (r) => (r.get("gzip-knn-scaling.json", "identicalResults") === true ? "identical results" : "DIFFERENT results"),
  },
  "gzip-scaling-ag-news-1-machine-hours": {
    description: "projected hours of the complete AG News gzip kNN job (7,600 × 120,000) on one machine, one worker (results/gzip-knn-scaling.json)",
    format: ".1f",
    value: (r) => r.num("gzip-knn-scaling.json", "projection.rows[machines=1].wallSeconds") / 3600,
  },
  "gzip-scaling-ag-news-16-machines-minutes": {
    description: "projected minutes of the same job as 16 shards on 16 machines (results/gzip-knn-scaling.json)",
    format: ".0f",
    value: (r) => r.num("gzip-knn-scaling.json", "projection.rows[machines=16].wallSeconds") / 60,
  },
  "gzip-r8-full-run-minutes": {
    description: "R8: wall-clock minutes of the complete exact run (all test items against all train items)",
    format: ".1f",
    value: (r) => r.read(GZIP_KNN, R8_FULL).wallSeconds / 60,
  },
  "gzip-r8-rerank100-minutes": {
    description: "R8: wall-clock minutes of the complete TF-IDF top-100 + gzip re-rank run",
    format: ".1f",
    value: (r) => r.read(GZIP_KNN, "gzip-knn/r8-gzip-9-rerank100.json").wallSeconds / 60,
  },
  "serving-batching-throughput": {
    description: "throughput of micro-batching over one-request-per-call at 32 connections: median [min–max] over rounds",
    value: (r) => medianRange(serving(r).summary.batchingThroughputRatio),
  },
  "serving-batching-p99": {
    description: "p99 latency of micro-batching over one-request-per-call at 32 connections: median [min–max]",
    value: (r) => medianRange(serving(r).summary.batchingP99Ratio),
  },
  "serving-greedy-throughput": {
    description: "throughput of greedy batching over one-request-per-call at 32 connections: median [min–max]",
    value: (r) => medianRange(serving(r).summary.greedyThroughputRatio),
  },
  "serving-greedy-p99": {
    description: "p99 latency of greedy batching over one-request-per-call: median [min–max]",
    value: (r) => medianRange(serving(r).summary.greedyP99Ratio),
  },
  "serving-http-ceiling": {
    description: "throughput of an HTTP server with no model over the best model server: median [min–max]",
    value: (r) => medianRange(serving(r).summary.httpCeilingOverModel),
  },
  "serving-two-processes": {
    description: "throughput of two server processes over one (same machine, shared with the load generator): median [min–max]",
    value: (r) => medianRange(serving(r).summary.twoProcessesOverOne),
  },
  "serving-model-mib": {
    description: "resident memory per loaded model copy, MiB",
    format: ".1f",
    value: (r) => serving(r).footprint.rssPerModelBytes / 2 ** 20,
  },
  "serving-fleet-resident-gib": {
    description: "resident memory of the whole fleet plan, GiB",
    format: ".0f",
    value: (r) => serving(r).fleet.plan.residentModelBytes / 2 ** 30,
  },
  "gzip-python-node-pairs-differ": {
    description: "share of AG News sample pairs whose gzip -9 length differs between Python and node:zlib",
    format: ".0%",
    value: (r) => r.read(GZIP_PYTHON_VS_NODE, "gzip-python-vs-node.json").pairs.shareDiffer,
  },
  "gpu-resident-vs-copy": {
    description: "GPU: time per step when outputs stay on the device vs copied back (ratio, >1 = resident faster), from results/gpu/",
    format: ".1x",
    value: (r) => {
      for (const f of gpuFiles(r)) {
        const v = r.read(GPU_BENCH, f).ratios.residentVsCopyBack;
        if (typeof v === "number") return v;
      }
      throw new MissingResultError("no results/gpu/*.json has a numeric ratios.residentVsCopyBack (it is n/a on the CPU): run npm run bench:gpu on a GPU machine", "results/gpu/");
    },
  },
  "decode-cpu-fused-speedup": {
    description: "GPT-2-small-shaped decode step on the CPU, batch 1: standard fp32 graph time / fused fp32 graph time (>1 = fused faster), from results/llm/decode-cpu-*.json",
    format: ".2x",
    value: (r) => {
      const rows = decodeRows(r, decodeFiles(r, false)[0]!);
      const std = rows.find((x) => !x.fused && x.dtype === "float32"), fused = rows.find((x) => x.fused && x.dtype === "float32");
      if (!std || !fused) throw new MissingResultError("results/llm/decode-cpu-*.json lacks the standard or fused fp32 row", "results/llm/");
      return std.stepMs!.p50 / fused.stepMs!.p50;
    },
  },
  "decode-cpu-static-long-speedup": {
    description: "GPT-2-small-shaped decode step on the CPU, batch 1, after the long prompt: growing cache time / static cache time (>1 = static faster), from results/llm/decode-cpu-*.json",
    format: ".2x",
    value: (r) => staticCacheSpeedup(r, true),
  },
  "decode-cpu-static-short-speedup": {
    description: "GPT-2-small-shaped decode step on the CPU, batch 1, after the 128-token prompt: growing cache (fused, argmax in graph) time / static cache time (>1 = static faster), from results/llm/decode-cpu-*.json",
    format: ".2x",
    value: (r) => staticCacheSpeedup(r, false),
  },
  "decode-gpu-best-ms": {
    description: "GPT-2-small-shaped decode step on a GPU, batch 1: the fastest variant's median, ms (results/llm/decode-<gpu provider>-*.json)",
    format: ".1f",
    value: (r) => Math.min(...decodeFiles(r, true).flatMap((f) => decodeRows(r, f).map((x) => x.stepMs!.p50))),
  },
  "decode-gpu-first-ms": {
    description: "GPT-2-small-shaped decode step on a GPU, batch 1: the first graph with every output copied back, ms",
    format: ".1f",
    value: (r) => decodeRows(r, decodeFiles(r, true)[0]!)[0]!.stepMs!.p50,
  },
  "agnews-size-word": {
    description: "AG News TF-IDF words + LR: what is shipped (weights + vectorizer), MB",
    format: ".1f",
    value: (r) => shippedBytes(baselineModel(r, AG_BASELINES, "tfidf-word-logreg")) / 1e6,
  },
  "agnews-size-char": {
    description: "AG News TF-IDF chars + LR: what is shipped (weights + vectorizer), MB",
    format: ".1f",
    value: (r) => shippedBytes(baselineModel(r, AG_BASELINES, "tfidf-char-logreg")) / 1e6,
  },
  "agnews-size-fasttext": {
    description: "AG News fastText-style classifier: what is shipped (weights), MB",
    format: ".1f",
    value: (r) => shippedBytes(baselineModel(r, AG_BASELINES, "fasttext-hashed-bigrams")) / 1e6,
  },
  "llm-bpc-lm": {
    description: "bits per character of the Austen GPT on held-out Persuasion",
    format: ".2f",
    value: (r) => r.read(LLM_BPC, "llm/bpc.json").languageModel.bitsPerChar,
  },
  "llm-bpc-gzip": {
    description: "bits per character of gzip -9 on held-out Persuasion",
    format: ".2f",
    value: (r) => {
      const g = r.read(LLM_BPC, "llm/bpc.json").compressors.find((x) => x.name.startsWith("gzip"));
      if (!g) throw new MissingResultError("results/llm/bpc.json has no gzip row in compressors", "results/llm/bpc.json");
      return g.bitsPerChar;
    },
  },
};

// ---------------------------------------------------------------------------------------------
// charts

/** Every chart the decks may use as `{{chart KEY}}`. */
export const charts: Record<string, ChartDefinition> = {
  "gzip-paper-vs-fair": {
    title: "gzip + kNN: the paper's counting vs a fair k=1, beside Schutte's re-run",
    build(r) {
      const runs = gzipRuns(r);
      if (!runs.length) throw new MissingResultError("no complete results/gzip-knn/<dataset>-gzip-9.json yet (npm run gzip-knn -- --dataset r8)", "results/gzip-knn/");
      const rows = runs.flatMap((d) => [
        { dataset: d.name, series: "ours: paper counting, k=2", accuracy: d.run.accuracy.paper["2"] },
        { dataset: d.name, series: "ours: fair k=1", accuracy: d.run.accuracy.k1["1"] },
        { dataset: d.name, series: "Schutte: paper counting, k=2", accuracy: anchorsOf(d).paperK2 },
        { dataset: d.name, series: "Schutte: fair k=1", accuracy: anchorsOf(d).fairK1 },
      ]);
      const order = ["ours: paper counting, k=2", "Schutte: paper counting, k=2", "ours: fair k=1", "Schutte: fair k=1"];
      return {
        note: pendingDatasets(runs.map((d) => d.key), "npm run gzip-knn"),
        spec: withConfig({
          width: 760, height: 300,
          data: { values: rows },
          mark: { type: "bar", tooltip: true },
          encoding: {
            x: { field: "dataset", type: "nominal", title: null, sort: DATASETS.map((d) => d.name), axis: { labelAngle: 0 } },
            xOffset: { field: "series", sort: order },
            y: { field: "accuracy", type: "quantitative", title: "accuracy (test set)", scale: { domain: [0, 1] } },
            color: { field: "series", type: "nominal", sort: order, title: null, scale: { domain: order, range: [COLORS[1], COLORS[3], COLORS[0], COLORS[2]] } },
          },
        }),
      };
    },
  },

  "gzip-tie-policies": {
    title: "Same distances, four ways to count a tie (accuracy at k = 1, 2, 3)",
    build(r) {
      const runs = gzipRuns(r);
      if (!runs.length) throw new MissingResultError("no complete results/gzip-knn/<dataset>-gzip-9.json yet", "results/gzip-knn/");
      const names: Record<string, string> = { paper: "paper counting (any tied label)", k1: "nearest neighbour breaks ties", random: "random tie break", decrement: "lower k until no tie" };
      const rows = runs.flatMap((d) =>
        Object.keys(names).flatMap((p) => [1, 2, 3].map((k) => ({ dataset: d.name, policy: names[p], k, accuracy: d.run.accuracy[p]![String(k)] }))),
      );
      return {
        spec: withConfig({
          data: { values: rows },
          facet: { column: { field: "dataset", type: "nominal", title: null, sort: DATASETS.map((d) => d.name), header: { labelFontSize: 15 } } },
          spec: {
            width: 300, height: 170,
            layer: [
              { mark: { type: "line", point: true, strokeWidth: 2.5 } },
            ],
            encoding: {
              x: { field: "k", type: "ordinal", title: "k", axis: { labelAngle: 0 } },
              y: { field: "accuracy", type: "quantitative", scale: { zero: false }, title: "accuracy", axis: { format: ".2f" } },
              color: { field: "policy", type: "nominal", title: null, scale: { range: [COLORS[0], COLORS[4], COLORS[1], COLORS[5]] } },
              strokeDash: { field: "policy", type: "nominal", title: null },
            },
          },
          resolve: { scale: { y: "independent" } },
        }),
      };
    },
  },

  "gzip-speed": {
    title: "Making gzip kNN fast: speed-up over the naive loop (one core, R8, median and quartiles)",
    build(r) {
      const sp = speed(r);
      const variants = sp.variants;
      const short = (v: { key: string; label: string }) =>
        v.key === "anchor-python" ? "the paper's loop, Python" : v.key === "anchor-node" ? "the paper's loop, Node" : v.key === "a" ? "naive (fresh gzip per pair, x too)" : v.key === "b" ? "exact, C(x) once, reused buffers" : v.key.startsWith("c-prefix") ? "prefix dictionary (approx.)" : v.key.startsWith("c-rerank") ? `TF-IDF top ${v.key.replace("c-rerank", "")} + gzip re-rank` : v.label;
      const rows = variants.map((v) => ({ variant: short(v), base: 1, median: v.ratioToNaiveMedian, p25: v.ratioToNaiveP25, p75: v.ratioToNaiveP75, label: `${v.ratioToNaiveMedian.toFixed(1)}×  (fair k=1 ${v.accuracyFairK1.toFixed(3)} on the sample)` }));
      const sort = rows.map((x) => x.variant);
      return {
        note: `${sp.testItems} test items (stratified, seed 42) against all ${sp.trainItems} R8 train items, ${sp.threads} thread; bars: median per-row ratio, whiskers: quartiles.`,
        spec: withConfig({
          width: 560, height: 260,
          data: { values: rows },
          encoding: { y: { field: "variant", type: "nominal", sort, title: null, axis: { labelLimit: 320 } } },
          layer: [
            { mark: { type: "bar", color: COLORS[0] }, encoding: { x: { field: "median", type: "quantitative", scale: { type: "log", domain: [1, 4 * Math.max(...rows.map((x) => x.p75))] }, title: "speed-up over naive (log scale)" }, x2: { field: "base" } } },
            { mark: { type: "rule", color: "#333" }, encoding: { x: { field: "p25", type: "quantitative" }, x2: { field: "p75" } } },
            { mark: { type: "text", align: "left", dx: 6, fontSize: 12 }, encoding: { x: { field: "p75", type: "quantitative" }, text: { field: "label" } } },
          ],
        }),
      };
    },
  },

  "gzip-rerank": {
    title: "Retrieve cheaply, re-rank with gzip: R8 fair k=1 accuracy and run time against M",
    build(r) {
      const files = r.list(GZIP_KNN).filter((f) => /\/r8-gzip-9-rerank\d+\.json$/.test(f));
      if (!files.length) throw new MissingResultError(`no results/gzip-knn/r8-gzip-9-rerank<M>.json yet (\`${GZIP_KNN.command("gzip-knn/r8-gzip-9-rerank100.json")}\`)`, "results/gzip-knn/");
      const full = r.read(GZIP_KNN, R8_FULL);
      const exact = full.accuracy.k1["1"]!;
      const exactMin = full.wallSeconds / 60;
      const rows = files.map((f) => r.read(GZIP_KNN, f)).map((x) => ({ M: x.rerankM ?? 0, accuracy: x.accuracy.k1["1"]!, minutes: x.wallSeconds / 60 })).sort((a, b) => a.M - b.M);
      const rule = [{ accuracy: exact, minutes: exactMin, label: `exact, all ${full.trainRows} train items` }];
      return {
        note: `Complete R8 test set (${full.testRows} items). Dashed: every test item against every train item (${exactMin.toFixed(1)} min on ${full.workers} workers).`,
        spec: withConfig({
          hconcat: [
            {
              width: 330, height: 230, title: "fair k=1 accuracy",
              layer: [
                { data: { values: rows }, mark: { type: "line", point: true, color: COLORS[0], strokeWidth: 2.5 }, encoding: { x: { field: "M", type: "quantitative", scale: { type: "log" }, title: "candidates re-ranked (M, log)" }, y: { field: "accuracy", type: "quantitative", scale: { zero: false }, axis: { format: ".3f" }, title: null } } },
                { data: { values: rule }, mark: { type: "rule", strokeDash: [6, 4], color: COLORS[1] }, encoding: { y: { field: "accuracy", type: "quantitative" } } },
              ],
            },
            {
              width: 330, height: 230, title: "wall-clock minutes, whole test set",
              layer: [
                { data: { values: rows }, mark: { type: "line", point: true, color: COLORS[0], strokeWidth: 2.5 }, encoding: { x: { field: "M", type: "quantitative", scale: { type: "log" }, title: "candidates re-ranked (M, log)" }, y: { field: "minutes", type: "quantitative", title: null } } },
                { data: { values: rule }, mark: { type: "rule", strokeDash: [6, 4], color: COLORS[1] }, encoding: { y: { field: "minutes", type: "quantitative" } } },
              ],
            },
          ],
        }),
      };
    },
  },

  "baselines-vs-gzip": {
    title: "Learned baselines vs gzip kNN (fair k=1) on the same splits",
    build(r) {
      const present = DATASETS.filter((d) => r.has(`baselines/${d.key}.json`));
      if (!present.length) throw new MissingResultError(`no results/baselines/<dataset>.json yet (\`${BASELINES.command("baselines/r8.json")}\`)`, "results/baselines/");
      const full = gzipRuns(r);
      const rows: { dataset: string; model: string; accuracy: number }[] = [];
      for (const d of present) {
        for (const m of r.read(BASELINES, `baselines/${d.key}.json`).models) rows.push({ dataset: d.name, model: BASELINE_NAMES[m.name] ?? m.name, accuracy: m.accuracy });
        const g = full.find((x) => x.key === d.key);
        if (g) rows.push({ dataset: d.name, model: "gzip kNN, fair k=1", accuracy: g.run.accuracy.k1["1"]! });
      }
      const order = ["gzip kNN, fair k=1", ...Object.values(BASELINE_NAMES)];
      const gz = full.map((d) => d.key);
      const notes = [pendingDatasets(present.map((d) => d.key), "baselines"), gz.length < DATASETS.length ? `gzip kNN pending for ${DATASETS.filter((d) => !gz.includes(d.key)).map((d) => d.name).join(", ")}.` : undefined].filter(Boolean);
      return {
        note: notes.join(" ") || undefined,
        spec: withConfig({
          width: 760, height: 280,
          data: { values: rows },
          mark: { type: "bar", tooltip: true },
          encoding: {
            x: { field: "dataset", type: "nominal", title: null, sort: DATASETS.map((d) => d.name), axis: { labelAngle: 0 } },
            xOffset: { field: "model", sort: order },
            y: { field: "accuracy", type: "quantitative", title: "test accuracy", scale: { domain: [0, 1] } },
            color: { field: "model", type: "nominal", title: null, sort: order, scale: { domain: order, range: [COLORS[1], COLORS[0], COLORS[2], COLORS[4]] } },
          },
        }),
      };
    },
  },

  "objectives-agnews": {
    title: "AG News: accuracy against p99 latency (one text at a time) and model size",
    build(r) {
      const ag = r.read(BASELINES, AG_BASELINES);
      const rows = ag.models.map((m) => {
        const mb = shippedBytes(m) / 1e6;
        return { model: BASELINE_NAMES[m.name] ?? m.name, accuracy: m.accuracy, p99: m.latency.p99Ms, p50: m.latency.p50Ms, sizeMB: mb, label: `${BASELINE_NAMES[m.name] ?? m.name} (${mb.toFixed(1)} MB)` };
      });
      return {
        note: `Trained in TypeScript on ${ag.trainRows.toLocaleString("en-US")} AG News rows, tested on ${ag.testRows.toLocaleString("en-US")}; latency includes vectorizing; bubble area ∝ size shipped (weights + vectorizer).`,
        spec: withConfig({
          width: 640, height: 290,
          data: { values: rows },
          encoding: {
            x: { field: "p99", type: "quantitative", scale: { type: "log", padding: 40 }, title: "p99 latency per prediction, ms (log)" },
            y: { field: "accuracy", type: "quantitative", scale: { zero: false, padding: 20 }, axis: { format: ".3f" }, title: "accuracy" },
          },
          layer: [
            { mark: { type: "circle", opacity: 0.75, color: COLORS[0] }, encoding: { size: { field: "sizeMB", type: "quantitative", legend: null, scale: { range: [80, 1600] } } } },
            { mark: { type: "text", dy: -22, fontSize: 13 }, encoding: { text: { field: "label" } } },
          ],
        }),
      };
    },
  },

  "serving-modes": {
    title: "One model server, three ways to call the model (32 connections): throughput and p99",
    build(r) {
      const rounds = serving(r).rounds;
      const rows = Object.entries(rounds).flatMap(([mode, rs]) => rs.map((x, i) => ({ mode: MODE_NAMES[mode] ?? mode, round: i + 1, throughput: x.throughput, p99: x.p99Ms })));
      const sort = Object.keys(rounds).map((m) => MODE_NAMES[m] ?? m);
      const panel = (field: string, title: string) => ({
        width: 250, height: 200, title,
        encoding: { y: { field: "mode", type: "nominal", sort, title: null, axis: { labelLimit: 300 } } },
        layer: [
          { mark: { type: "bar", color: COLORS[0], opacity: 0.85 }, encoding: { x: { aggregate: "median", field, type: "quantitative", title: null } } },
          { mark: { type: "tick", color: "#222", thickness: 2 }, encoding: { x: { field, type: "quantitative" } } },
        ],
      });
      return {
        note: `Bars: median over ${(Object.values(rounds)[0] ?? []).length} rounds; ticks: each round. Servers in child processes, autocannon in the parent (closed loop, one AG News text per request) on the same ${serving(r).machine.cores} cores.`,
        spec: withConfig({ data: { values: rows }, hconcat: [panel("throughput", "requests / s"), panel("p99", "p99 latency, ms")] }),
      };
    },
  },

  "serving-sweep": {
    title: "Latency against throughput as concurrency rises (1, 8, 64 connections)",
    build(r) {
      const sweep = serving(r).sweep;
      const rows = Object.entries(sweep).flatMap(([mode, rs]) => rs.map((x) => ({ mode: MODE_NAMES[mode] ?? mode, connections: x.connections, throughput: x.throughput, p99: x.p99Ms, label: `${x.connections}` })));
      return {
        note: "Each point is one load level; the label is the number of concurrent connections. Closed-loop load (autocannon).",
        spec: withConfig({
          width: 640, height: 300,
          data: { values: rows },
          encoding: {
            x: { field: "throughput", type: "quantitative", title: "throughput, requests / s" },
            y: { field: "p99", type: "quantitative", scale: { type: "log" }, title: "p99 latency, ms (log)" },
            color: { field: "mode", type: "nominal", title: null, scale: { range: [COLORS[1], COLORS[4], COLORS[0]] } },
          },
          layer: [
            { mark: { type: "line", point: { size: 70 }, strokeWidth: 2.5 }, encoding: { order: { field: "connections", type: "quantitative" } } },
            { mark: { type: "text", dy: -12, fontSize: 12 }, encoding: { text: { field: "label" } } },
          ],
        }),
      };
    },
  },

  "llm-bpc": {
    title: "A language model is a compressor: bits per character on a held-out novel",
    build(r) {
      const bpc = r.read(LLM_BPC, "llm/bpc.json");
      const all = bpc.compressors;
      // the float32 and float16 rows share the text's bits; keep one model row
      const rows = all.filter((c) => !/float32/.test(c.name)).map((c) => ({ name: c.name.replace(/, weights float16$/, "").replace(/ \(node zlib.*\)$/, ""), bpc: c.bitsPerChar, kind: c.modelBytes ? "language model" : "general-purpose compressor" }));
      const amort = bpc.modelCostAmortised;
      const cost = amort?.length ? ` Shipping the model costs extra bits: ${amort.map((a) => `${a.float16BitsPerChar} bits/char amortised over ${a.over}`).join("; ")} (fp16).` : "";
      return {
        note: `Held-out text: ${bpc.text.split} (${bpc.text.characters.toLocaleString("en-US")} characters); model: ${bpc.model.parameters.toLocaleString("en-US")} parameters.${cost}`,
        spec: withConfig({
          width: 560, height: 200,
          data: { values: rows },
          encoding: {
            y: { field: "name", type: "nominal", title: null, sort: "x", axis: { labelLimit: 300 } },
            x: { field: "bpc", type: "quantitative", title: "bits per character (lower is better)", scale: { zero: true } },
          },
          layer: [
            { mark: { type: "bar", tooltip: true }, encoding: { color: { field: "kind", type: "nominal", title: null, scale: { range: [COLORS[2], COLORS[0]] } } } },
            { mark: { type: "text", align: "left", dx: 5, fontSize: 13 }, encoding: { text: { field: "bpc", type: "quantitative", format: ".2f" } } },
          ],
        }),
      };
    },
  },

  "gpu-batch-sweep": {
    title: "GPU vs CPU: throughput against batch size (1024-wide MLP, recorded by npm run bench:gpu)",
    build(r) {
      const files = gpuFiles(r);
      // bench/gpu-serving.ts: runs[].batch.points[] = { batchSize, throughputPerSec, batchP99Ms, … }
      const rows = files.flatMap((f) => {
        const g = r.read(GPU_BENCH, f);
        const where = g.machine.gpu ?? g.machine.cpu;
        return g.runs.flatMap((run) =>
          (run.batch?.points ?? []).map((p) => ({ series: `${run.provider} · ${run.provider === "cpu" ? g.machine.cpu : where}`, batch: p.batchSize, throughput: p.throughputPerSec })),
        );
      });
      if (!rows.some((x) => !x.series.startsWith("cpu"))) throw new MissingResultError(`no GPU run in ${files.map((f) => "results/" + f).join(", ")} (CPU only): run npm run bench:gpu on a GPU machine`, `results/${files[0]}`);
      return {
        note: `From ${files.map((f) => "results/" + f).join(", ")}.`,
        spec: withConfig({
          width: 600, height: 280,
          data: { values: rows },
          mark: { type: "line", point: true, strokeWidth: 2.5 },
          encoding: {
            x: { field: "batch", type: "quantitative", scale: { type: "log", base: 2 }, title: "batch size (log2)" },
            y: { field: "throughput", type: "quantitative", scale: { type: "log" }, title: "rows / s (log)" },
            color: { field: "series", type: "nominal", title: null },
          },
        }),
      };
    },
  },
};

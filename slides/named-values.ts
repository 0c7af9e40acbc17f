/**
 * The named values of the slide decks (`{{name KEY}}`): one figure each, computed from the committed
 * results files (read through slides/results-reader.ts) or quoted from an anchor of lib/, never typed by hand.
 * @packageDocumentation
 */
import { H100_DECODE_ANCHORS } from "../lib/gpu/recorded";
import { GZIP_KNN, GZIP_PYTHON_VS_NODE, GPU_BENCH, LLM_BPC } from "../lib/results/index";
import { MissingResultError, type Results } from "./results-reader";
import {
  R8_FULL, SPEED, AG_BASELINES, gzipAnchor, inflation, medianRange, serving, speed, scaling, projectionRow, gpuFiles, decodeFiles, decodeRows, staticCacheSpeedup, baselineModel, shippedBytes,
} from "./selectors";

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
    value: (r) => (scaling(r).identicalResults ? "identical results" : "DIFFERENT results"),
  },
  "gzip-scaling-ag-news-1-machine-hours": {
    description: "projected hours of the complete AG News gzip kNN job (7,600 × 120,000) on one machine, one worker (results/gzip-knn-scaling.json)",
    format: ".1f",
    value: (r) => projectionRow(r, 1).wallSeconds / 3600,
  },
  "gzip-scaling-ag-news-16-machines-minutes": {
    description: "projected minutes of the same job as 16 shards on 16 machines (results/gzip-knn-scaling.json)",
    format: ".0f",
    value: (r) => projectionRow(r, 16).wallSeconds / 60,
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

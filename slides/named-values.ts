/**
 * The named values of the decks (`{{name KEY}}`): one figure each, computed from the committed
 * results files (or a recorded anchor defined once in lib/), never typed by hand.
 */
import { GZIP_KNN_ANCHORS, type GzipKnnAnchor } from "../lib/compress/anchors";
import { H100_DECODE_ANCHORS } from "../lib/gpu/recorded";
import { lookupPath, MissingResultError, type Results } from "./results-reader";
import { decodeFiles, decodeRows, gpuFiles, medianRange, SERVING, shippedBytes, SPEED, staticCacheSpeedup } from "./selectors";

/** The gzip-kNN anchor of a dataset (lib/compress/anchors.ts). */
function gzipAnchor(dataset: string): GzipKnnAnchor {
  const a = GZIP_KNN_ANCHORS.find((x) => x.dataset === dataset);
  if (!a) throw new Error(`no gzip-kNN anchor for ${dataset} in lib/compress/anchors.ts`);
  return a;
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


/** Every named value the decks may use as `{{name KEY}}`. */
export const namedValues: Record<string, NamedValue> = {
  "results-machine": {
    description: "the machine the committed CPU results were measured on (from results/serving/bench.json)",
    value: (r) => `${r.num(SERVING, "machine.cores")}-core ${String(r.get(SERVING, "machine.cpu"))}, Node ${String(r.get(SERVING, "machine.node"))}, onnxruntime ${String(r.get(SERVING, "machine.onnxruntime"))}`,
  },
  "gzip-r8-inflation": {
    description: "R8: paper-counting k=2 accuracy minus fair k=1 accuracy, in percentage points",
    format: ".1f",
    value: (r) => 100 * (r.num("gzip-knn/r8-gzip-9.json", "accuracy.paper.2") - r.num("gzip-knn/r8-gzip-9.json", "accuracy.k1.1")),
  },
  "gzip-r52-inflation": {
    description: "R52: paper-counting k=2 accuracy minus fair k=1 accuracy, in percentage points",
    format: ".1f",
    value: (r) => 100 * (r.num("gzip-knn/r52-gzip-9.json", "accuracy.paper.2") - r.num("gzip-knn/r52-gzip-9.json", "accuracy.k1.1")),
  },
  "gzip-r8-ms-per-prediction": {
    description: "R8: milliseconds of one core per prediction with the naive gzip kNN (train rows / pairs per second per core)",
    format: ".0f",
    value: (r) => (1000 * r.num(SPEED, "trainItems")) / r.num(SPEED, "variants[key=a].pairsPerSecondPerCore"),
  },
  "gzip-r8-full-run-minutes": {
    description: "R8: wall-clock minutes of the complete exact run (all test items against all train items)",
    format: ".1f",
    value: (r) => r.num("gzip-knn/r8-gzip-9.json", "wallSeconds") / 60,
  },
  "gzip-r8-rerank100-minutes": {
    description: "R8: wall-clock minutes of the complete TF-IDF top-100 + gzip re-rank run",
    format: ".1f",
    value: (r) => r.num("gzip-knn/r8-gzip-9-rerank100.json", "wallSeconds") / 60,
  },
  "serving-batching-throughput": {
    description: "throughput of micro-batching over one-request-per-call at 32 connections: median [min–max] over rounds",
    value: (r) => medianRange(r, SERVING, "summary.batchingThroughputRatio"),
  },
  "serving-batching-p99": {
    description: "p99 latency of micro-batching over one-request-per-call at 32 connections: median [min–max]",
    value: (r) => medianRange(r, SERVING, "summary.batchingP99Ratio"),
  },
  "serving-greedy-throughput": {
    description: "throughput of greedy batching over one-request-per-call at 32 connections: median [min–max]",
    value: (r) => medianRange(r, SERVING, "summary.greedyThroughputRatio"),
  },
  "serving-greedy-p99": {
    description: "p99 latency of greedy batching over one-request-per-call: median [min–max]",
    value: (r) => medianRange(r, SERVING, "summary.greedyP99Ratio"),
  },
  "serving-http-ceiling": {
    description: "throughput of an HTTP server with no model over the best model server: median [min–max]",
    value: (r) => medianRange(r, SERVING, "summary.httpCeilingOverModel"),
  },
  "serving-two-processes": {
    description: "throughput of two server processes over one (same machine, shared with the load generator): median [min–max]",
    value: (r) => medianRange(r, SERVING, "summary.twoProcessesOverOne"),
  },
  "serving-model-mib": {
    description: "resident memory per loaded model copy, MiB",
    format: ".1f",
    value: (r) => r.num(SERVING, "footprint.rssPerModelBytes") / 2 ** 20,
  },
  "serving-fleet-resident-gib": {
    description: "resident memory of the whole fleet plan, GiB",
    format: ".0f",
    value: (r) => r.num(SERVING, "fleet.plan.residentModelBytes") / 2 ** 30,
  },
  "gzip-python-node-pairs-differ": {
    description: "share of AG News sample pairs whose gzip -9 length differs between Python and node:zlib",
    format: ".0%",
    value: (r) => r.num("gzip-python-vs-node.json", "pairs.shareDiffer"),
  },
  "gpu-resident-vs-copy": {
    description: "GPU: time per step when outputs stay on the device vs copied back (ratio, >1 = resident faster), from results/gpu/",
    format: ".1x",
    value: (r) => {
      for (const f of gpuFiles(r)) {
        const v = lookupPath(r.json(f), "ratios.residentVsCopyBack").value;
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
    description: "recorded anchor: PyTorch eager GPT-2-small decode step on the lent H100, ms (H100_DECODE_ANCHORS, lib/gpu/recorded.ts)",
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
  "agnews-size-word": {
    description: "AG News TF-IDF words + LR: what is shipped (weights + vectorizer), MB",
    format: ".1f",
    value: (r) => shippedBytes(r, "baselines/ag_news.json", "tfidf-word-logreg") / 1e6,
  },
  "agnews-size-char": {
    description: "AG News TF-IDF chars + LR: what is shipped (weights + vectorizer), MB",
    format: ".1f",
    value: (r) => shippedBytes(r, "baselines/ag_news.json", "tfidf-char-logreg") / 1e6,
  },
  "agnews-size-fasttext": {
    description: "AG News fastText-style classifier: what is shipped (weights), MB",
    format: ".1f",
    value: (r) => shippedBytes(r, "baselines/ag_news.json", "fasttext-hashed-bigrams") / 1e6,
  },
  "llm-bpc-lm": {
    description: "bits per character of the Austen GPT on held-out Persuasion",
    format: ".2f",
    value: (r) => r.num("llm/bpc.json", "languageModel.bitsPerChar"),
  },
  "llm-bpc-gzip": {
    description: "bits per character of gzip -9 on held-out Persuasion",
    format: ".2f",
    value: (r) => {
      const rows = r.get("llm/bpc.json", "compressors") as { name: string; bitsPerChar: number }[];
      const g = rows.find((x) => x.name.startsWith("gzip"));
      if (!g) throw new MissingResultError("results/llm/bpc.json has no gzip row in compressors", "results/llm/bpc.json");
      return g.bitsPerChar;
    },
  },
};


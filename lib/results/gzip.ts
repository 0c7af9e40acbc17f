/**
 * Results of module 01's gzip experiments: the full gzip-kNN runs (`npm run gzip-knn`), the speed
 * benchmark (`npm run bench:gzip`) and the Python-vs-Node byte comparison.
 * @packageDocumentation
 */
import { z } from "zod";
import { defineResultFamily, typedSchema } from "./family";
import { machineSchema, type StoredMachine } from "./machine";

/** `accuracy[policy][k]`: policies paper, k1, random, decrement; k as a string key (`"1"`, `"2"`, …). */
export interface KnnAccuracyByPolicy {
  paper: Record<string, number>;
  k1: Record<string, number>;
  random: Record<string, number>;
  decrement: Record<string, number>;
  [policy: string]: Record<string, number>;
}

/** One complete gzip-kNN run (see `GzipKnnResult` of lib/compress for every field written). */
export interface GzipKnnRun {
  dataset: string;
  compressor: string;
  level: number;
  engine: string;
  trainRows: number;
  testRows: number;
  topK: number;
  /** Candidates re-ranked per test item; null for the full scan. */
  rerankM: number | null;
  prefix: boolean;
  complete: boolean;
  accuracy: KnnAccuracyByPolicy;
  compressionsTotal: number;
  pairsPerSecondPerCore: number;
  workers: number;
  wallSeconds: number;
  cpuSeconds?: number;
  /** Pairs per CPU second of the workers (absent in older files). */
  pairsPerCpuSecond?: number;
  machine: StoredMachine;
  /** Schutte's re-run of the paper's code, for this dataset. */
  anchors?: { source: string; fairK1: number; paperK2: number };
  /** Which train split was used (`train`: the shipped subset for AG News; `train_full`: the complete file). Absent in older files: `train`. */
  trainSplit?: string;
  /** Checkpoint lines found invalid and recomputed (absent when none). */
  checkpointRejected?: unknown[];
}

/** One variant of the gzip NCD speed benchmark. */
export interface GzipSpeedVariant {
  key: string;
  label: string;
  exactDistances: boolean;
  pairsPerSecondPerCore: number;
  ratioToNaiveMedian: number;
  ratioToNaiveP25: number;
  ratioToNaiveP75: number;
  accuracyFairK1: number;
  accuracyPaperK2?: number;
  /** Accuracy of the complete R8 test set where a full run of this variant exists. */
  fullTestAccuracy?: { k1: number; k2: number } | null;
  /** Speed against the paper's own loop run in Node (median, quartiles of per-row ratios). */
  ratioToPaperNodeMedian?: number;
  ratioToPaperNodeP25?: number;
  ratioToPaperNodeP75?: number;
  /** Speed against the paper's own loop run in Python (where `/usr/bin/python3` exists). */
  ratioToPaperPythonMedian?: number;
  ratioToPaperPythonP25?: number;
  ratioToPaperPythonP75?: number;
}

/** `results/gzip-knn-speed.json`. */
export interface GzipKnnSpeed {
  dataset: string;
  testItems: number;
  trainItems: number;
  threads: number;
  /** Rows the anchors and the naive loop ran on (the first ones). */
  naiveRows?: number;
  /** Key of the fastest variant that keeps accuracy. */
  chosen?: string;
  variants: GzipSpeedVariant[];
  machine: StoredMachine;
}

/** Fair k=1 and paper-counting k=2 accuracy. */
export interface FairAndPaperAccuracy {
  fairK1: number;
  paperK2: number;
}

/** `results/gzip-python-vs-node.json`. */
export interface GzipPythonVsNode {
  python: { version: string; zlib: string };
  node: { version: string; zlib: string };
  /** C(x) of every sampled text on its own. */
  singleTexts: { compared: number; lengthsDiffer: number };
  pairs: { compared: number; lengthsDiffer: number; shareDiffer: number; nodeMinusPython: Record<string, number> };
  nearestNeighbour: { testItems: number; nearestDiffers: number; python: FairAndPaperAccuracy; node: FairAndPaperAccuracy };
  /** Python's lengths of C(x y) for the first `tests` × `trains` pairs. */
  firstPairs: { tests: number; trains: number; pythonLengths: number[][] };
  machine: StoredMachine;
}

const byK = z.record(z.string(), z.number());

/** `accuracy[policy][k]` of a gzip-kNN run (policies paper, k1, random, decrement; k as a string key). */
export const knnAccuracySchema = z.object({ paper: byK, k1: byK, random: byK, decrement: byK }).catchall(byK);

/** One complete gzip-kNN run: `results/gzip-knn/<dataset>-<compressor>-<level>[-trainfull][-prefix][-rerank<M>].json`. */
export const gzipKnnRunSchema = z
  .object({
    dataset: z.string(),
    compressor: z.string(),
    level: z.number().int(),
    engine: z.string(),
    trainRows: z.number().int().positive(),
    testRows: z.number().int().positive(),
    topK: z.number().int(),
    /** Candidates re-ranked per test item; absent or null for the full scan (files before re-ranking lack it). */
    rerankM: z.number().int().positive().nullable().default(null),
    prefix: z.boolean().default(false),
    complete: z.boolean(),
    accuracy: knnAccuracySchema,
    compressionsTotal: z.number(),
    pairsPerSecondPerCore: z.number(),
    workers: z.number().int(),
    wallSeconds: z.number(),
    cpuSeconds: z.number().optional(),
    pairsPerCpuSecond: z.number().optional(),
    machine: machineSchema,
    anchors: z.object({ source: z.string(), fairK1: z.number(), paperK2: z.number() }).optional(),
    trainSplit: z.string().optional(),
    checkpointRejected: z.array(z.unknown()).optional(),
  })
  .passthrough();

/** The gzip-kNN family: canonical files name no train/test limits (`-trN-teM` files are ad-hoc). */
export const GZIP_KNN = defineResultFamily({
  name: "gzip-knn",
  schema: typedSchema<GzipKnnRun>(gzipKnnRunSchema),
  version: 1,
  files: /^gzip-knn\/[a-z0-9_]+-(?:gzip|deflate|zlib)-\d(?:-trainfull)?(?:-prefix)?(?:-rerank\d+)?\.json$/,
  command(file) {
    const m = /^gzip-knn\/([a-z0-9_]+)-(gzip|deflate|zlib)-(\d)(-trainfull)?(-prefix)?(?:-rerank(\d+))?\.json$/.exec(file);
    if (!m) return "npm run gzip-knn -- --dataset NAME --save";
    const extra = [m[2] !== "gzip" ? ` --compressor ${m[2]}` : "", m[3] !== "9" ? ` --level ${m[3]}` : "", m[4] ? " --train full" : "", m[5] ? " --prefix" : "", m[6] ? ` --rerank ${m[6]}` : ""].join("");
    return `npm run gzip-knn -- --dataset ${m[1]}${extra} --save`;
  },
});

/** `results/gzip-knn-speed.json`: the one-core speed of each way of computing gzip NCDs on R8. */
export const gzipKnnSpeedSchema = z
  .object({
    dataset: z.string(),
    testItems: z.number().int(),
    trainItems: z.number().int(),
    threads: z.number().int(),
    naiveRows: z.number().int().optional(),
    chosen: z.string().optional(),
    variants: z.array(
      z
        .object({
          key: z.string(),
          label: z.string(),
          exactDistances: z.boolean(),
          pairsPerSecondPerCore: z.number(),
          ratioToNaiveMedian: z.number(),
          ratioToNaiveP25: z.number(),
          ratioToNaiveP75: z.number(),
          accuracyFairK1: z.number(),
          accuracyPaperK2: z.number().optional(),
          fullTestAccuracy: z.object({ k1: z.number(), k2: z.number() }).passthrough().nullable().optional(),
          ratioToPaperNodeMedian: z.number().optional(),
          ratioToPaperNodeP25: z.number().optional(),
          ratioToPaperNodeP75: z.number().optional(),
          ratioToPaperPythonMedian: z.number().optional(),
          ratioToPaperPythonP25: z.number().optional(),
          ratioToPaperPythonP75: z.number().optional(),
        })
        .passthrough(),
    ),
    machine: machineSchema,
  })
  .passthrough();

/** The speed benchmark family (one file). */
export const GZIP_KNN_SPEED = defineResultFamily({
  name: "gzip-knn-speed",
  schema: typedSchema<GzipKnnSpeed>(gzipKnnSpeedSchema),
  version: 1,
  files: /^gzip-knn-speed\.json$/,
  command: () => "npm run bench:gzip -- --save",
});

const fairPaper = z.object({ fairK1: z.number(), paperK2: z.number() }).passthrough();

/** `results/gzip-python-vs-node.json`: Python's gzip -9 lengths against node:zlib's on an AG News sample. */
export const gzipPythonVsNodeSchema = z
  .object({
    python: z.object({ version: z.string(), zlib: z.string() }).passthrough(),
    node: z.object({ version: z.string(), zlib: z.string() }).passthrough(),
    singleTexts: z.object({ compared: z.number().int(), lengthsDiffer: z.number().int() }).passthrough(),
    pairs: z.object({ compared: z.number().int(), lengthsDiffer: z.number().int(), shareDiffer: z.number(), nodeMinusPython: z.record(z.string(), z.number()) }).passthrough(),
    nearestNeighbour: z.object({ testItems: z.number().int(), nearestDiffers: z.number().int(), python: fairPaper, node: fairPaper }).passthrough(),
    firstPairs: z.object({ tests: z.number().int(), trains: z.number().int(), pythonLengths: z.array(z.array(z.number())) }).passthrough(),
    machine: machineSchema,
  })
  .passthrough();

/** The Python-vs-Node family (one file). */
export const GZIP_PYTHON_VS_NODE = defineResultFamily({
  name: "gzip-python-vs-node",
  schema: typedSchema<GzipPythonVsNode>(gzipPythonVsNodeSchema),
  version: 1,
  files: /^gzip-python-vs-node\.json$/,
  command: () => "npx tsx scripts/python-gzip-reference.ts --save",
});

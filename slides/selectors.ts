/**
 * Which results the deck figures draw on: the datasets and model names, the results files of
 * each family, and small selections over them shared by named values and charts.
 */
import { compareStaticCache, DEFAULT_DECODE_PROMPT, type DecodeResultRow } from "../lib/llm/decode-results";
import { lookupPath, MissingResultError, type Results } from "./results-reader";

export const DATASETS: { key: string; name: string }[] = [
  { key: "ag_news", name: "AG News" },
  { key: "20newsgroups", name: "20News" },
  { key: "ohsumed", name: "Ohsumed" },
  { key: "r8", name: "R8" },
  { key: "r52", name: "R52" },
];
export const BASELINE_NAMES: Record<string, string> = {
  "tfidf-word-logreg": "TF-IDF words + LR",
  "tfidf-char-logreg": "TF-IDF chars + LR",
  "fasttext-hashed-bigrams": "fastText-style",
};
/** The complete gzip-kNN runs (every test item against the whole train set) that exist. */
export function gzipRuns(r: Results): { key: string; name: string; file: string }[] {
  return DATASETS.map((d) => ({ ...d, file: `gzip-knn/${d.key}-gzip-9.json` })).filter((d) => r.has(d.file) && r.get(d.file, "complete") === true);
}
export function pendingDatasets(present: string[], family: string): string | undefined {
  const missing = DATASETS.filter((d) => !present.includes(d.key));
  return missing.length ? `Pending (${family} not run yet): ${missing.map((d) => d.name).join(", ")}.` : undefined;
}
export function medianRange(r: Results, file: string, field: string, digits = 2): string {
  const med = r.num(file, `${field}.median`);
  const lo = r.num(file, `${field}.min`);
  const hi = r.num(file, `${field}.max`);
  return `${med.toFixed(digits)}× [${lo.toFixed(digits)}–${hi.toFixed(digits)}]`;
}
/** Bytes a baseline model ships: its weights plus its vectorizer when it has one. */
export function shippedBytes(r: Results, file: string, model: string): number {
  const v = lookupPath(r.json(file), `models[name=${model}].vectorizerBytes`).value;
  return r.num(file, `models[name=${model}].sizeBytes`) + (typeof v === "number" ? v : 0);
}
export const SERVING = "serving/bench.json";
/** The results/gpu/*.json files written by bench/gpu-serving.ts. @throws MissingResultError when none */
export function gpuFiles(r: Results): string[] {
  const files = r.list("gpu");
  if (!files.length) throw new MissingResultError("results/gpu/ has no results yet (npm run bench:gpu writes results/gpu/<provider>-<host>.json)", "results/gpu/");
  return files;
}
/** results/llm/decode-<provider>-<host>.json files of one kind: the CPU's, or any GPU provider's. */
export function decodeFiles(r: Results, gpu: boolean): string[] {
  const files = r.list("llm").filter((f) => /^llm\/decode-/.test(f) && /^llm\/decode-cpu-/.test(f) !== gpu);
  if (!files.length) {
    throw new MissingResultError(gpu ? "no GPU run of npm run bench:decode is committed (results/llm/decode-webgpu-*.json): see bench/README.md" : "results/llm/decode-cpu-*.json does not exist (npm run bench:decode -- --providers cpu)", "results/llm/");
  }
  return files;
}
/** Batch-1 rows that ran after the default prompt. */
export const decodeRows = (r: Results, file: string): DecodeResultRow[] =>
  (r.json(file) as { rows: DecodeResultRow[] }).rows.filter((x) => x.batch === 1 && x.stepMs && (x.promptTokens ?? DEFAULT_DECODE_PROMPT) === DEFAULT_DECODE_PROMPT);
/** Growing-cache step time / static-cache step time on the CPU (same graph otherwise, batch 1). */
export function staticCacheSpeedup(r: Results, long: boolean): number {
  const cmp = compareStaticCache((r.json(decodeFiles(r, false)[0]!) as { rows: DecodeResultRow[] }).rows);
  if (!cmp) throw new MissingResultError("results/llm/decode-cpu-*.json has no rows with and without the static cache after both prompts (rerun npm run bench:decode -- --providers cpu)", "results/llm/");
  return long ? cmp.growingMs.long / cmp.staticMs.long : cmp.growingMs.short / cmp.staticMs.short;
}
export const SPEED = "gzip-knn-speed.json";
export const MODE_NAMES: Record<string, string> = { noBatching: "one request per model call", greedy: "greedy batching (no wait)", batching: "micro-batching (wait ≤ 2 ms)", noopHttp: "HTTP only (no model)" };


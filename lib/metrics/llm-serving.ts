/**
 * LLM serving metrics, defined as NVIDIA GenAI-Perf and vLLM's `benchmark_serving` define them,
 * with llmperf's different inter-token latency computed beside them under its own name.
 *
 * Per request (times in ms; "chunks" are the streamed chunks with non-empty text, empty ones are
 * ignored everywhere, as GenAI-Perf and llmperf ignore them):
 * - TTFT = first non-empty chunk − sent.
 * - e2e latency = `end` when the trace gives it (vLLM: stream closed), else last non-empty chunk − sent (GenAI-Perf).
 * - ITL (vLLM) = every gap between consecutive chunks after the first; pooled over all requests.
 * - TPOT = (e2e − TTFT) / (output tokens − 1), only when output tokens > 1 (vLLM's TPOT; GenAI-Perf calls it "inter-token latency").
 * - output tokens/s per request = output tokens / e2e (GenAI-Perf's per-request output token throughput).
 * - llmperf ITL = e2e / output tokens: the whole request, TTFT included, divided by all tokens;
 *   a different, larger-for-slow-prefill number, reported as `llmperfItl`.
 *
 * Over the run: duration = last response − first request (GenAI-Perf); output token throughput
 * = total output tokens / duration; request throughput = completed requests / duration; goodput
 * = requests meeting every SLO given (TTFT, TPOT, e2e; each `≤`) / duration (vLLM, after DistServe).
 * A request with one output token has no TPOT; for goodput it passes the TPOT SLO, as vLLM counts it (TPOT 0).
 */
import type { LlmTrace } from "./llm-trace";
import { sortedFloat64 } from "../stats/sorted";
import { percentileSorted } from "./percentile";

/** Statistics of one LLM metric: GenAI-Perf/vLLM style (population std, numpy-linear percentiles). */
export interface LlmMetricSummary {
  /** Number of values. */
  count: number;
  /** Mean. */
  mean: number;
  /** Population standard deviation (numpy's default, as GenAI-Perf and vLLM report it). */
  std: number;
  /** Minimum. */
  min: number;
  /** Maximum. */
  max: number;
  /** Median. */
  p50: number;
  /** 90th percentile. */
  p90: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
}

/** Service-level objectives for goodput, in ms; a request is good when it meets all that are given. */
export interface LlmSlo {
  /** Max time to first token, ms. */
  ttftMs?: number;
  /** Max time per output token, ms. */
  tpotMs?: number;
  /** Max end-to-end latency, ms. */
  e2eMs?: number;
}

/** Options of {@link computeLlmMetrics}. */
export interface LlmMetricsOptions {
  /** Counts the output tokens of a request's whole generated text; default: one token per non-empty chunk. */
  countTokens?: (text: string) => number;
  /** SLOs for goodput; default none (goodput is then null). */
  slo?: LlmSlo;
  /** Run duration in ms for the throughputs; default last response − first request. Pass the benchmark's wall time to match vLLM. */
  durationMs?: number;
}

/** Metrics of one request. Latencies in ms; null where undefined for this request. */
export interface LlmRequestMetrics {
  /** Request id. */
  id: string | number;
  /** False when the request carried an error or produced no non-empty chunk. */
  ok: boolean;
  /** Why it failed, when it did. */
  error?: string;
  /** Prompt tokens. */
  inputTokens: number;
  /** Output tokens (non-empty chunks, or the token counter's count). */
  outputTokens: number;
  /** Non-empty chunks received. */
  chunks: number;
  /** Time to first (non-empty) token. */
  ttftMs: number | null;
  /** End-to-end latency. */
  e2eMs: number | null;
  /** Time per output token after the first; null unless outputTokens > 1. */
  tpotMs: number | null;
  /** Gaps between consecutive non-empty chunks after the first (vLLM's ITL entries). */
  itlMs: number[];
  /** outputTokens / e2e in tokens per second. */
  outputTokensPerSecond: number | null;
  /** llmperf's inter-token latency: e2e / outputTokens (TTFT included). */
  llmperfItlMs: number | null;
  /** Met every SLO given (true when no SLO is given and the request succeeded). */
  good: boolean;
}

/** How many requests a trace held and how they ended. */
export interface LlmRequestCounts {
  /** Requests in the trace. */
  total: number;
  /** Requests that produced at least one non-empty chunk and no error. */
  completed: number;
  /** Requests with an error or no non-empty chunk. */
  failed: number;
}

/** Goodput: the rate of requests that met every SLO given. */
export interface LlmGoodput {
  /** The SLOs applied. */
  slo: LlmSlo;
  /** Requests meeting all of them. */
  goodRequests: number;
  /** goodRequests / duration in s. */
  requestsPerSecond: number;
  /** goodRequests / all requests (failed ones included). */
  fractionGood: number;
}

/** Run-level report of {@link computeLlmMetrics}. */
export interface LlmServingReport {
  /** Requests in the trace, completed and failed. */
  requests: LlmRequestCounts;
  /** Duration the throughputs divide by, ms. */
  durationMs: number;
  /** Sum of prompt tokens over completed requests. */
  totalInputTokens: number;
  /** Sum of output tokens over completed requests. */
  totalOutputTokens: number;
  /** Completed requests per second. */
  requestThroughput: number;
  /** Total output tokens per second over the run (GenAI-Perf "output token throughput"). */
  outputTokenThroughput: number;
  /** (input + output tokens) per second (vLLM "total token throughput"). */
  totalTokenThroughput: number;
  /** Time to first token, ms. */
  ttftMs: LlmMetricSummary | null;
  /** Time per output token, ms, over requests with more than one token. */
  tpotMs: LlmMetricSummary | null;
  /** Inter-token latency, ms: every chunk gap after the first, pooled over requests (vLLM ITL). */
  itlMs: LlmMetricSummary | null;
  /** End-to-end request latency, ms. */
  e2eMs: LlmMetricSummary | null;
  /** Output tokens per second of each request. */
  outputTokensPerSecondPerRequest: LlmMetricSummary | null;
  /** llmperf's inter-token latency (e2e / output tokens, TTFT included), ms: NOT the same as `itlMs` or `tpotMs`. */
  llmperfItlMs: LlmMetricSummary | null;
  /** Goodput under the SLOs given; null when no SLO was given. */
  goodput: LlmGoodput | null;
  /** Per-request metrics, in trace order. */
  perRequest: LlmRequestMetrics[];
}

/**
 * Summary of one metric: count, mean, population std, min, max, p50/p90/p95/p99; null when empty.
 * @param values numbers
 */
export function summarizeLlmMetric(values: readonly number[]): LlmMetricSummary | null {
  if (values.length === 0) return null;
  const s = sortedFloat64(values);
  const n = s.length;
  let sum = 0;
  for (const v of s) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of s) ss += (v - mean) ** 2;
  return {
    count: n,
    mean,
    std: Math.sqrt(ss / n),
    min: s[0]!,
    max: s[n - 1]!,
    p50: percentileSorted(s, 50),
    p90: percentileSorted(s, 90),
    p95: percentileSorted(s, 95),
    p99: percentileSorted(s, 99),
  };
}

/**
 * Metrics of one request (see the module comment for the definitions).
 * @param trace the request
 * @param options countTokens (one per non-empty chunk), slo (none)
 */
export function llmRequestMetrics(trace: LlmTrace, options: LlmMetricsOptions = {}): LlmRequestMetrics {
  const chunks = trace.tokens.filter((c) => c.text !== "");
  const base = { id: trace.id, inputTokens: trace.input_tokens, chunks: chunks.length };
  const failed = (error: string): LlmRequestMetrics => ({
    ...base, ok: false, error, outputTokens: 0, ttftMs: null, e2eMs: null, tpotMs: null, itlMs: [],
    outputTokensPerSecond: null, llmperfItlMs: null, good: false,
  });
  if (trace.error !== undefined) return failed(trace.error);
  if (chunks.length === 0) return failed("no non-empty chunk received");
  const outputTokens = options.countTokens ? options.countTokens(chunks.map((c) => c.text).join("")) : chunks.length;
  if (!Number.isInteger(outputTokens) || outputTokens < 0) {
    throw new Error(`llmRequestMetrics: countTokens returned ${outputTokens} for request ${trace.id}; it must return a non-negative integer`);
  }
  if (outputTokens === 0) return failed("the token counter counted 0 output tokens");
  const ttft = chunks[0]!.t - trace.sent;
  const e2e = (trace.end ?? chunks[chunks.length - 1]!.t) - trace.sent;
  const itl: number[] = [];
  for (let i = 1; i < chunks.length; i++) itl.push(chunks[i]!.t - chunks[i - 1]!.t);
  const tpot = outputTokens > 1 ? (e2e - ttft) / (outputTokens - 1) : null;
  const slo = options.slo ?? {};
  const good =
    (slo.ttftMs === undefined || ttft <= slo.ttftMs) &&
    (slo.tpotMs === undefined || (tpot ?? 0) <= slo.tpotMs) &&
    (slo.e2eMs === undefined || e2e <= slo.e2eMs);
  return {
    ...base,
    ok: true,
    outputTokens,
    ttftMs: ttft,
    e2eMs: e2e,
    tpotMs: tpot,
    itlMs: itl,
    outputTokensPerSecond: e2e > 0 ? outputTokens / (e2e / 1000) : null,
    llmperfItlMs: e2e / outputTokens,
    good,
  };
}

/**
 * Computes the serving metrics of a trace as GenAI-Perf and vLLM's benchmark_serving define
 * them, plus llmperf's inter-token latency under its own name. Empty chunks are ignored
 * everywhere (as GenAI-Perf and llmperf ignore them); times in ms.
 *
 * - TTFT = first non-empty chunk − sent.
 * - e2e = `end` when the trace gives it (vLLM: stream closed), else last non-empty chunk − sent (GenAI-Perf).
 * - ITL (vLLM) = every gap between consecutive non-empty chunks after the first, pooled over requests.
 * - TPOT = (e2e − TTFT)/(output tokens − 1), only for requests with more than one token
 *   (GenAI-Perf calls this "inter-token latency").
 * - llmperf ITL = e2e / output tokens (TTFT included): a different, larger number.
 * - Output tokens: one per non-empty chunk, or `countTokens` over the request's whole text.
 * - Throughputs divide by duration = last response − first request (GenAI-Perf); goodput =
 *   requests meeting every SLO given (each `≤`) per second (vLLM, after DistServe); a one-token
 *   request passes the TPOT SLO, as vLLM counts its TPOT as 0. Failed requests (an `error`, or no
 *   non-empty chunk) are counted, never good, and left out of the latency statistics.
 * - Statistics: mean, population std, min, max, p50/p90/p95/p99 (numpy-linear percentiles).
 * @param traces requests (e.g. from {@link readLlmTraceFile}), at least one
 * @param options countTokens (one per non-empty chunk), slo (none), durationMs (last response − first request)
 * @example computeLlmMetrics(readLlmTraceFile("trace.jsonl"), { slo: { ttftMs: 200, tpotMs: 50 } }).goodput
 */
export function computeLlmMetrics(traces: readonly LlmTrace[], options: LlmMetricsOptions = {}): LlmServingReport {
  if (traces.length === 0) throw new Error("computeLlmMetrics: the trace holds no requests");
  const per = traces.map((t) => llmRequestMetrics(t, options));
  const ok = per.filter((r) => r.ok);
  let first = Infinity;
  let last = -Infinity;
  traces.forEach((t, i) => {
    if (t.sent < first) first = t.sent;
    const r = per[i]!;
    if (r.ok) last = Math.max(last, t.sent + r.e2eMs!);
  });
  const durationMs = options.durationMs ?? (ok.length > 0 ? last - first : 0);
  if (options.durationMs !== undefined && !(options.durationMs > 0)) {
    throw new Error(`computeLlmMetrics: durationMs must be positive, got ${options.durationMs}`);
  }
  const perSec = (x: number): number => (durationMs > 0 ? x / (durationMs / 1000) : 0);
  const totalIn = ok.reduce((a, r) => a + r.inputTokens, 0);
  const totalOut = ok.reduce((a, r) => a + r.outputTokens, 0);
  const num = (xs: (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
  const slo = options.slo;
  const hasSlo = slo !== undefined && (slo.ttftMs !== undefined || slo.tpotMs !== undefined || slo.e2eMs !== undefined);
  const goodN = per.filter((r) => r.good).length;
  return {
    requests: { total: per.length, completed: ok.length, failed: per.length - ok.length },
    durationMs,
    totalInputTokens: totalIn,
    totalOutputTokens: totalOut,
    requestThroughput: perSec(ok.length),
    outputTokenThroughput: perSec(totalOut),
    totalTokenThroughput: perSec(totalIn + totalOut),
    ttftMs: summarizeLlmMetric(num(ok.map((r) => r.ttftMs))),
    tpotMs: summarizeLlmMetric(num(ok.map((r) => r.tpotMs))),
    itlMs: summarizeLlmMetric(ok.flatMap((r) => r.itlMs)),
    e2eMs: summarizeLlmMetric(num(ok.map((r) => r.e2eMs))),
    outputTokensPerSecondPerRequest: summarizeLlmMetric(num(ok.map((r) => r.outputTokensPerSecond))),
    llmperfItlMs: summarizeLlmMetric(num(ok.map((r) => r.llmperfItlMs))),
    goodput: hasSlo ? { slo: { ...slo }, goodRequests: goodN, requestsPerSecond: perSec(goodN), fractionGood: goodN / per.length } : null,
    perRequest: per,
  };
}

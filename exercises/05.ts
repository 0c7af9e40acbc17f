/**
 * Module 05 exercises. Replace each `throw new NotImplementedYet(...)` with your code, then run
 * `npm run check -- 05` (or the check cell at the end of notebook 05).
 */
import type { LlmTrace, LlmSlo } from "../lib/metrics/index";
import { NotImplementedYet } from "../lib/nb/index";

/**
 * 05.1 — Time to first token, time per output token and end-to-end latency (ms) of ONE request of
 * a trace, as GenAI-Perf and vLLM define them:
 * - chunks with empty text are not tokens: ignore them everywhere;
 * - TTFT = first non-empty chunk's `t` − `sent`;
 * - e2e = `end` when the trace gives it, else the last non-empty chunk's `t` − `sent`;
 * - TPOT = (e2e − TTFT) / (output tokens − 1), `null` when there is only one token.
 * (Assume at least one non-empty chunk.)
 */
export function requestLatencies(trace: LlmTrace): { ttftMs: number; tpotMs: number | null; e2eMs: number } {
  throw new NotImplementedYet("requestLatencies");
}

/**
 * 05.2 — Goodput: requests per second that met EVERY SLO given (each a `≤` bound; a one-token
 * request passes the TPOT SLO), over the run's duration = last response (the latest end of a
 * request answered without error) − first request (ms → s).
 * A request with an `error` or no non-empty chunk is never good. Use your 05.1; the
 * library's `computeLlmMetrics` does all of it: use it to test yours, not as your answer.
 */
export function goodput(traces: LlmTrace[], slo: LlmSlo): number {
  throw new NotImplementedYet("goodput");
}

/**
 * 05.3 — Bits per character of a text from a character model's per-character log-probabilities
 * (natural log, one per character): the size an arithmetic coder driven by the model would reach,
 * −Σ log2 p / characters. Then the same with the model's own size counted: add 8 × `modelBytes`
 * bits before dividing.
 */
export function bitsPerChar(logprobs: ArrayLike<number>, modelBytes: number): { bitsPerChar: number; withModel: number } {
  throw new NotImplementedYet("bitsPerChar");
}

/**
 * 05.4 — Memory arithmetic of serving a decoder: how many sequences of `tokensPerSequence` tokens
 * fit in `memoryBytes` next to the weights? Weights take parameters × bytesPerElement; every token
 * of every sequence keeps one key and one value vector of `width` numbers per layer in the KV
 * cache. Return the KV bytes per token and the number of whole sequences that fit (0 when even the
 * weights do not fit).
 */
export function kvCapacity(config: { layers: number; width: number }, parameters: number, bytesPerElement: number, memoryBytes: number, tokensPerSequence: number): { kvBytesPerToken: number; sequences: number } {
  throw new NotImplementedYet("kvCapacity");
}

/**
 * 05.5 — Choose and justify (a judgement). Your chat service promises that at least 90% of
 * requests meet the SLO that results/llm/serving.json states (`austen.slo`), and the business wants
 * as many good requests per second as possible. From the recorded load sweep (`austen.loadSweep`:
 * static and continuous batching at several loads), which policy and load do you run at? Return
 * them with one sentence on why. The check reads the numbers your choice implies.
 */
export function chooseServingPoint(): { policy: string; load: number; why: string } {
  throw new NotImplementedYet("chooseServingPoint");
}

/** Reference solutions for module 05 (kept apart from exercises/; the test suite checks them). */
import { computeLlmMetrics, type LlmTrace, type LlmSlo } from "../lib/metrics/index";

/** 05.1 */
export function requestLatencies(trace: LlmTrace): { ttftMs: number; tpotMs: number | null; e2eMs: number } {
  const chunks = trace.tokens.filter((c) => c.text !== "");
  const ttftMs = chunks[0]!.t - trace.sent;
  const e2eMs = (trace.end ?? chunks[chunks.length - 1]!.t) - trace.sent;
  return { ttftMs, e2eMs, tpotMs: chunks.length > 1 ? (e2eMs - ttftMs) / (chunks.length - 1) : null };
}

/** 05.2 */
export function goodput(traces: LlmTrace[], slo: LlmSlo): number {
  return computeLlmMetrics(traces, { slo }).goodput!.requestsPerSecond;
}

/** 05.3 */
export function bitsPerChar(logprobs: ArrayLike<number>, modelBytes: number): { bitsPerChar: number; withModel: number } {
  let nats = 0;
  for (let i = 0; i < logprobs.length; i++) nats -= logprobs[i]!;
  const bits = nats / Math.LN2;
  return { bitsPerChar: bits / logprobs.length, withModel: (bits + 8 * modelBytes) / logprobs.length };
}

/** 05.4 */
export function kvCapacity(config: { layers: number; width: number }, parameters: number, bytesPerElement: number, memoryBytes: number, tokensPerSequence: number): { kvBytesPerToken: number; sequences: number } {
  const kvBytesPerToken = 2 * config.layers * config.width * bytesPerElement;
  const free = memoryBytes - parameters * bytesPerElement;
  return { kvBytesPerToken, sequences: free <= 0 ? 0 : Math.floor(free / (kvBytesPerToken * tokensPerSequence)) };
}

/** Reference solutions for module 05 (kept apart from exercises/; the test suite checks them). */
import { LLM_SERVING, readResult } from "../lib/results/index";
import { type LlmSlo, type LlmTrace } from "../lib/metrics/index";

/** 05.1 */
export function requestLatencies(trace: LlmTrace): { ttftMs: number; tpotMs: number | null; e2eMs: number } {
  const chunks = trace.tokens.filter((c) => c.text !== "");
  const ttftMs = chunks[0]!.t - trace.sent;
  const e2eMs = (trace.end ?? chunks[chunks.length - 1]!.t) - trace.sent;
  return { ttftMs, e2eMs, tpotMs: chunks.length > 1 ? (e2eMs - ttftMs) / (chunks.length - 1) : null };
}

/** 05.2 */
export function goodput(traces: LlmTrace[], slo: LlmSlo): number {
  let good = 0, first = Infinity, last = -Infinity;
  for (const tr of traces) {
    const chunks = tr.tokens.filter((c) => c.text !== "");
    first = Math.min(first, tr.sent);
    if (tr.error || !chunks.length) continue;
    const l = requestLatencies(tr);
    last = Math.max(last, tr.sent + l.e2eMs);
    const ok = (slo.ttftMs === undefined || l.ttftMs <= slo.ttftMs) && (slo.tpotMs === undefined || l.tpotMs === null || l.tpotMs <= slo.tpotMs) && (slo.e2eMs === undefined || l.e2eMs <= slo.e2eMs);
    if (ok) good++;
  }
  return last > first ? good / ((last - first) / 1000) : 0;
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

/** 05.5: the setting with the most good requests per second among those that keep 90% within the SLO */
export function chooseServingPoint(): { policy: string; load: number; why: string } {
  const rows = readResult(LLM_SERVING, "llm/serving.json").austen.loadSweep.rows;
  const best = rows.filter((r) => r.goodput.fractionGood >= 0.9).reduce((a, b) => (b.goodput.requestsPerSecond > a.goodput.requestsPerSecond ? b : a));
  return { policy: best.policy, load: best.load, why: "Of the settings that keep at least 90% of requests within the SLO, this one serves the most good requests per second; higher loads break the promise." };
}

/** Plausible wrong answers to module 05's exercises; each must fail its check (test/exercises-wrong.test.ts). */
import { type LlmSlo, type LlmTrace, computeLlmMetrics } from "../../lib/metrics/index";

import type { Module05 } from "../../exercises/checks/05";
import * as sol from "../../solutions/05";
import type { WrongAnswer } from "./types";

const why = "It keeps the promise to users and serves the most good requests per second of the settings that do.";

export const wrong: WrongAnswer<Module05>[] = [
  { id: "05.1", what: "empty chunks counted as tokens", impl: { requestLatencies: (tr: LlmTrace) => sol.requestLatencies({ ...tr, tokens: tr.tokens.map((c) => ({ ...c, text: c.text || " " })) }) }, says: /expected TTFT/ },
  { id: "05.1", what: "TPOT over n tokens, not n − 1 gaps (off-by-one)", impl: { requestLatencies: (tr: LlmTrace) => { const r = sol.requestLatencies(tr); const n = tr.tokens.filter((c) => c.text !== "").length; return { ...r, tpotMs: r.tpotMs === null ? null : (r.tpotMs * (n - 1)) / n }; } }, says: /expected TTFT .*TPOT/ },
  { id: "05.2", what: "one library call", impl: { goodput: (traces: LlmTrace[], slo: LlmSlo) => computeLlmMetrics(traces, { slo }).goodput!.requestsPerSecond }, says: /calls computeLlmMetrics/ },
  { id: "05.2", what: "milliseconds for seconds (wrong units)", impl: { goodput: (traces: LlmTrace[], slo: LlmSlo) => sol.goodput(traces, slo) / 1000 }, says: /goodput of the hand-made traces with TTFT ≤ 150 ms: expected/ },
  { id: "05.2", what: "a one-token request fails the TPOT SLO", impl: { goodput: (traces: LlmTrace[], slo: LlmSlo) => sol.goodput(slo.tpotMs === undefined ? traces : traces.filter((t) => t.tokens.filter((c) => c.text !== "").length !== 1 || t.error), slo) }, says: /and TPOT ≤ 100 ms|expected/ },
  { id: "05.3", what: "nats, not bits (wrong units)", impl: { bitsPerChar: (lp: ArrayLike<number>, modelBytes: number) => { let n = 0; for (let i = 0; i < lp.length; i++) n -= lp[i]!; return { bitsPerChar: n / lp.length, withModel: (n + 8 * modelBytes) / lp.length }; } }, says: /bits per character of a sentence/ },
  { id: "05.4", what: "the key or the value forgotten (×1, not ×2)", impl: { kvCapacity: (c: { layers: number; width: number }, p: number, e: number, mem: number, t: number) => { const kv = c.layers * c.width * e; return { kvBytesPerToken: kv, sequences: Math.max(0, Math.floor((mem - p * e) / (kv * t))) }; } }, says: /KV bytes per token, got/ },
  { id: "05.4", what: "negative capacity when the weights do not fit", impl: { kvCapacity: (c: { layers: number; width: number }, p: number, e: number, mem: number, t: number) => { const kv = 2 * c.layers * c.width * e; return { kvBytesPerToken: kv, sequences: Math.floor((mem - p * e) / (kv * t)) }; } }, says: /0 sequences/ },
  { id: "05.5", what: "static batching at the highest load", impl: { chooseServingPoint: () => ({ policy: "static", load: 2, why }) }, says: /below the 90% the service promises/ },
  { id: "05.5", what: "the safest setting, far below what the service can serve", impl: { chooseServingPoint: () => ({ policy: "continuous", load: 0.25, why }) }, says: /keeps its promise but serves/ },
  { id: "05.5", what: "a load that was not measured", impl: { chooseServingPoint: () => ({ policy: "continuous", load: 2.5, why }) }, says: /no row with policy "continuous" at load 2\.5/ },
];

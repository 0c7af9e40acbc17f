/** Automatic checks for module 05's exercises. */
import { createRng } from "../../lib/data/index";
import { decoderMemoryArithmetic, loadCharGpt, scoreSequence } from "../../lib/llm/index";
import { type LlmSlo, type LlmTrace, computeLlmMetrics, llmRequestMetrics, readLlmTraceFile } from "../../lib/metrics/index";
import { type ExerciseCheck, expectClose, expectOwnCode, expectReasoning, expectThat } from "../../lib/nb/index";
import { GPT2_SMALL_CONFIG, decoderParameterCount } from "../../lib/onnx/index";
import { LLM_SERVING, LLM_TRACES, listResults, readResult, resultFilePath } from "../../lib/results/index";

/** The functions a learner writes in exercises/05.ts. */
export interface Module05 {
  requestLatencies(trace: LlmTrace): { ttftMs: number; tpotMs: number | null; e2eMs: number };
  goodput(traces: LlmTrace[], slo: LlmSlo): number;
  bitsPerChar(logprobs: ArrayLike<number>, modelBytes: number): { bitsPerChar: number; withModel: number };
  kvCapacity(config: { layers: number; width: number }, parameters: number, bytesPerElement: number, memoryBytes: number, tokensPerSequence: number): { kvBytesPerToken: number; sequences: number };
  chooseServingPoint(): { policy: string; load: number; why: string };
}

// hand-made traces: times in ms
const handMade: LlmTrace[] = [
  // TTFT 120, e2e 400, 5 tokens → TPOT (400 − 120)/4 = 70 (the empty role chunk at 100 is ignored)
  { id: "a", sent: 1000, input_tokens: 12, tokens: [{ t: 1100, text: "" }, { t: 1120, text: "It" }, { t: 1200, text: " is" }, { t: 1260, text: " a" }, { t: 1330, text: " truth" }, { t: 1400, text: "." }] },
  // one token: no TPOT; `end` after it sets e2e
  { id: "b", sent: 1050, input_tokens: 3, tokens: [{ t: 1300, text: "No" }], end: 1310 },
  // `end` later than the last chunk: e2e = 600, TPOT (600 − 50)/2 = 275
  { id: "c", sent: 1100, input_tokens: 40, tokens: [{ t: 1150, text: "Yes" }, { t: 1200, text: "," }, { t: 1250, text: " sir" }], end: 1700 },
  { id: "d", sent: 1200, input_tokens: 5, tokens: [], error: "timeout" },
];

const TRACE = "llm/traces/austen-continuous-load1.5.jsonl";

/** The checks `npm run check -- 05` runs. */
export const checks: ExerciseCheck<Module05>[] = [
  {
    id: "05.1",
    title: "requestLatencies on hand-made traces",
    hints: [
      "first drop the chunks that carry no text; every time is measured from `sent`",
      "TTFT = first chunk − sent; e2e = (end ?? last chunk) − sent",
      "TPOT = (e2e − TTFT)/(n − 1), the gaps between n tokens; null when n = 1",
    ],
    run: async (m) => {
      const rng = createRng(Date.now() % 2 ** 31);
      for (let t = 0; t < 20; t++) {
        const sent = rng.int(10_000);
        let at = sent;
        const tokens = Array.from({ length: 1 + rng.int(12) }, (_, i) => ({ t: (at += 1 + rng.int(200)), text: i > 0 && rng.int(4) === 0 ? "" : `w${i}` }));
        if (tokens.every((c) => c.text === "")) tokens[tokens.length - 1]!.text = "end";
        const tr: LlmTrace = { id: `r${t}`, sent, input_tokens: 5, tokens, ...(rng.int(2) ? { end: at + rng.int(50) } : {}) };
        const ref = llmRequestMetrics(tr);
        const got = m.requestLatencies(tr);
        const same = (a: number | null, b: number | null): boolean => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);
        expectThat(same(got.ttftMs, ref.ttftMs) && same(got.e2eMs, ref.e2eMs) && same(got.tpotMs, ref.tpotMs), `random trace ${JSON.stringify(tr)}: expected TTFT ${ref.ttftMs}, TPOT ${ref.tpotMs}, e2e ${ref.e2eMs}; got ${got.ttftMs}, ${got.tpotMs}, ${got.e2eMs}`);
      }
      for (const tr of handMade.slice(0, 3)) {
        const got = m.requestLatencies(tr);
        const ref = llmRequestMetrics(tr);
        expectClose(got.ttftMs, ref.ttftMs!, 1e-9, `TTFT of request ${tr.id}`);
        expectClose(got.e2eMs, ref.e2eMs!, 1e-9, `e2e of request ${tr.id}`);
        if (ref.tpotMs === null) expectThat(got.tpotMs === null, `request ${tr.id} has one token: TPOT must be null, got ${got.tpotMs}`);
        else expectClose(got.tpotMs ?? NaN, ref.tpotMs, 1e-9, `TPOT of request ${tr.id}`);
      }
      expectClose(m.requestLatencies(handMade[0]!).tpotMs ?? NaN, 70, 1e-9, "TPOT of request a (by hand: 280 ms over 4 gaps)");
    },
  },
  {
    id: "05.2",
    title: "goodput under SLOs, by hand and on a recorded trace of our own server",
    hints: [
      "two parts: count the good requests, then divide by the run's duration in seconds",
      "a request is good when it has tokens, no error, and meets every SLO given (TTFT ≤ slo.ttftMs, TPOT ≤ slo.tpotMs — one token passes —, e2e ≤ slo.e2eMs)",
      "duration = (last response − first request) / 1000: the first `sent` of all requests, the latest end (sent + e2e) of those answered without error",
    ],
    run: async (m) => {
      expectOwnCode(m.goodput, ["computeLlmMetrics", "llmGoodput", "goodputOf"], "05.2");
      // duration = 1700 − 1000 ms; good under TTFT ≤ 150: a and c → 2 / 0.7 s
      expectClose(m.goodput(handMade, { ttftMs: 150 }), 2 / 0.7, 1e-9, "goodput of the hand-made traces with TTFT ≤ 150 ms");
      expectClose(m.goodput(handMade, { ttftMs: 150, tpotMs: 100 }), 1 / 0.7, 1e-9, "… and TPOT ≤ 100 ms");
      expectClose(m.goodput(handMade, { e2eMs: 500 }), 2 / 0.7, 1e-9, "… with e2e ≤ 500 ms only (b: 260 ms, a: 400 ms)");
      expectClose(m.goodput(handMade, { tpotMs: 100 }), 2 / 0.7, 1e-9, "… with TPOT ≤ 100 ms only (a: 70 ms; b has one token, so it passes; c: 275 ms)");
      if (listResults(LLM_TRACES).includes(TRACE)) {
        const traces = readLlmTraceFile(resultFilePath(LLM_TRACES, TRACE));
        for (const slo of [{ ttftMs: 50 }, { ttftMs: 200, tpotMs: 2 }, { e2eMs: 300 }]) {
          const ref = computeLlmMetrics(traces, { slo }).goodput!.requestsPerSecond;
          expectClose(m.goodput(traces, slo), ref, 1e-9 * Math.max(1, ref), `goodput of results/${TRACE} under ${JSON.stringify(slo)}`);
        }
      }
    },
  },
  {
    id: "05.3",
    title: "bits per character from the Austen model's logprobs",
    hints: [
      "a log-probability in nats becomes bits by dividing by ln 2; an arithmetic coder spends −log2 p bits on a symbol of probability p",
      "bits = −Σ logprob / ln 2; divide by the number of characters; with the model: (bits + 8·modelBytes) / characters",
    ],
    run: async (m) => {
      const model = await loadCharGpt("models/austen-gpt");
      const text = "Anne Elliot was walking with her sister in the garden, and the conversation turned to the navy.";
      const score = await scoreSequence(model.decoder, model.tokenizer.encode(text));
      await model.decoder.release();
      const got = m.bitsPerChar(score.logprobs, model.parameters * 2);
      expectClose(got.bitsPerChar, score.bitsPerToken, 1e-9, "bits per character of a sentence (scoreSequence's bitsPerToken)");
      expectClose(got.withModel, score.bitsPerToken + (16 * model.parameters) / text.length, 1e-9, "bits per character with the fp16 weights counted");
      expectClose(m.bitsPerChar([Math.log(0.5), Math.log(0.25)], 0).bitsPerChar, 1.5, 1e-12, "p = 1/2 then 1/4 → (1 + 2)/2 bits");
      const rng = createRng(Date.now() % 2 ** 31);
      const ps = Array.from({ length: 5 + rng.int(50) }, () => 0.01 + rng.next() * 0.99), bytes = rng.int(1000);
      const bits = ps.reduce((a, p) => a - Math.log2(p), 0);
      const r = m.bitsPerChar(ps.map(Math.log), bytes);
      expectClose(r.bitsPerChar, bits / ps.length, 1e-9, `random probabilities (${ps.length} characters): bits per character`);
      expectClose(r.withModel, (bits + 8 * bytes) / ps.length, 1e-9, `… with a ${bytes}-byte model counted`);
    },
  },
  {
    id: "05.4",
    title: "KV-cache capacity: GPT-2 small and a 13B model",
    hints: [
      "memory left for the cache = memory − weights; each token keeps a key AND a value per layer",
      "KV bytes per token = 2 × layers × width × bytesPerElement; sequences = floor((memory − parameters × bytesPerElement) / (kvPerToken × tokens))",
    ],
    run: async (m) => {
      const params = decoderParameterCount(GPT2_SMALL_CONFIG);
      const a = decoderMemoryArithmetic(GPT2_SMALL_CONFIG, params, 2);
      const got = m.kvCapacity(GPT2_SMALL_CONFIG, params, 2, 8 * 2 ** 30, 1024);
      expectThat(got.kvBytesPerToken === a.kvBytesPerToken, `GPT-2 small in fp16 keeps ${a.kvBytesPerToken} KV bytes per token, got ${got.kvBytesPerToken}`);
      expectThat(got.sequences === Math.floor((8 * 2 ** 30 - a.weightBytes) / (a.kvBytesPerToken * 1024)), `sequences of 1,024 tokens in 8 GiB: expected ${Math.floor((8 * 2 ** 30 - a.weightBytes) / (a.kvBytesPerToken * 1024))}, got ${got.sequences}`);
      // a 13B LLaMA-shaped model (40 layers, width 5120) in fp16 on a 40 GB card: ~0.8 MB per token (llm-numbers says ~1 MB)
      const big = m.kvCapacity({ layers: 40, width: 5120 }, 13e9, 2, 40e9, 2048);
      expectThat(big.kvBytesPerToken === 819200, `13B model: 2 × 40 × 5120 × 2 = 819,200 bytes per token, got ${big.kvBytesPerToken}`);
      expectThat(big.sequences === Math.floor((40e9 - 26e9) / (819200 * 2048)), `13B model on 40 GB, 2,048-token sequences: expected ${Math.floor((40e9 - 26e9) / (819200 * 2048))}, got ${big.sequences}`);
      expectThat(m.kvCapacity({ layers: 40, width: 5120 }, 13e9, 4, 40e9, 2048).sequences === 0, "fp32 13B weights (52 GB) do not fit in 40 GB: 0 sequences");
      const rng = createRng(Date.now() % 2 ** 31);
      for (let t = 0; t < 10; t++) {
        const cfg = { layers: 1 + rng.int(80), width: 64 * (1 + rng.int(128)) }, params = 1e8 * (1 + rng.int(700)), e = [1, 2, 4][rng.int(3)]!, mem = 1e9 * (8 + rng.int(140)), tokens = 256 * (1 + rng.int(32));
        const kv = 2 * cfg.layers * cfg.width * e, free = mem - params * e;
        const want = { kvBytesPerToken: kv, sequences: free <= 0 ? 0 : Math.floor(free / (kv * tokens)) };
        const got = m.kvCapacity(cfg, params, e, mem, tokens);
        expectThat(got.kvBytesPerToken === want.kvBytesPerToken && got.sequences === want.sequences, `${cfg.layers} layers × width ${cfg.width}, ${params / 1e9}B parameters at ${e} B each, ${mem / 1e9} GB, ${tokens}-token sequences: expected ${want.kvBytesPerToken} KV bytes per token and ${want.sequences} sequences, got ${got.kvBytesPerToken} and ${got.sequences}`);
      }
    },
  },
  {
    id: "05.5",
    title: "choose a batching policy and a load that keep 90% of requests within the SLO",
    hints: [
      "results/llm/serving.json → austen.loadSweep.rows: one row per policy and load, each with goodput.fractionGood and goodput.requestsPerSecond",
      "keep the rows with fractionGood ≥ 0.9, then take the one with the most good requests per second",
    ],
    run: async (m) => {
      const file = "results/llm/serving.json";
      const rows = readResult(LLM_SERVING, file).austen.loadSweep.rows;
      const c = m.chooseServingPoint();
      const row = rows.find((r) => r.policy === c.policy && r.load === c.load);
      expectThat(row !== undefined, `no row with policy "${c.policy}" at load ${c.load} in ${file} (policies: ${[...new Set(rows.map((r) => r.policy))].join(", ")}; loads: ${[...new Set(rows.map((r) => r.load))].join(", ")})`);
      expectThat(row.goodput.fractionGood >= 0.9, `${c.policy} at load ${c.load}: only ${(row.goodput.fractionGood * 100).toFixed(1)}% of requests meet the SLO, below the 90% the service promises`);
      const best = rows.filter((r) => r.goodput.fractionGood >= 0.9).reduce((a, b) => (b.goodput.requestsPerSecond > a.goodput.requestsPerSecond ? b : a));
      expectThat(row.goodput.requestsPerSecond >= 0.95 * best.goodput.requestsPerSecond, `${c.policy} at load ${c.load} keeps its promise but serves ${row.goodput.requestsPerSecond.toFixed(1)} good requests/s; another setting serves ${best.goodput.requestsPerSecond.toFixed(1)}`);
      expectReasoning(c.why, "why this setting");
      return `${c.policy} at load ${c.load}: ${(row.goodput.fractionGood * 100).toFixed(1)}% good, ${row.goodput.requestsPerSecond.toFixed(1)} good requests/s (best that keeps 90%: ${best.policy} at ${best.load})`;
    },
  },
];

import { describe, it, expect, beforeAll } from "vitest";
import {
  buildDecoderOnnx, randomDecoderWeights, OnnxDecoder, generateText, serveWithBatching, poissonLlmWorkload, batchingLoadSweep,
  llmTraceSchema, parseLlmTraceJsonl, formatLlmTraceJsonl, computeLlmMetrics, loadCharGpt, decoderMemoryArithmetic, kvCacheBytes,
  decoderParameterCount, type DecoderConfig, type LlmServeRequest, type BatchStepCost,
} from "../../lib/index";

const tiny: DecoderConfig = { vocabSize: 13, contextLength: 48, layers: 2, heads: 2, width: 16 };
const idTokenizer = { encode: (s: string) => Array.from(s, (c) => c.charCodeAt(0) % 13), decode: (ids: ArrayLike<number>) => Array.from(ids as number[], (i) => String.fromCharCode(97 + i)).join("") };
// a deterministic cost model: prefill 2 ms + 0.1 ms per token per row, decode 1 ms + 0.2 ms per row
const cost: BatchStepCost = (kind, batch, tokens) => (kind === "prefill" ? 2 + 0.1 * tokens * batch : 1 + 0.2 * batch);

describe("static and continuous batching on the real decoder", () => {
  let masked: OnnxDecoder;
  let plain: OnnxDecoder;
  let requests: LlmServeRequest[];
  beforeAll(async () => {
    const w = randomDecoderWeights(tiny, { seed: 11, std: 0.5 });
    masked = await OnnxDecoder.create(buildDecoderOnnx(tiny, w, { attentionMask: true }), tiny, { providers: ["cpu"] });
    plain = await OnnxDecoder.create(buildDecoderOnnx(tiny, w), tiny, { providers: ["cpu"] });
    requests = poissonLlmWorkload({ ratePerSec: 400, count: 14, seed: 4, vocabSize: tiny.vocabSize, promptTokens: [1, 20], outputTokens: [1, 15] });
  });

  it("the mask input changes nothing for an unpadded batch", async () => {
    const ids = [[1, 2, 3, 4, 5]];
    const a = await plain.run(ids, null);
    const feeds = { input_ids: ids, pos: [[0, 1, 2, 3, 4]] };
    const ort = await import("onnxruntime-node");
    const f: Record<string, InstanceType<typeof ort.Tensor>> = {
      input_ids: new ort.Tensor("int64", BigInt64Array.from(feeds.input_ids.flat().map(BigInt)), [1, 5]),
      position_ids: new ort.Tensor("int64", BigInt64Array.from(feeds.pos.flat().map(BigInt)), [1, 5]),
      attention_mask: new ort.Tensor("int64", BigInt64Array.from([1n, 1n, 1n, 1n, 1n]), [1, 5]),
    };
    for (let i = 0; i < tiny.layers; i++) {
      f[`past_key_${i}`] = new ort.Tensor("float32", new Float32Array(0), [1, 2, 0, 8]);
      f[`past_value_${i}`] = new ort.Tensor("float32", new Float32Array(0), [1, 2, 0, 8]);
    }
    const b = (await masked.session.run(f)).logits!.data as Float32Array;
    let d = 0;
    for (let i = 0; i < a.logits.length; i++) d = Math.max(d, Math.abs(a.logits[i]! - b[i]!));
    expect(d).toBeLessThan(1e-6);
  });

  for (const policy of ["static", "continuous"] as const) {
    it(`${policy}: never loses a request, every request gets exactly its tokens, traces are valid`, async () => {
      const r = await serveWithBatching(masked, requests, { policy, maxBatch: 4, tokenizer: idTokenizer, stepCost: cost });
      expect(r.traces.length).toBe(requests.length);
      expect(r.traces.map((t) => t.id)).toEqual(requests.map((q) => q.id));
      for (const q of requests) {
        const t = r.traces.find((x) => x.id === q.id)!;
        expect(llmTraceSchema.safeParse(t).success).toBe(true);
        expect(t.tokens.length).toBe(q.maxNewTokens);
        expect(t.sent).toBe(q.arrivalMs);
        expect(t.input_tokens).toBe(q.promptIds.length);
        expect(t.tokens[0]!.t).toBeGreaterThan(q.arrivalMs); // a prefill happened after arrival
      }
      // the JSONL round trip and lib/metrics accept them
      const back = parseLlmTraceJsonl(formatLlmTraceJsonl(r.traces));
      const report = computeLlmMetrics(back);
      expect(report.requests.completed).toBe(requests.length);
      expect(report.totalOutputTokens).toBe(requests.reduce((a, q) => a + q.maxNewTokens, 0));
      // no step holds more rows than the cap; the clock is the sum of the cost model's steps plus idle gaps
      expect(Math.max(...r.steps.map((s) => s.batch))).toBeLessThanOrEqual(4);
      expect(r.busyMs).toBeCloseTo(r.steps.reduce((a, s) => a + s.durationMs, 0), 9);
      for (let i = 1; i < r.steps.length; i++) expect(r.steps[i]!.startMs).toBeGreaterThanOrEqual(r.steps[i - 1]!.startMs + r.steps[i - 1]!.durationMs - 1e-9);
    });

    it(`${policy}: each request's tokens equal its solo greedy generation`, async () => {
      const r = await serveWithBatching(masked, requests, { policy, maxBatch: 4, stepCost: cost, logprobs: true });
      for (const q of requests) {
        const solo = await generateText(plain, idTokenizer, q.promptIds, { temperature: 0, maxNewTokens: q.maxNewTokens });
        expect(r.outputs.get(q.id)).toEqual(solo.tokens.map((t) => t.id));
        const lp = r.logprobs.get(q.id)!;
        solo.tokens.forEach((t, i) => expect(lp[i]!).toBeCloseTo(t.logprob, 4));
      }
    });
  }

  it("static batching holds finished rows (wasted rows) and continuous batching does not", async () => {
    const s = await serveWithBatching(masked, requests, { policy: "static", maxBatch: 4, stepCost: cost });
    const c = await serveWithBatching(masked, requests, { policy: "continuous", maxBatch: 4, stepCost: cost });
    const wasted = (steps: typeof s.steps): number => steps.filter((x) => x.kind === "decode").reduce((a, x) => a + x.batch - x.useful, 0);
    expect(wasted(s.steps)).toBeGreaterThan(0);
    expect(wasted(c.steps)).toBe(0);
    // continuous: decode rows = output tokens − first tokens (each decode row yields one kept token)
    const decRows = c.steps.filter((x) => x.kind === "decode").reduce((a, x) => a + x.batch, 0);
    expect(decRows).toBe(requests.reduce((a, q) => a + q.maxNewTokens - 1, 0));
  });

  it("with a fixed cost model the run is reproducible and the sweep reports every run", async () => {
    const pts = await batchingLoadSweep(masked, { ratesPerSec: [50, 500], count: 8, seed: 2, vocabSize: tiny.vocabSize, promptTokens: [2, 10], outputTokens: [2, 8], stepCost: cost, slo: { ttftMs: 20 } });
    expect(pts.map((p) => `${p.policy}@${p.ratePerSec}`)).toEqual(["static@50", "continuous@50", "static@500", "continuous@500"]);
    const again = await batchingLoadSweep(masked, { ratesPerSec: [50], count: 8, seed: 2, vocabSize: tiny.vocabSize, promptTokens: [2, 10], outputTokens: [2, 8], stepCost: cost, policies: ["continuous"] });
    expect(again[0]!.run.traces).toEqual(pts[1]!.run.traces);
    for (const p of pts) expect(p.report.goodput!.goodRequests).toBe(p.report.perRequest.filter((r) => r.ttftMs! <= 20).length);
  });

  it("refuses a decoder without the mask, and requests that do not fit", async () => {
    await expect(serveWithBatching(plain, requests, { policy: "static" })).rejects.toThrow(/attentionMask: true/);
    await expect(serveWithBatching(masked, [{ id: 0, arrivalMs: 0, promptIds: Array(40).fill(1), maxNewTokens: 9 }], { policy: "continuous" })).rejects.toThrow(/context length 48/);
    await expect(serveWithBatching(masked, [{ id: 0, arrivalMs: 0, promptIds: [1], maxNewTokens: 2 }, { id: 0, arrivalMs: 1, promptIds: [1], maxNewTokens: 2 }], { policy: "continuous" })).rejects.toThrow(/used twice/);
  });
});

describe("Poisson workload", () => {
  it("is reproducible with a seed and its mean gap is ≈ 1/rate", () => {
    const a = poissonLlmWorkload({ ratePerSec: 20, count: 4000, seed: 9, vocabSize: 50 });
    const b = poissonLlmWorkload({ ratePerSec: 20, count: 4000, seed: 9, vocabSize: 50 });
    const c = poissonLlmWorkload({ ratePerSec: 20, count: 4000, seed: 10, vocabSize: 50 });
    expect(a).toEqual(b);
    expect(a[0]!.arrivalMs).not.toBe(c[0]!.arrivalMs);
    const meanGapMs = a[a.length - 1]!.arrivalMs / a.length;
    // exponential gaps: the mean of 4000 has a standard error of 50/√4000 ≈ 0.8 ms
    expect(Math.abs(meanGapMs - 50)).toBeLessThan(4);
    // exponential: the share of gaps below the mean is 1 − 1/e
    const gaps = a.map((r, i) => r.arrivalMs - (i ? a[i - 1]!.arrivalMs : 0));
    expect(Math.abs(gaps.filter((g) => g < 50).length / gaps.length - (1 - Math.exp(-1)))).toBeLessThan(0.03);
    for (const r of a) {
      expect(r.promptIds.length).toBeGreaterThanOrEqual(16);
      expect(r.promptIds.length).toBeLessThanOrEqual(64);
      expect(r.maxNewTokens).toBeGreaterThanOrEqual(16);
      expect(r.maxNewTokens).toBeLessThanOrEqual(48);
    }
  });

  it("cuts prompts from a source sequence", () => {
    const src = Array.from({ length: 100 }, (_, i) => i);
    const w = poissonLlmWorkload({ ratePerSec: 1, count: 5, sourceIds: src, promptTokens: [3, 5] });
    for (const r of w) for (let j = 1; j < r.promptIds.length; j++) expect(r.promptIds[j]).toBe(r.promptIds[j - 1]! + 1);
    expect(() => poissonLlmWorkload({ ratePerSec: 1, count: 5 })).toThrow(/sourceIds|vocabSize/);
  });
});

describe("memory arithmetic and the committed model", () => {
  it("KV bytes per token = 2 × layers × width × 4 for fp32, as the returned cache holds", async () => {
    const m = await loadCharGpt("models/austen-gpt");
    const a = decoderMemoryArithmetic(m.config, m.parameters, 4);
    expect(a.kvBytesPerToken).toBe(2 * 3 * 128 * 4);
    expect(a.weightBytes).toBe(632273 * 4);
    const step = await m.decoder.run(Array.from(m.tokenizer.encode("It was a truth")), null);
    expect(kvCacheBytes(step.cache)).toBe(a.kvBytesPerToken * 14);
    expect(decoderParameterCount(m.config)).toBe(632273);
    await m.decoder.release();
  });
});

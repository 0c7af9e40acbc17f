import { describe, it, expect } from "vitest";
import {
  samplingDistribution, sampleToken, logSoftmax, argmax, buildDecoderOnnx, randomDecoderWeights, OnnxDecoder, CharTokenizer,
  generateText, generateTokens, generationToTrace, compressionTable, llmTraceSchema, type DecoderConfig, type GeneratedToken,
} from "../../lib/index";
import { createRng } from "../../lib/data/random";

// probabilities 0.5, 0.2, 0.15, 0.1, 0.05 as logits
const probs = [0.5, 0.2, 0.15, 0.1, 0.05];
const logits = probs.map(Math.log);

describe("sampling", () => {
  it("temperature 1 with no limits gives the softmax; temperature 0 puts all mass on the argmax", () => {
    const p = samplingDistribution(logits);
    probs.forEach((x, i) => expect(p[i]).toBeCloseTo(x, 12));
    expect([...samplingDistribution(logits, { temperature: 0 })]).toEqual([1, 0, 0, 0, 0]);
    // temperature 0.5 squares the probabilities (then renormalises)
    const sq = probs.map((x) => x * x), z = sq.reduce((a, b) => a + b, 0);
    const p2 = samplingDistribution(logits, { temperature: 0.5 });
    sq.forEach((x, i) => expect(p2[i]).toBeCloseTo(x / z, 12));
  });

  it("top-k keeps exactly the k most likely tokens, renormalised", () => {
    const p = samplingDistribution(logits, { topK: 2 });
    expect(p[0]).toBeCloseTo(0.5 / 0.7, 12);
    expect(p[1]).toBeCloseTo(0.2 / 0.7, 12);
    expect([p[2], p[3], p[4]]).toEqual([0, 0, 0]);
    // shuffled order: the support follows the values, not the positions
    const q = samplingDistribution([0, 3, 1, 2], { topK: 2 });
    expect([...q].map((x) => x > 0)).toEqual([false, true, false, true]);
  });

  it("top-p keeps the smallest prefix reaching p (0.8 → 0.5+0.2+0.15), and at least one token", () => {
    const p = samplingDistribution(logits, { topP: 0.8 });
    expect(p[0]).toBeCloseTo(0.5 / 0.85, 12);
    expect(p[2]).toBeCloseTo(0.15 / 0.85, 12);
    expect([p[3], p[4]]).toEqual([0, 0]);
    const one = samplingDistribution(logits, { topP: 0.1 });
    expect([...one]).toEqual([1, 0, 0, 0, 0]);
    // top-k then top-p: k=4 then p=0.6 → 0.5+0.2
    const both = samplingDistribution(logits, { topK: 4, topP: 0.6 });
    expect([...both].filter((x) => x > 0).length).toBe(2);
  });

  it("draws only inside the support, with frequencies near the distribution, reproducibly per seed", () => {
    const draw = (seed: number): number[] => {
      const rng = createRng(seed);
      return Array.from({ length: 4000 }, () => sampleToken(logits, { topK: 3 }, rng).token);
    };
    const a = draw(1);
    expect(draw(1)).toEqual(a);
    expect(draw(2)).not.toEqual(a);
    expect(a.every((t) => t <= 2)).toBe(true);
    const f0 = a.filter((t) => t === 0).length / a.length;
    expect(Math.abs(f0 - 0.5 / 0.85)).toBeLessThan(0.03);
    const s = sampleToken(logits, { topK: 3 }, createRng(3));
    expect(s.logprob).toBeCloseTo(Math.log(probs[s.token]!), 12); // the model's own logprob, not the truncated one
    expect(s.samplingProbability).toBeCloseTo(probs[s.token]! / 0.85, 12);
  });

  it("rejects bad options with a message", () => {
    expect(() => samplingDistribution(logits, { topP: 0 })).toThrow(/topP/);
    expect(() => samplingDistribution(logits, { temperature: -1 })).toThrow(/temperature/);
    expect(() => samplingDistribution(logits, { topK: 1.5 })).toThrow(/topK/);
    expect(argmax([1, 3, 3])).toBe(1);
    expect(logSoftmax([0, 0]).map(Math.exp)[0]).toBeCloseTo(0.5, 12);
  });
});

describe("generation with the KV cache", () => {
  const tok = new CharTokenizer([..."\n abcdefghij"]);
  const config: DecoderConfig = { vocabSize: tok.vocabSize, contextLength: 12, layers: 2, heads: 2, width: 8 };
  const bytes = buildDecoderOnnx(config, randomDecoderWeights(config, { seed: 4, std: 0.5 }));

  it("is reproducible with a seed, streams the same tokens through the callback and the iterator, and slides past the context", async () => {
    const dec = await OnnxDecoder.create(bytes, config, { providers: ["cpu"] });
    const streamed: GeneratedToken[] = [];
    const a = await generateText(dec, tok, "abc", { maxNewTokens: 20, seed: 5, topK: 5, onToken: (t) => streamed.push(t) });
    const b = await generateText(dec, tok, "abc", { maxNewTokens: 20, seed: 5, topK: 5 });
    expect(b.text).toBe(a.text);
    expect(a.tokens.length).toBe(20);
    expect(streamed.map((t) => t.id)).toEqual(a.tokens.map((t) => t.id));
    const it: number[] = [];
    for await (const t of generateTokens(dec, tok, "abc", { maxNewTokens: 20, seed: 5, topK: 5 })) it.push(t.id);
    expect(it).toEqual(a.tokens.map((t) => t.id));
    expect(a.tokens.some((t) => t.refilled)).toBe(true); // 3 + 20 > 12: the window slid
    expect(a.tokens.every((t) => t.logprob < 0 && t.latencyMs >= 0)).toBe(true);
    expect(a.totalLogprob).toBeCloseTo(a.tokens.reduce((s, t) => s + t.logprob, 0), 10);
    const trace = generationToTrace(a, "r1");
    expect(llmTraceSchema.safeParse(trace).success).toBe(true);
    expect(trace.input_tokens).toBe(3);
  });

  it("greedy decoding with the cache equals greedy decoding by full recomputation", async () => {
    const dec = await OnnxDecoder.create(bytes, config, { providers: ["cpu"] });
    const g = await generateText(dec, tok, "ab", { maxNewTokens: 8, temperature: 0 });
    const ids = Array.from(tok.encode("ab"));
    for (let i = 0; i < 8; i++) {
      const { logits } = await dec.run(ids, null);
      ids.push(argmax(logits.subarray((ids.length - 1) * config.vocabSize)));
    }
    expect(g.tokens.map((t) => t.id)).toEqual(ids.slice(2));
  });

  it("stops after a stop string", async () => {
    const dec = await OnnxDecoder.create(bytes, config, { providers: ["cpu"] });
    const g = await generateText(dec, tok, "ab", { maxNewTokens: 200, seed: 1, stop: ["a"] });
    expect(g.finishReason).toBe("stop");
    expect(g.text.endsWith("a")).toBe(true);
    expect(g.text.indexOf("a")).toBe(g.text.length - 1);
  });
});

describe("compression table", () => {
  it("adds the model's bytes to the compressed size", () => {
    const [r] = compressionTable(1000, [{ name: "lm", bits: 2000, modelBytes: 500 }]);
    expect(r!.bitsPerChar).toBe(2);
    expect(r!.bitsPerCharWithModel).toBe(6);
  });
});

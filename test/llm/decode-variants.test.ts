import { describe, it, expect } from "vitest";
import { timeDecodeVariant, CPU_DECODE_VARIANTS, GPU_DECODE_VARIANTS, randomDecoderWeights, OnnxDecoder, buildDecoderOnnx, type DecoderConfig } from "../../lib/index";

const cfg: DecoderConfig = { vocabSize: 29, contextLength: 64, layers: 2, heads: 2, width: 16 };
const weights = randomDecoderWeights(cfg, { seed: 3, std: 0.5 });

/** Greedy decoding the slow, obvious way: recompute the whole sequence every step. */
async function greedyByRecomputation(prompt: number[], n: number): Promise<number[]> {
  const dec = await OnnxDecoder.create(buildDecoderOnnx(cfg, weights), cfg, { providers: ["cpu"] });
  const seq = [...prompt], out: number[] = [];
  for (let s = 0; s < n; s++) {
    const { logits } = await dec.run(seq, null);
    const last = logits.subarray((seq.length - 1) * cfg.vocabSize, seq.length * cfg.vocabSize);
    const t = last.indexOf(Math.max(...last));
    out.push(t);
    seq.push(t);
  }
  await dec.release();
  return out;
}

describe("decode-step variants (timeDecodeVariant)", () => {
  it("every fp32 variant on the CPU decodes the same greedy tokens as full recomputation", async () => {
    const fp32 = CPU_DECODE_VARIANTS.filter((v) => v.dtype === "float32");
    expect(fp32.map((v) => [v.fused, v.nextToken, v.staticCache === true])).toEqual([[false, false, false], [true, false, false], [true, true, false], [true, true, true]]);
    const results = [];
    for (const v of fp32) results.push(await timeDecodeVariant(cfg, weights, v, { promptTokens: 10, steps: 6, warmupSteps: 2, seed: 4 }));
    // the prompt timeDecodeVariant draws: createRng(seed).int(vocab) for each position
    const { createRng } = await import("../../lib/data/random");
    const rng = createRng(4);
    const prompt = Array.from({ length: 10 }, () => rng.int(cfg.vocabSize));
    const expected = await greedyByRecomputation(prompt, 9); // prefill's token + 2 warm-up + 6 timed
    for (const r of results) {
      expect(r.tokens).toEqual(expected);
      expect(r.stepMs.count).toBe(6);
      expect(r.prefillMs).toBeGreaterThan(0);
    }
    expect(results[1]!.nodes).toBeLessThan(results[0]!.nodes / 2);
    // the static cache was bound as the outputs; the others have no such field
    expect(results.map((r) => r.cacheBoundAsOutput)).toEqual([undefined, undefined, undefined, true]);
  });

  it("a static cache decodes the same batch of rows as a growing one", async () => {
    const [grow, stat] = [CPU_DECODE_VARIANTS.find((v) => v.fused && v.nextToken && !v.staticCache)!, CPU_DECODE_VARIANTS.find((v) => v.staticCache)!];
    const a = await timeDecodeVariant(cfg, weights, grow, { promptTokens: 12, steps: 5, warmupSteps: 1, batch: 3, seed: 6 });
    const b = await timeDecodeVariant(cfg, weights, stat, { promptTokens: 12, steps: 5, warmupSteps: 1, batch: 3, seed: 6 });
    expect(b.tokens).toEqual(a.tokens);
    expect(b.cacheBoundAsOutput).toBe(true);
  });

  it("decodes a batch of rows: one step per token, every choice inside the vocabulary", async () => {
    const v = CPU_DECODE_VARIANTS[0]!;
    const b3 = await timeDecodeVariant(cfg, weights, v, { promptTokens: 8, steps: 3, warmupSteps: 0, batch: 3, seed: 5 });
    expect(b3.batch).toBe(3);
    expect(b3.tokens).toHaveLength(4);
    expect(b3.tokens.every((t) => Number.isInteger(t) && t >= 0 && t < cfg.vocabSize)).toBe(true);
  });

  it("refuses a run that would overflow the context, and names the numbers", async () => {
    await expect(timeDecodeVariant(cfg, weights, CPU_DECODE_VARIANTS[0]!, { promptTokens: 60, steps: 10 })).rejects.toThrow(/60 prompt \+ 14 decode tokens exceed the context length 64/);
  });

  it("the GPU plan goes from the first graph to device-resident, fp16, fused, argmax-in-graph, static cache", () => {
    expect(GPU_DECODE_VARIANTS[0]).toMatchObject({ resident: false, fused: false, dtype: "float32" });
    expect(GPU_DECODE_VARIANTS.slice(1).every((v) => v.resident)).toBe(true);
    expect(GPU_DECODE_VARIANTS[GPU_DECODE_VARIANTS.length - 1]).toMatchObject({ fused: true, nextToken: true, dtype: "float16", staticCache: true });
  });
});

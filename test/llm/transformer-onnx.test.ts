import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  buildDecoderOnnx, randomDecoderWeights, decoderParameterCount, GptModel, jsMatmulKernel, OnnxDecoder, loadDecoderWeights, CharTokenizer,
  scoreSequence, logSoftmax, type DecoderConfig, type DecoderWeights,
} from "../../lib/index";
import { createRng } from "../../lib/data/random";
import { decodeOnnxModel } from "../../lib/onnx/proto";
import * as ort from "onnxruntime-node";

const tiny: DecoderConfig = { vocabSize: 11, contextLength: 16, layers: 2, heads: 2, width: 8 };

function tinyWeights(): DecoderWeights {
  const w = randomDecoderWeights(tiny, { seed: 7, std: 0.3 });
  const rng = createRng(8);
  for (const [name, a] of Object.entries(w)) if (!name.startsWith("w") && !name.includes(".weight")) for (let i = 0; i < a.length; i++) a[i] += 0.2 * rng.normal();
  return w;
}

const ops = (b: Uint8Array): string[] => (decodeOnnxModel(b).graph?.node ?? []).map((n) => n.opType);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

describe("ONNX decoder (buildDecoderOnnx)", () => {
  const weights = tinyWeights();
  const model = new GptModel(tiny, weights);
  const rng = createRng(9);
  const ids = Array.from({ length: 2 * 10 }, () => rng.int(tiny.vocabSize));

  it("counts parameters like the weight shapes say", () => {
    // 11·8 + 16·8 + 2·(12·8² + 13·8) + 2·8 + 8·11 + 11
    expect(decoderParameterCount(tiny)).toBe(88 + 128 + 2 * (12 * 64 + 13 * 8) + 16 + 88 + 11);
  });

  it("gives the trainer's logits (within 1e-4) for a batch of two sequences", async () => {
    const dec = await OnnxDecoder.create(buildDecoderOnnx(tiny, weights), undefined, { providers: ["cpu"] });
    const { logits, cache } = await dec.run([ids.slice(0, 10), ids.slice(10)], null);
    const ref = await model.logits(jsMatmulKernel, Int32Array.from(ids), 2, 10);
    expect(maxAbsDiff(logits, ref)).toBeLessThan(1e-4);
    expect(cache.length).toBe(10);
    expect(cache.keys[0]!.dims).toEqual([2, 2, 10, 4]);
  });

  it("prefill then decode with the KV cache equals full recomputation at every step", async () => {
    const dec = await OnnxDecoder.create(buildDecoderOnnx(tiny, weights), tiny, { providers: ["cpu"] });
    const seq = ids.slice(0, 10);
    const full = (await dec.run(seq, null)).logits;
    const V = tiny.vocabSize;
    let step = await dec.run(seq.slice(0, 4), null); // prefill 4
    expect(maxAbsDiff(step.logits, full.subarray(0, 4 * V))).toBeLessThan(1e-5);
    step = await dec.run(seq.slice(4, 6), step.cache); // a 2-token chunk
    expect(maxAbsDiff(step.logits, full.subarray(4 * V, 6 * V))).toBeLessThan(1e-5);
    for (let i = 6; i < 10; i++) {
      step = await dec.run([seq[i]!], step.cache); // decode one at a time
      expect(maxAbsDiff(step.logits, full.subarray(i * V, (i + 1) * V))).toBeLessThan(1e-5);
    }
    expect(step.cache.length).toBe(10);
    await expect(dec.run(Array(7).fill(1), step.cache)).rejects.toThrow(/context length 16/);
  });

  it("has an fp16 variant that agrees with fp32 to fp16 precision", async () => {
    const dec16 = await OnnxDecoder.create(buildDecoderOnnx(tiny, weights, { dtype: "float16" }), undefined, { providers: ["cpu"] });
    expect(dec16.dtype).toBe("float16");
    const a = await dec16.run(ids.slice(0, 6), null);
    const b = await dec16.run(ids.slice(6, 8), a.cache);
    const ref = await model.logits(jsMatmulKernel, Int32Array.from(ids.slice(0, 8)), 1, 8);
    expect(maxAbsDiff(a.logits, ref.subarray(0, 6 * 11))).toBeLessThan(2e-2);
    expect(maxAbsDiff(b.logits, ref.subarray(6 * 11))).toBeLessThan(2e-2);
  });

  it("fused variant (MultiHeadAttention, SkipLayerNormalization, FastGelu) equals the standard graph: prefill, chunk, decode", async () => {
    const fusedBytes = buildDecoderOnnx(tiny, weights, { fused: true });
    const fused = await OnnxDecoder.create(fusedBytes, tiny, { providers: ["cpu"] });
    const plain = await OnnxDecoder.create(buildDecoderOnnx(tiny, weights), tiny, { providers: ["cpu"] });
    // fewer nodes, and the contrib operators are really there
    const fusedOps = ops(fusedBytes), plainOps = ops(buildDecoderOnnx(tiny, weights));
    expect(fusedOps.filter((o) => o === "MultiHeadAttention")).toHaveLength(tiny.layers);
    expect(fusedOps.filter((o) => o === "SkipLayerNormalization")).toHaveLength(2 * tiny.layers + 1); // + the embedding sum
    expect(fusedOps).not.toContain("Softmax");
    expect(fusedOps.length).toBeLessThan(plainOps.length / 2);
    const rows = [ids.slice(0, 10), ids.slice(10)];
    let a = await fused.run(rows.map((r) => r.slice(0, 5)), null);
    let b = await plain.run(rows.map((r) => r.slice(0, 5)), null);
    expect(maxAbsDiff(a.logits, b.logits)).toBeLessThan(1e-5);
    a = await fused.run(rows.map((r) => r.slice(5, 7)), a.cache);
    b = await plain.run(rows.map((r) => r.slice(5, 7)), b.cache);
    expect(maxAbsDiff(a.logits, b.logits)).toBeLessThan(1e-5);
    for (let i = 7; i < 10; i++) {
      a = await fused.run(rows.map((r) => [r[i]!]), a.cache);
      b = await plain.run(rows.map((r) => [r[i]!]), b.cache);
      expect(maxAbsDiff(a.logits, b.logits)).toBeLessThan(1e-5);
      expect(maxAbsDiff(a.cache.keys[1]!.data as Float32Array, b.cache.keys[1]!.data as Float32Array)).toBeLessThan(1e-5);
    }
    expect(a.cache.length).toBe(10);
  });

  it("fused variant with a padding mask equals the standard padded graph", async () => {
    const mk = async (fused: boolean) => (await OnnxDecoder.create(buildDecoderOnnx(tiny, weights, { fused, attentionMask: true }), tiny, { providers: ["cpu"] })).session;
    const [f, p] = [await mk(true), await mk(false)];
    // two rows, the first left-padded by 3
    const seq = 6, B = 2;
    const idT = new ort.Tensor("int64", BigInt64Array.from(ids.slice(0, B * seq).map(BigInt)), [B, seq]);
    const pos = new ort.Tensor("int64", BigInt64Array.from([0, 0, 0, 0, 1, 2, 0, 1, 2, 3, 4, 5].map(BigInt)), [B, seq]);
    const mask = new ort.Tensor("int64", BigInt64Array.from([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1].map(BigInt)), [B, seq]);
    const feeds: Record<string, ort.Tensor> = { input_ids: idT, position_ids: pos, attention_mask: mask };
    for (let i = 0; i < tiny.layers; i++) for (const k of ["key", "value"]) feeds[`past_${k}_${i}`] = new ort.Tensor("float32", new Float32Array(0), [B, 2, 0, 4]);
    const [of, op] = [await f.run(feeds), await p.run(feeds)];
    const V = tiny.vocabSize;
    // padded query rows are garbage in both; the real rows must agree
    const lf = of.logits!.data as Float32Array, lp = op.logits!.data as Float32Array;
    expect(maxAbsDiff(lf.subarray(3 * V, 6 * V), lp.subarray(3 * V, 6 * V))).toBeLessThan(1e-5);
    expect(maxAbsDiff(lf.subarray(6 * V), lp.subarray(6 * V))).toBeLessThan(1e-5);
  });

  it("static cache (GroupQueryAttention, outputs bound to the fed buffers) equals the standard graph: prefill, then decode", async () => {
    // GroupQueryAttention needs a head size that is a multiple of 8
    const cfg: DecoderConfig = { vocabSize: 11, contextLength: 16, layers: 2, heads: 2, width: 16 };
    const w = randomDecoderWeights(cfg, { seed: 11, std: 0.3 });
    expect(() => buildDecoderOnnx(tiny, weights, { fused: true, staticCache: true })).toThrow(/multiple of 8/);
    expect(() => buildDecoderOnnx(cfg, w, { staticCache: true })).toThrow(/needs fused/);
    const bytes = buildDecoderOnnx(cfg, w, { fused: true, staticCache: true });
    expect(ops(bytes).filter((o) => o === "GroupQueryAttention")).toHaveLength(cfg.layers);
    await expect(OnnxDecoder.create(bytes, cfg, { providers: ["cpu"] })).rejects.toThrow(/staticCache/);
    const plain = await OnnxDecoder.create(buildDecoderOnnx(cfg, w), cfg, { providers: ["cpu"] });
    const stat = await ort.InferenceSession.create(bytes);
    const B = 2, C = cfg.contextLength, hd = 8;
    // one preallocated buffer per layer and kind, fed as past_* and fetched as present_*: the results land in it
    const cache: Record<string, ort.Tensor> = {};
    for (let i = 0; i < cfg.layers; i++) for (const k of ["key", "value"]) cache[`${k}_${i}`] = new ort.Tensor("float32", new Float32Array(B * 2 * C * hd), [B, 2, C, hd]);
    const rows = [ids.slice(0, 10), ids.slice(10)];
    let length = 0;
    const runStatic = async (chunk: number[][]): Promise<Float32Array> => {
      const S = chunk[0]!.length;
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor("int64", BigInt64Array.from(chunk.flat().map(BigInt)), [B, S]),
        position_ids: new ort.Tensor("int64", BigInt64Array.from(chunk.flatMap((r) => r.map((_, j) => BigInt(length + j)))), [B, S]),
        seqlens_k: new ort.Tensor("int32", Int32Array.from(Array(B).fill(length + S - 1)), [B]),
        total_sequence_length: new ort.Tensor("int32", Int32Array.from([length + S]), []),
      };
      const fetches: Record<string, ort.Tensor | null> = { logits: null };
      for (let i = 0; i < cfg.layers; i++) for (const k of ["key", "value"]) feeds[`past_${k}_${i}`] = fetches[`present_${k}_${i}`] = cache[`${k}_${i}`]!;
      const out = await stat.run(feeds, fetches as ort.InferenceSession.FetchesType);
      length += S;
      return out.logits!.data as Float32Array;
    };
    let b = await plain.run(rows.map((r) => r.slice(0, 5)), null);
    expect(maxAbsDiff(await runStatic(rows.map((r) => r.slice(0, 5))), b.logits)).toBeLessThan(1e-5);
    // (a multi-token chunk after the prompt is GroupQueryAttention's batch-1-only case: decode one at a time)
    for (let i = 5; i < 10; i++) {
      b = await plain.run(rows.map((r) => [r[i]!]), b.cache);
      expect(maxAbsDiff(await runStatic(rows.map((r) => [r[i]!])), b.logits)).toBeLessThan(1e-5);
    }
    // the buffer we fed holds the growing cache's rows in its first 10 slots and zeros after them
    const k1 = cache.key_1!.data as Float32Array, ref = b.cache.keys[1]!.data as Float32Array;
    for (let bh = 0; bh < B * 2; bh++) {
      expect(maxAbsDiff(k1.subarray(bh * C * hd, bh * C * hd + 10 * hd), ref.subarray(bh * 10 * hd, (bh + 1) * 10 * hd))).toBeLessThan(1e-5);
      expect(Array.from(k1.subarray(bh * C * hd + 10 * hd, (bh + 1) * C * hd)).every((x) => x === 0)).toBe(true);
    }
    await stat.release();
  });

  it("next_token output is the argmax of each row's last logits", async () => {
    for (const fused of [false, true]) {
      const dec = await OnnxDecoder.create(buildDecoderOnnx(tiny, weights, { nextToken: true, fused }), tiny, { providers: ["cpu"] });
      expect(dec.session.outputNames).toContain("next_token");
      const feeds: Record<string, ort.Tensor> = {
        input_ids: new ort.Tensor("int64", BigInt64Array.from(ids.slice(0, 14).map(BigInt)), [2, 7]),
        position_ids: new ort.Tensor("int64", BigInt64Array.from([0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6].map(BigInt)), [2, 7]),
      };
      for (let i = 0; i < tiny.layers; i++) for (const k of ["key", "value"]) feeds[`past_${k}_${i}`] = new ort.Tensor("float32", new Float32Array(0), [2, 2, 0, 4]);
      const out = await dec.session.run(feeds);
      const logits = out.logits!.data as Float32Array, V = tiny.vocabSize;
      const argmax = (a: Float32Array): number => a.indexOf(Math.max(...a));
      expect(Array.from(out.next_token!.data as BigInt64Array, Number)).toEqual([argmax(logits.subarray(6 * V, 7 * V)), argmax(logits.subarray(13 * V, 14 * V))]);
    }
  });

  it("scores a sequence with sliding windows exactly as the trainer's log-softmax does", async () => {
    const dec = await OnnxDecoder.create(buildDecoderOnnx(tiny, weights), tiny, { providers: ["cpu"] });
    const r = createRng(10);
    const text = Array.from({ length: 40 }, () => r.int(tiny.vocabSize));
    const s = await scoreSequence(dec, text, { window: 16, stride: 8, batch: 3 });
    expect(s.logprobs[0]).toBeCloseTo(-Math.log(11), 10);
    // windows [0,16) scores 1…15, [8,24) 16…23, [16,32) 24…31, [24,40) 32…39: token 30 is predicted by row 13 of [16,32)
    const ref = await model.logits(jsMatmulKernel, Int32Array.from(text.slice(16, 32)), 1, 16);
    const lp = logSoftmax(ref.subarray(13 * 11, 14 * 11));
    expect(s.logprobs[30]).toBeCloseTo(lp[text[30]!]!, 4);
    expect(s.bitsPerToken).toBeCloseTo(s.meanNats / Math.LN2, 12);
    expect(s.logprobs.every((x) => x < 0)).toBe(true);
  });

  const dir = path.resolve(__dirname, "../../models/austen-gpt");
  it.runIf(fs.existsSync(path.join(dir, "weights.bin")))("the committed Austen model: ONNX logits equal the trainer's within 1e-4", async () => {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")) as { config: DecoderConfig; vocab: string[] };
    const w = loadDecoderWeights(path.join(dir, "weights.bin"), meta.config);
    const tok = new CharTokenizer(meta.vocab);
    const x = Array.from(tok.encode("It is a truth universally acknowledged, that a single man in possession of a good fortune"));
    const dec = await OnnxDecoder.create(buildDecoderOnnx(meta.config, w), meta.config, { providers: ["cpu"] });
    const { logits } = await dec.run(x, null);
    const ref = await new GptModel(meta.config, w, false).logits(jsMatmulKernel, Int32Array.from(x), 1, x.length);
    expect(maxAbsDiff(logits, ref)).toBeLessThan(1e-4);
  });
});

import { describe, it, expect } from "vitest";
import {
  bytesPerParameter,
  modelMemoryBytes,
  kvCacheBytesPerToken,
  kvCacheBytesForBatch,
  kvCacheTokenCapacity,
  LLM_REFERENCE_SHAPES,
  countWords,
  measureTokensPerWord,
} from "../../lib/structured/index";
import { decoderMemoryArithmetic } from "../../lib/llm/serving-sim";
import { decoderParameterCount, GPT2_SMALL_CONFIG } from "../../lib/onnx/decoder-config";

const o200k = require("gpt-tokenizer/cjs/encoding/o200k_base") as { encode: (s: string) => number[] };

/**
 * Parameter count of a LLaMA-style decoder from its published configuration (config.json fields:
 * hidden_size, intermediate_size, num_hidden_layers, num_key_value_heads, vocab_size; untied input
 * embedding and LM head, RMSNorm scales only, no biases, SwiGLU MLP with three matrices).
 */
function llamaParameters(c: { hidden: number; ffn: number; layers: number; heads: number; kvHeads: number; vocab: number }): number {
  const headDim = c.hidden / c.heads;
  const attention = c.hidden * c.hidden * 2 + 2 * c.hidden * c.kvHeads * headDim; // q, o + k, v
  const mlp = 3 * c.hidden * c.ffn;
  const norms = 2 * c.hidden;
  return c.layers * (attention + mlp + norms) + 2 * c.vocab * c.hidden + c.hidden;
}

describe("reference model shapes", () => {
  it("GPT-2 small's 124,439,808 parameters: by hand, and as the course's builder minus its separate LM head", () => {
    // the course's graphs keep an untied LM head (vocab × width matrix + vocab bias); GPT-2 ties it to wte
    expect(decoderParameterCount(GPT2_SMALL_CONFIG) - (50257 * 768 + 50257)).toBe(LLM_REFERENCE_SHAPES.gpt2Small.parameters);
    // and the architecture by hand: embeddings + 12 × (2 LayerNorms + QKV + proj + MLP) + final LayerNorm
    const d = 768;
    const perLayer = 2 * 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + (d * 4 * d + 4 * d) + (4 * d * d + d);
    expect(50257 * d + 1024 * d + 12 * perLayer + 2 * d).toBe(124_439_808);
    expect(LLM_REFERENCE_SHAPES.gpt2Small.headDim * 12).toBe(d);
  });

  it("LLaMA 13B and Llama 2 70B counts follow from their configurations", () => {
    expect(llamaParameters({ hidden: 5120, ffn: 13824, layers: 40, heads: 40, kvHeads: 40, vocab: 32000 })).toBe(LLM_REFERENCE_SHAPES.llama13b.parameters);
    expect(llamaParameters({ hidden: 8192, ffn: 28672, layers: 80, heads: 64, kvHeads: 8, vocab: 32000 })).toBe(LLM_REFERENCE_SHAPES.llama2_70b.parameters);
    expect(LLM_REFERENCE_SHAPES.llama2_70b.kvHeads * LLM_REFERENCE_SHAPES.llama2_70b.headDim).toBe(1024);
  });
});

describe("memory arithmetic (llm-numbers)", () => {
  it("bytes per parameter by dtype", () => {
    expect([bytesPerParameter("fp32"), bytesPerParameter("fp16"), bytesPerParameter("bf16"), bytesPerParameter("int8"), bytesPerParameter("int4")]).toEqual([4, 2, 2, 1, 0.5]);
    expect(() => bytesPerParameter("fp64" as never)).toThrow(/unknown dtype "fp64"/);
  });

  it("a 13B model in fp16 needs ≈ 26 GB (2 bytes per parameter)", () => {
    expect(modelMemoryBytes(13e9, "fp16")).toBe(26e9);
    expect(modelMemoryBytes(13e9)).toBe(26e9); // fp16 by default
    expect(modelMemoryBytes(LLM_REFERENCE_SHAPES.llama13b.parameters, "fp16") / 1e9).toBeCloseTo(26.03, 2);
    expect(modelMemoryBytes(7e9, "int4")).toBe(3.5e9);
    expect(() => modelMemoryBytes(-1)).toThrow(RangeError);
  });

  it("KV cache per token = 2 × layers × heads × head_dim × bytes: hand examples", () => {
    // GPT-2 small: 2 × 12 × 12 × 64 × 2 = 36,864 bytes in fp16
    expect(kvCacheBytesPerToken({ layers: 12, kvHeads: 12, headDim: 64, dtype: "fp16" })).toBe(36_864);
    expect(kvCacheBytesPerToken({ layers: 12, kvHeads: 12, headDim: 64, dtype: "fp32" })).toBe(73_728);
    // LLaMA 13B: 2 × 40 × 40 × 128 × 2 = 819,200 bytes ≈ the "~1 MB per output token" of llm-numbers
    expect(kvCacheBytesPerToken({ ...LLM_REFERENCE_SHAPES.llama13b })).toBe(819_200);
    // grouped-query attention: Llama 2 70B keeps 8 KV heads: 2 × 80 × 8 × 128 × 2
    expect(kvCacheBytesPerToken({ ...LLM_REFERENCE_SHAPES.llama2_70b })).toBe(327_680);
    expect(kvCacheBytesForBatch({ layers: 12, kvHeads: 12, headDim: 64 }, 1024, 8)).toBe(36_864 * 1024 * 8);
  });

  it("agrees with lib/llm's decoder arithmetic (KV = 2 × layers × width × bytes)", () => {
    // the course's tiny model: 3 layers, 4 heads, width 128
    const theirs = decoderMemoryArithmetic({ layers: 3, width: 128, contextLength: 128 }, 1000, 4);
    expect(kvCacheBytesPerToken({ layers: 3, kvHeads: 4, headDim: 32, dtype: "fp32" })).toBe(theirs.kvBytesPerToken);
    expect(modelMemoryBytes(1000, "fp32")).toBe(theirs.weightBytes);
  });

  it("KV tokens that fit beside the weights", () => {
    // 80 GB, 26 GB of weights, 819,200 B/token → ⌊54e9 / 819200⌋
    expect(kvCacheTokenCapacity(80e9, 26e9, { layers: 40, kvHeads: 40, headDim: 128 })).toBe(Math.floor(54e9 / 819_200));
    expect(kvCacheTokenCapacity(10e9, 26e9, { layers: 40, kvHeads: 40, headDim: 128 })).toBe(0);
  });
});

describe("tokens per word", () => {
  it("counts words as whitespace-separated pieces with a letter or digit", () => {
    expect(countWords("It is a truth universally acknowledged, that a single man")).toBe(10);
    expect(countWords("  Chapter 1 \n\n -- * Anne's  ")).toBe(3);
    expect(countWords("")).toBe(0);
  });

  it("tokens / words, with the tokenizer's own count", () => {
    const text = "Sir Walter Elliot, of Kellynch Hall, in Somersetshire, was a man who, for his own amusement, never took up any book but the Baronetage;";
    const [row] = measureTokensPerWord({ opening: text }, ["o200k_base"]);
    expect(row!.words).toBe(24);
    expect(row!.tokens).toBe(o200k.encode(text).length);
    expect(row!.tokensPerWord).toBeCloseTo(row!.tokens / 24, 12);
    expect(() => measureTokensPerWord({ empty: "  " })).toThrow(/has no words/);
  });
});

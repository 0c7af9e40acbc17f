import { getTokenCounter, STRUCTURED_TOKENIZERS, type StructuredTokenizerName } from "./tokens";

/** Numeric types weights and KV caches are stored in. */
export type LlmDtype = "fp32" | "fp16" | "bf16" | "fp8" | "int8" | "int4";

/** Bytes per value of each {@link LlmDtype} (int4: half a byte). */
export const LLM_DTYPE_BYTES: Readonly<Record<LlmDtype, number>> = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1, int4: 0.5 };

/** Bytes per parameter (or per cached value) of a dtype; throws on an unknown one. */
export function bytesPerParameter(dtype: LlmDtype): number {
  const b = LLM_DTYPE_BYTES[dtype];
  if (b === undefined) throw new Error(`bytesPerParameter: unknown dtype ${JSON.stringify(dtype)}; use one of ${Object.keys(LLM_DTYPE_BYTES).join(", ")}.`);
  return b;
}

function checkCount(name: string, v: number, allowZero = false): void {
  if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) throw new RangeError(`${name} must be a positive finite number, got ${v}.`);
}

/**
 * Memory of a model's weights: parameters × bytes per parameter (llm-numbers: serving needs about
 * 2 bytes per parameter in fp16, so a 13B model needs ≈ 26 GB before any KV cache).
 * @param dtype default "fp16"
 */
export function modelMemoryBytes(parameters: number, dtype: LlmDtype = "fp16"): number {
  checkCount("modelMemoryBytes: parameters", parameters);
  return parameters * bytesPerParameter(dtype);
}

/** The shape a decoder's KV cache depends on. */
export interface KvCacheShape {
  /** Transformer layers. */
  layers: number;
  /** Key/value heads per layer (fewer than query heads with grouped-query attention). */
  kvHeads: number;
  /** Dimension of one head (width / query heads). */
  headDim: number;
  /** Storage type of the cache. Default "fp16". */
  dtype?: LlmDtype;
}

/**
 * KV-cache bytes per token of one sequence: 2 (a key and a value) × layers × kv heads × head
 * dimension × bytes per value. GPT-2 small in fp16: 2 × 12 × 12 × 64 × 2 = 36,864 bytes.
 */
export function kvCacheBytesPerToken(shape: KvCacheShape): number {
  checkCount("kvCacheBytesPerToken: layers", shape.layers);
  checkCount("kvCacheBytesPerToken: kvHeads", shape.kvHeads);
  checkCount("kvCacheBytesPerToken: headDim", shape.headDim);
  return 2 * shape.layers * shape.kvHeads * shape.headDim * bytesPerParameter(shape.dtype ?? "fp16");
}

/**
 * KV-cache bytes of a batch: bytes per token × tokens per sequence × sequences.
 * @param batch sequences in the batch; default 1
 */
export function kvCacheBytesForBatch(shape: KvCacheShape, tokens: number, batch = 1): number {
  checkCount("kvCacheBytesForBatch: tokens", tokens, true);
  checkCount("kvCacheBytesForBatch: batch", batch, true);
  return kvCacheBytesPerToken(shape) * tokens * batch;
}

/**
 * How many tokens of KV cache fit in `memoryBytes` once the weights are loaded:
 * ⌊(memory − weights) / KV bytes per token⌋ (0 when the weights alone do not fit). Shared by all
 * sequences of a batch.
 */
export function kvCacheTokenCapacity(memoryBytes: number, weightBytes: number, shape: KvCacheShape): number {
  checkCount("kvCacheTokenCapacity: memoryBytes", memoryBytes);
  checkCount("kvCacheTokenCapacity: weightBytes", weightBytes, true);
  return Math.max(0, Math.floor((memoryBytes - weightBytes) / kvCacheBytesPerToken(shape)));
}

/** Reference decoder shapes for the arithmetic (parameters as published). */
export const LLM_REFERENCE_SHAPES = {
  /** GPT-2 small: 124M parameters (tied LM head), 12 layers, 12 heads of 64. Counts checked against the architectures in test/structured/llm-numbers.test.ts. */
  gpt2Small: { parameters: 124_439_808, layers: 12, kvHeads: 12, headDim: 64 },
  /** LLaMA 13B: 13.0B parameters, 40 layers, 40 heads of 128 (llm-numbers' "13B model"). */
  llama13b: { parameters: 13_015_864_320, layers: 40, kvHeads: 40, headDim: 128 },
  /** Llama 2 70B: 69B parameters, 80 layers, grouped-query attention with 8 KV heads of 128. */
  llama2_70b: { parameters: 68_976_648_192, layers: 80, kvHeads: 8, headDim: 128 },
} as const;

/**
 * Words of a text as llm-numbers counts them: whitespace-separated pieces holding at least one
 * letter or digit (a lone dash or asterisk is not a word).
 */
export function countWords(text: string): number {
  let n = 0;
  for (const w of text.split(/\s+/)) if (/[\p{L}\p{N}]/u.test(w)) n++;
  return n;
}

/** Tokens per word of one text under one tokenizer. */
export interface TokensPerWordRow {
  /** A name for the text (e.g. "persuasion"). */
  text: string;
  /** Tokenizer. */
  tokenizer: StructuredTokenizerName;
  /** Words ({@link countWords}). */
  words: number;
  /** Tokens. */
  tokens: number;
  /** Characters. */
  chars: number;
  /** tokens / words (llm-numbers: ≈ 1.3 for English). */
  tokensPerWord: number;
  /** chars / tokens. */
  charsPerToken: number;
}

/**
 * Measures tokens per word of named texts with each tokenizer (default o200k_base and
 * cl100k_base), one row per (text, tokenizer).
 * @example
 * measureTokensPerWord({ persuasion: await loadDocument("janeausten", "persuasion") });
 */
export function measureTokensPerWord(texts: Record<string, string>, tokenizers: readonly StructuredTokenizerName[] = STRUCTURED_TOKENIZERS.filter((t) => t !== "char")): TokensPerWordRow[] {
  const rows: TokensPerWordRow[] = [];
  for (const [name, text] of Object.entries(texts)) {
    const words = countWords(text);
    if (!words) throw new Error(`measureTokensPerWord: text "${name}" has no words.`);
    for (const t of tokenizers) {
      const tokens = getTokenCounter(t).count(text);
      rows.push({ text: name, tokenizer: t, words, tokens, chars: text.length, tokensPerWord: tokens / words, charsPerToken: text.length / tokens });
    }
  }
  return rows;
}

import { logSoftmax } from "./sampling";
import type { OnnxDecoder } from "./onnx-decoder";

/** Options for {@link scoreSequence}. */
export interface ScoreOptions {
  /** Window length. Default the model's context length. */
  window?: number;
  /**
   * Step between windows. Every token after the first window is scored with at least
   * `window − stride` tokens of context. Default half the window.
   */
  stride?: number;
  /** Windows run together in one call. Default 16. */
  batch?: number;
  /** Called after each batch with (tokens scored so far, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Per-token log-probabilities of a sequence under a model. */
export interface SequenceScore {
  /** Natural-log probability of every token given the ones before it (token 0 gets log(1/vocab): no model predicts the first token without context). */
  logprobs: Float64Array;
  /** −Σ logprobs, nats. */
  totalNats: number;
  /** Mean negative log-likelihood per token, nats. */
  meanNats: number;
  /** exp(meanNats). */
  perplexity: number;
  /** meanNats / ln 2: bits per token (= bits per character for a character model). */
  bitsPerToken: number;
}

/**
 * Scores a long sequence with sliding windows (each window a fresh prefill, several windows batched),
 * giving every token's log-probability: the number of bits an arithmetic coder driven by the model
 * would spend on it (−log2 p), which makes the model a compressor.
 */
export async function scoreSequence(decoder: OnnxDecoder, ids: ArrayLike<number>, options: ScoreOptions = {}): Promise<SequenceScore> {
  const n = ids.length;
  const V = decoder.config.vocabSize;
  const W = Math.min(options.window ?? decoder.config.contextLength, n);
  const stride = options.stride ?? Math.max(1, Math.floor(W / 2));
  const batch = options.batch ?? 16;
  if (n < 2) throw new Error("scoreSequence: need at least 2 tokens.");
  if (W > decoder.config.contextLength) throw new Error(`scoreSequence: window ${W} exceeds the context length ${decoder.config.contextLength}.`);
  if (!(stride >= 1 && stride <= W)) throw new Error(`scoreSequence: stride must be between 1 and the window (${W}), got ${stride}.`);
  // windows: [start, first scored position]
  const windows: [number, number][] = [[0, 1]];
  let covered = W;
  while (covered < n) {
    const s = Math.min(covered - (W - stride), n - W);
    windows.push([s, covered]);
    covered = s + W;
  }
  const logprobs = new Float64Array(n);
  logprobs[0] = -Math.log(V);
  let done = 1;
  for (let b = 0; b < windows.length; b += batch) {
    const group = windows.slice(b, b + batch);
    const rows = group.map(([s]) => Array.from({ length: W }, (_, j) => ids[s + j]!));
    const { logits } = await decoder.run(rows, null);
    group.forEach(([s, from], r) => {
      for (let pos = from; pos < s + W; pos++) {
        const j = pos - s - 1; // logits at j predict token j+1 of the window
        const lp = logSoftmax(logits.subarray((r * W + j) * V, (r * W + j + 1) * V));
        logprobs[pos] = lp[ids[pos]!]!;
        done++;
      }
    });
    options.onProgress?.(done, n);
  }
  let total = 0;
  for (let i = 0; i < n; i++) total -= logprobs[i]!;
  const meanNats = total / n;
  return { logprobs, totalNats: total, meanNats, perplexity: Math.exp(meanNats), bitsPerToken: meanNats / Math.LN2 };
}

/** A compressor's result on a text, for {@link compressionTable}. */
export interface CompressorResult {
  /** Name, e.g. `"gzip -9"`. */
  name: string;
  /** Compressed size in bits (or the model's total −log2 p). */
  bits: number;
  /** Size of what the decoder must already have (the model's weights), bytes; 0 for gzip & co. Default 0. */
  modelBytes?: number;
}

/** One row of {@link compressionTable}. */
export interface CompressionRow {
  /** Compressor name. */
  name: string;
  /** Bits per character of the compressed text alone. */
  bitsPerChar: number;
  /** Bits per character when the model's bytes are counted too (sent once with the text). */
  bitsPerCharWithModel: number;
  /** Model bytes counted. */
  modelBytes: number;
}

/** Bits per character with and without the model's size, for a text of `characters` characters. */
export function compressionTable(characters: number, results: CompressorResult[]): CompressionRow[] {
  if (!(characters > 0)) throw new Error("compressionTable: characters must be positive.");
  return results.map((r) => {
    const m = r.modelBytes ?? 0;
    return { name: r.name, bitsPerChar: r.bits / characters, bitsPerCharWithModel: (r.bits + 8 * m) / characters, modelBytes: m };
  });
}

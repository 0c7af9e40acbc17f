import { createRng } from "../data/random";
import { sampleToken, type SamplingOptions } from "./sampling";
import type { OnnxDecoder, DecoderKvCache } from "./onnx-decoder";

/** Turns text into token ids and back (e.g. `CharTokenizer`). */
export interface LlmTokenizer {
  /** Token ids of a text. */
  encode(text: string): ArrayLike<number>;
  /** Text of token ids. */
  decode(ids: ArrayLike<number>): string;
}

/** Options for {@link generateTokens} and {@link generateText}. */
export interface GenerateOptions extends SamplingOptions {
  /** Tokens to generate. Default 100. */
  maxNewTokens?: number;
  /** Seed of the sampler's {@link createRng}. Default 0. */
  seed?: number;
  /** Stop after generating a token whose text ends one of these strings (it is kept). Default none. */
  stop?: string[];
  /** Called with every token as soon as it is chosen (streaming). */
  onToken?: (token: GeneratedToken) => void;
  /** Clock in ms used for every time stamp. Default `performance.now()`. */
  now?: () => number;
  /**
   * When the context is full, keep this many most recent tokens and prefill them again (a sliding
   * window, costing one prefill); the step that does so is slower. Default half the context length.
   */
  keepOnOverflow?: number;
}

/** One generated token. */
export interface GeneratedToken {
  /** Index among the generated tokens (0 = first). */
  index: number;
  /** Token id. */
  id: number;
  /** Its text. */
  text: string;
  /** Natural-log probability of the token under the model (raw logits, temperature 1). */
  logprob: number;
  /** Time it was ready, ms (on the `now` clock). */
  t: number;
  /** ms since the previous token was ready (or since the request started, for the first token). */
  latencyMs: number;
  /** Whether this step re-prefilled a sliding window because the context was full. */
  refilled: boolean;
}

/** A finished generation. */
export interface GenerationResult {
  /** The prompt's token ids. */
  promptIds: number[];
  /** The generated tokens in order. */
  tokens: GeneratedToken[];
  /** The generated text (prompt excluded). */
  text: string;
  /** When generation started, ms (the `sent` of a trace). */
  start: number;
  /** When the last token was ready, ms. */
  end: number;
  /** Prefill time (start to first token), ms: the time to first token without network or queueing. */
  ttftMs: number;
  /** Why it stopped: token budget reached, or a stop string. */
  finishReason: "length" | "stop";
  /** Sum of the tokens' logprobs (nats). */
  totalLogprob: number;
}

/**
 * Generates tokens one at a time with the KV cache (prefill the prompt once, then one decode step
 * per token), as an async iterator: `for await (const tok of generateTokens(...))` streams them.
 */
export async function* generateTokens(decoder: OnnxDecoder, tokenizer: LlmTokenizer, prompt: string | ArrayLike<number>, options: GenerateOptions = {}): AsyncGenerator<GeneratedToken, void, undefined> {
  const now = options.now ?? ((): number => performance.now());
  const maxNew = options.maxNewTokens ?? 100;
  if (!Number.isInteger(maxNew) || maxNew < 0) throw new Error(`generate: maxNewTokens must be a non-negative integer, got ${options.maxNewTokens}.`);
  const ctx = decoder.config.contextLength;
  const keep = options.keepOnOverflow ?? Math.floor(ctx / 2);
  if (!(keep >= 1 && keep < ctx)) throw new Error(`generate: keepOnOverflow must be between 1 and ${ctx - 1}, got ${keep}.`);
  const ids = Array.from(typeof prompt === "string" ? tokenizer.encode(prompt) : prompt);
  if (ids.length === 0) throw new Error("generate: the prompt is empty; give at least one token (e.g. a newline).");
  const rng = createRng(options.seed ?? 0);
  const stops = options.stop ?? [];
  let history = ids.length > ctx ? ids.slice(ids.length - ctx) : ids.slice();
  let last = now();
  let step = await decoder.run(history, null);
  let cache: DecoderKvCache = step.cache;
  let seq = history.length;
  let text = "";
  for (let index = 0; index < maxNew; index++) {
    let refilled = false;
    if (index > 0) {
      const prev = history[history.length - 1]!;
      if (cache.length + 1 > ctx) {
        history = history.slice(history.length - keep);
        step = await decoder.run(history, null);
        seq = history.length;
        refilled = true;
      } else {
        step = await decoder.run([prev], cache);
        seq = 1;
      }
      cache = step.cache;
    }
    const V = decoder.config.vocabSize;
    const logits = step.logits.subarray((seq - 1) * V, seq * V);
    const s = sampleToken(logits, options, rng);
    history.push(s.token);
    const t = now();
    const tok: GeneratedToken = { index, id: s.token, text: tokenizer.decode([s.token]), logprob: s.logprob, t, latencyMs: t - last, refilled };
    last = t;
    text += tok.text;
    options.onToken?.(tok);
    yield tok;
    if (stops.some((x) => x.length > 0 && text.endsWith(x))) return;
  }
}

/** Generates to the end and returns everything (tokens, logprobs, timings); `onToken` still streams. */
export async function generateText(decoder: OnnxDecoder, tokenizer: LlmTokenizer, prompt: string | ArrayLike<number>, options: GenerateOptions = {}): Promise<GenerationResult> {
  const now = options.now ?? ((): number => performance.now());
  const promptIds = Array.from(typeof prompt === "string" ? tokenizer.encode(prompt) : prompt);
  const start = now();
  const tokens: GeneratedToken[] = [];
  for await (const tok of generateTokens(decoder, tokenizer, promptIds, { ...options, now })) tokens.push(tok);
  const text = tokens.map((t) => t.text).join("");
  const stops = options.stop ?? [];
  return {
    promptIds,
    tokens,
    text,
    start,
    end: tokens.length ? tokens[tokens.length - 1]!.t : start,
    ttftMs: tokens.length ? tokens[0]!.t - start : NaN,
    finishReason: stops.some((x) => x.length > 0 && text.endsWith(x)) ? "stop" : "length",
    totalLogprob: tokens.reduce((s, t) => s + t.logprob, 0),
  };
}

/**
 * The generation as one request of a serving trace `{id, sent, input_tokens, tokens: [{t, text}], end}`
 * (the JSONL format `parseLlmTraceJsonl` and `computeLlmMetrics` of lib/metrics read).
 */
export function generationToTrace(result: GenerationResult, id: string | number): { id: string | number; sent: number; input_tokens: number; tokens: { t: number; text: string }[]; end: number } {
  return { id, sent: result.start, input_tokens: result.promptIds.length, tokens: result.tokens.map((t) => ({ t: t.t, text: t.text })), end: result.end };
}

/**
 * Static and continuous batching of LLM requests on the real {@link OnnxDecoder}.
 *
 * Sequences of different lengths share one batch with **left padding** and the decoder graph's
 * `attention_mask` input (build it with `buildDecoderOnnx(config, weights, { attentionMask: true })`):
 * every row's real tokens sit at the right end of the batch's KV cache, pads are masked out, and
 * each row keeps its own positions. One decode step then advances every row by one token whatever
 * its length, which is what iteration-level (continuous) batching needs (Orca, Yu et al., OSDI 2022;
 * vLLM). The batch's cache is rebuilt (rows copied) only when rows join or leave.
 *
 * Time runs on a **virtual clock**: each prefill or decode step advances it by its measured cost
 * (CPU time by default, or wall time, or a cost model for reproducible tests), and an idle server
 * jumps to the next arrival.
 * That is the timeline one server running these steps back to back would have, without sleeping
 * through idle gaps. Tokens are chosen greedily (argmax), so outputs are deterministic.
 */
import * as ort from "onnxruntime-node";
import type { OnnxDecoder } from "./onnx-decoder";
import type { LlmTokenizer } from "./generate";
import { argmax, logSoftmax } from "./sampling";
import type { LlmTrace } from "../metrics/llm-trace";

/** One request to serve. */
export interface LlmServeRequest {
  /** Request id, unique. */
  id: string | number;
  /** When it arrives, ms on the server's clock (0 = start of the run). */
  arrivalMs: number;
  /** Prompt token ids (at least one). */
  promptIds: number[];
  /** Tokens to generate (at least one); the request ends after exactly this many (no stop token). */
  maxNewTokens: number;
}

/** What one prefill or decode step did, for timelines. */
export interface BatchStepRecord {
  /** Prefill (new prompts) or decode (one token for every running row). */
  kind: "prefill" | "decode";
  /** Virtual time the step started, ms. */
  startMs: number;
  /** Its duration, ms (measured, or the cost model's). */
  durationMs: number;
  /** Rows in the step (padding rows included: a finished row of a static batch still costs). */
  batch: number;
  /** Rows whose token was kept (delivered to a client). */
  useful: number;
  /** Padded length of the KV cache after the step. */
  cacheLength: number;
}

/** Cost model for reproducible runs: ms a step takes, instead of measuring it. */
export type BatchStepCost = (kind: "prefill" | "decode", batch: number, tokensPerRow: number, cacheLength: number) => number;

/** Options of {@link serveWithBatching}. */
export interface BatchingOptions {
  /** `"static"`: form a batch from the queue and run it until every row is done; `"continuous"`: admit new requests at every step and retire finished ones. */
  policy: "static" | "continuous";
  /** Most rows in a batch. Default 8. */
  maxBatch?: number;
  /** Turns a token id into its text for the trace. Default `<id>` strings. */
  tokenizer?: LlmTokenizer;
  /**
   * What a step costs on the virtual clock: `"cpu"` (default) the CPU time the process spent on it
   * (`process.cpuUsage`, all threads: with a one-thread session this is what a dedicated core
   * would take, and it is not inflated when other jobs share the machine); `"wall"` the elapsed
   * time; or a cost model (ms per step) for reproducible runs.
   */
  stepCost?: BatchStepCost | "cpu" | "wall";
  /** Called after every step (e.g. a progress bar). */
  onStep?: (step: BatchStepRecord) => void;
  /** Keep each generated token's natural-log probability. Default false. */
  logprobs?: boolean;
}

/** Result of {@link serveWithBatching}. */
export interface BatchingResult {
  /** The policy used. */
  policy: "static" | "continuous";
  /** Most rows in a batch. */
  maxBatch: number;
  /** One trace per request (llm-trace format: `{id, sent, input_tokens, tokens: [{t, text}], end}`), in request order. */
  traces: LlmTrace[];
  /** Generated token ids per request id. */
  outputs: Map<string | number, number[]>;
  /** Natural-log probabilities of the generated tokens per request id (when `logprobs` was set). */
  logprobs: Map<string | number, number[]>;
  /** Every step in order. */
  steps: BatchStepRecord[];
  /** Virtual time when the last request finished, ms. */
  makespanMs: number;
  /** Sum of step durations (time the model was busy), ms. */
  busyMs: number;
  /** Real wall time the run took, ms. */
  wallMs: number;
}

interface Row {
  req: LlmServeRequest;
  len: number; // real tokens in the cache
  last: number; // token to feed next
  emitted: number;
  done: boolean;
}

interface PaddedCache {
  keys: Float32Array[];
  values: Float32Array[];
  length: number; // padded length
}

/** Copies rows (their real, right-aligned parts) from one padded cache into a new one of length `target`. */
function gatherRows(src: PaddedCache, srcRows: number[], lens: number[], heads: number, hd: number, target: number): PaddedCache {
  const out: PaddedCache = { keys: [], values: [], length: target };
  const B = srcRows.length;
  for (const part of ["keys", "values"] as const) {
    for (const s of src[part]) {
      const d = new Float32Array(B * heads * target * hd);
      srcRows.forEach((r, k) => {
        const len = lens[k]!;
        for (let h = 0; h < heads; h++) {
          const from = ((r * heads + h) * src.length + (src.length - len)) * hd;
          d.set(s.subarray(from, from + len * hd), ((k * heads + h) * target + (target - len)) * hd);
        }
      });
      out[part].push(d);
    }
  }
  return out;
}

/** Concatenates two padded caches along the batch axis, right-aligned to the longer length. */
function concatCaches(a: PaddedCache | null, aB: number, b: PaddedCache, bB: number, heads: number, hd: number): PaddedCache {
  if (!a || aB === 0) return b;
  const L = Math.max(a.length, b.length);
  const out: PaddedCache = { keys: [], values: [], length: L };
  for (const part of ["keys", "values"] as const) {
    a[part].forEach((x, i) => {
      const y = b[part][i]!;
      const d = new Float32Array((aB + bB) * heads * L * hd);
      const place = (src: Float32Array, srcL: number, rows: number, rowOffset: number): void => {
        for (let r = 0; r < rows; r++) {
          for (let h = 0; h < heads; h++) {
            const from = (r * heads + h) * srcL * hd;
            d.set(src.subarray(from, from + srcL * hd), (((rowOffset + r) * heads + h) * L + (L - srcL)) * hd);
          }
        }
      };
      place(x, a.length, aB, 0);
      place(y, b.length, bB, aB);
      out[part].push(d);
    });
  }
  return out;
}

/**
 * Runs one padded step: `ids[r]` are row r's new tokens (all rows the same count, left-padded by the
 * caller), `positions[r]` their positions, `mask[r]` 1/0 over past + new tokens.
 */
async function runMaskedStep(decoder: OnnxDecoder, ids: number[][], positions: number[][], mask: number[][], past: PaddedCache | null): Promise<{ logits: Float32Array; cache: PaddedCache }> {
  const c = decoder.config;
  const B = ids.length, S = ids[0]!.length, H = c.heads, hd = c.width / c.heads;
  const L = past?.length ?? 0;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor("int64", BigInt64Array.from(ids.flat().map(BigInt)), [B, S]),
    position_ids: new ort.Tensor("int64", BigInt64Array.from(positions.flat().map(BigInt)), [B, S]),
    attention_mask: new ort.Tensor("int64", BigInt64Array.from(mask.flat().map(BigInt)), [B, L + S]),
  };
  for (let i = 0; i < c.layers; i++) {
    feeds[`past_key_${i}`] = new ort.Tensor("float32", past ? past.keys[i]! : new Float32Array(0), [B, H, L, hd]);
    feeds[`past_value_${i}`] = new ort.Tensor("float32", past ? past.values[i]! : new Float32Array(0), [B, H, L, hd]);
  }
  const out = await decoder.session.run(feeds);
  const cache: PaddedCache = { keys: [], values: [], length: L + S };
  for (let i = 0; i < c.layers; i++) {
    cache.keys.push(out[`present_key_${i}`]!.data as Float32Array);
    cache.values.push(out[`present_value_${i}`]!.data as Float32Array);
  }
  return { logits: out.logits!.data as Float32Array, cache };
}

/** Checks that a decoder can serve padded batches (fp32, with the `attention_mask` input). */
export function checkBatchingDecoder(decoder: OnnxDecoder): void {
  if (!decoder.session.inputNames.includes("attention_mask")) {
    throw new Error("batching: the decoder has no attention_mask input; build it with buildDecoderOnnx(config, weights, { attentionMask: true }) (or loadCharGpt(dir, { attentionMask: true })).");
  }
  if (decoder.dtype !== "float32") throw new Error("batching: only float32 decoders are supported (the padded KV cache is handled as float32).");
}

/**
 * Serves `requests` (arriving at their `arrivalMs`) with static or continuous batching on one
 * decoder and records a trace per request in the llm-trace format.
 *
 * - **static**: when the server is free it takes up to `maxBatch` requests that have arrived,
 *   prefills them together and decodes until the longest is done; rows that finish early keep
 *   occupying their slot (their tokens are computed and thrown away) and newcomers wait for the
 *   whole batch.
 * - **continuous** (iteration-level scheduling): before every decode step, requests that have
 *   arrived are admitted into free slots and prefilled (the running rows pause for that prefill, as
 *   in vLLM's default scheduler, which is what lengthens their time between tokens), then one decode
 *   step advances every running row; finished rows leave at once.
 *
 * Tokens are greedy, so each request's output equals its solo greedy generation (up to float
 * rounding of batched matrix products). Every `prompt + maxNewTokens` must fit the context length.
 * @param decoder a float32 decoder built with `attentionMask: true`
 * @param requests the workload (see `poissonLlmWorkload`)
 * @param options policy, maxBatch (8), tokenizer (ids as `<id>`), stepCost (`"cpu"`), onStep, logprobs (false)
 */
export async function serveWithBatching(decoder: OnnxDecoder, requests: readonly LlmServeRequest[], options: BatchingOptions): Promise<BatchingResult> {
  checkBatchingDecoder(decoder);
  const policy = options.policy;
  if (policy !== "static" && policy !== "continuous") throw new Error(`serveWithBatching: policy must be "static" or "continuous", got ${JSON.stringify(policy)}.`);
  const maxBatch = options.maxBatch ?? 8;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`serveWithBatching: maxBatch must be a positive integer, got ${options.maxBatch}.`);
  const c = decoder.config;
  const V = c.vocabSize, H = c.heads, hd = c.width / c.heads, ctx = c.contextLength;
  const ids = new Set<string>();
  for (const r of requests) {
    const key = `${typeof r.id}:${r.id}`;
    if (ids.has(key)) throw new Error(`serveWithBatching: request id ${JSON.stringify(r.id)} is used twice; ids must be unique.`);
    ids.add(key);
    if (r.promptIds.length === 0) throw new Error(`serveWithBatching: request ${r.id} has an empty prompt.`);
    if (!Number.isInteger(r.maxNewTokens) || r.maxNewTokens < 1) throw new Error(`serveWithBatching: request ${r.id} needs maxNewTokens ≥ 1, got ${r.maxNewTokens}.`);
    if (r.promptIds.length + r.maxNewTokens > ctx) throw new Error(`serveWithBatching: request ${r.id}: prompt ${r.promptIds.length} + ${r.maxNewTokens} new tokens exceed the context length ${ctx}; shorten the prompt or the output.`);
    if (!(Number.isFinite(r.arrivalMs) && r.arrivalMs >= 0)) throw new Error(`serveWithBatching: request ${r.id} has arrivalMs ${r.arrivalMs}; it must be a finite number ≥ 0.`);
  }
  const textOf = (id: number): string => (options.tokenizer ? options.tokenizer.decode([id]) : `<${id}>`);
  const queue = [...requests].sort((a, b) => a.arrivalMs - b.arrivalMs);
  const traces = new Map<string | number, LlmTrace>();
  const outputs = new Map<string | number, number[]>();
  const lps = new Map<string | number, number[]>();
  for (const r of requests) {
    traces.set(r.id, { id: r.id, sent: r.arrivalMs, input_tokens: r.promptIds.length, tokens: [] });
    outputs.set(r.id, []);
    if (options.logprobs) lps.set(r.id, []);
  }
  const steps: BatchStepRecord[] = [];
  let now = 0, busy = 0;
  const wall0 = performance.now();

  const timed = async <T>(fn: () => Promise<T>, kind: "prefill" | "decode", batch: number, tokensPerRow: number, cacheLen: number): Promise<{ value: T; dt: number; start: number }> => {
    const cost = options.stepCost ?? "cpu";
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const value = await fn();
    const wall = performance.now() - t0;
    const cu = process.cpuUsage(c0);
    const dt = typeof cost === "function" ? cost(kind, batch, tokensPerRow, cacheLen) : cost === "wall" ? wall : (cu.user + cu.system) / 1000;
    const start = now;
    now += dt;
    busy += dt;
    return { value, dt, start };
  };
  const emit = (row: Row, logits: Float32Array, offset: number): void => {
    const slice = logits.subarray(offset, offset + V);
    const tok = argmax(slice);
    row.last = tok;
    if (row.done) return;
    const tr = traces.get(row.req.id)!;
    tr.tokens.push({ t: now, text: textOf(tok) });
    outputs.get(row.req.id)!.push(tok);
    if (options.logprobs) lps.get(row.req.id)!.push(logSoftmax(slice)[tok]!);
    row.emitted++;
    if (row.emitted >= row.req.maxNewTokens) {
      row.done = true;
      tr.end = now;
    }
  };

  /** Prefills new rows together (left-padded); returns their cache. */
  const prefill = async (rows: Row[]): Promise<PaddedCache> => {
    const Lp = Math.max(...rows.map((r) => r.req.promptIds.length));
    const idsIn = rows.map((r) => [...Array(Lp - r.req.promptIds.length).fill(0), ...r.req.promptIds]);
    const pos = rows.map((r) => [...Array(Lp - r.req.promptIds.length).fill(0), ...r.req.promptIds.map((_, j) => j)]);
    const mask = rows.map((r) => [...Array(Lp - r.req.promptIds.length).fill(0), ...r.req.promptIds.map(() => 1)]);
    const { value, dt, start } = await timed(() => runMaskedStep(decoder, idsIn, pos, mask, null), "prefill", rows.length, Lp, Lp);
    rows.forEach((r, k) => {
      r.len = r.req.promptIds.length;
      emit(r, value.logits, (k * Lp + Lp - 1) * V);
    });
    const rec: BatchStepRecord = { kind: "prefill", startMs: start, durationMs: dt, batch: rows.length, useful: rows.length, cacheLength: Lp };
    steps.push(rec);
    options.onStep?.(rec);
    return value.cache;
  };

  /** One decode step for every row of the batch. */
  const decode = async (rows: Row[], cache: PaddedCache): Promise<PaddedCache> => {
    const L = cache.length;
    const idsIn = rows.map((r) => [r.last]);
    const pos = rows.map((r) => [Math.min(r.len, ctx - 1)]);
    const mask = rows.map((r) => [...Array(L - Math.min(r.len, L)).fill(0), ...Array(Math.min(r.len, L) + 1).fill(1)]);
    const useful = rows.filter((r) => !r.done).length;
    const { value, dt, start } = await timed(() => runMaskedStep(decoder, idsIn, pos, mask, cache), "decode", rows.length, 1, L + 1);
    rows.forEach((r, k) => {
      r.len++;
      emit(r, value.logits, k * V);
    });
    const rec: BatchStepRecord = { kind: "decode", startMs: start, durationMs: dt, batch: rows.length, useful, cacheLength: L + 1 };
    steps.push(rec);
    options.onStep?.(rec);
    return value.cache;
  };

  let qi = 0; // next request in arrival order not yet admitted
  const arrived = (): number => {
    let n = 0;
    while (qi + n < queue.length && queue[qi + n]!.arrivalMs <= now) n++;
    return n;
  };
  const take = (n: number): Row[] => {
    const rows = queue.slice(qi, qi + n).map((req) => ({ req, len: 0, last: 0, emitted: 0, done: false }));
    qi += n;
    return rows;
  };

  if (policy === "static") {
    while (qi < queue.length) {
      if (arrived() === 0) now = Math.max(now, queue[qi]!.arrivalMs);
      const rows = take(Math.min(maxBatch, arrived()));
      let cache = await prefill(rows);
      while (rows.some((r) => !r.done)) cache = await decode(rows, cache);
    }
  } else {
    let running: Row[] = [];
    let cache: PaddedCache | null = null;
    while (qi < queue.length || running.length > 0) {
      if (running.length === 0 && arrived() === 0) now = Math.max(now, queue[qi]!.arrivalMs);
      const free = maxBatch - running.length;
      const n = Math.min(free, arrived());
      if (n > 0) {
        const fresh = take(n);
        const fc = await prefill(fresh);
        // rows that finished at their first token leave at once
        const keep = fresh.map((r, k) => [r, k] as const).filter(([r]) => !r.done);
        if (keep.length > 0) {
          const trimmed = keep.length === fresh.length ? fc : gatherRows(fc, keep.map(([, k]) => k), keep.map(([r]) => r.len), H, hd, Math.max(...keep.map(([r]) => r.len)));
          cache = concatCaches(cache, running.length, trimmed, keep.length, H, hd);
          running = [...running, ...keep.map(([r]) => r)];
        }
      }
      if (running.length === 0) continue;
      cache = await decode(running, cache!);
      if (running.some((r) => r.done)) {
        const stay = running.map((r, k) => [r, k] as const).filter(([r]) => !r.done);
        cache = stay.length ? gatherRows(cache, stay.map(([, k]) => k), stay.map(([r]) => r.len), H, hd, Math.max(...stay.map(([r]) => r.len))) : null;
        running = stay.map(([r]) => r);
      }
    }
  }
  const list = requests.map((r) => traces.get(r.id)!);
  return {
    policy,
    maxBatch,
    traces: list,
    outputs,
    logprobs: lps,
    steps,
    makespanMs: now,
    busyMs: busy,
    wallMs: performance.now() - wall0,
  };
}

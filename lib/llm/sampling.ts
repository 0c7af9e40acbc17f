import type { Rng } from "../data/random";

/** How the next token is chosen from the logits. */
export interface SamplingOptions {
  /** Softmax temperature; 0 means greedy (always the most likely token). Default 1. */
  temperature?: number;
  /** Keep only the k most likely tokens (0 = no limit). Default 0. */
  topK?: number;
  /**
   * Nucleus sampling: keep the smallest set of most likely tokens whose probabilities sum to at
   * least p (1 = no limit). Applied after temperature and top-k, as Hugging Face does. Default 1.
   */
  topP?: number;
}

/** Log-softmax (natural log) of a logit vector, computed in float64. */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let mx = -Infinity;
  for (let i = 0; i < logits.length; i++) mx = Math.max(mx, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - mx);
  const lse = mx + Math.log(sum);
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! - lse;
  return out;
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

function checkOptions(o: SamplingOptions): Required<SamplingOptions> {
  const r = { temperature: o.temperature ?? 1, topK: o.topK ?? 0, topP: o.topP ?? 1 };
  if (!(r.temperature >= 0) || !Number.isFinite(r.temperature)) throw new Error(`sampling: temperature must be ≥ 0 (0 = greedy), got ${o.temperature}.`);
  if (!Number.isInteger(r.topK) || r.topK < 0) throw new Error(`sampling: topK must be a non-negative integer (0 = off), got ${o.topK}.`);
  if (!(r.topP > 0 && r.topP <= 1)) throw new Error(`sampling: topP must be in (0, 1] (1 = off), got ${o.topP}.`);
  return r;
}

/**
 * The distribution a sampler draws from: softmax(logits / temperature), restricted to the top-k
 * tokens and then to the top-p nucleus, renormalised. Tokens outside the support get probability 0.
 * Temperature 0 puts all mass on the argmax. Ties at a cut-off keep the lower token id.
 */
export function samplingDistribution(logits: ArrayLike<number>, options: SamplingOptions = {}): Float64Array {
  const o = checkOptions(options);
  const V = logits.length;
  const p = new Float64Array(V);
  if (V === 0) throw new Error("sampling: empty logits.");
  if (o.temperature === 0) {
    p[argmax(logits)] = 1;
    return p;
  }
  const scaled = new Float64Array(V);
  for (let i = 0; i < V; i++) scaled[i] = logits[i]! / o.temperature;
  const lp = logSoftmax(scaled);
  for (let i = 0; i < V; i++) p[i] = Math.exp(lp[i]!);
  const order = Array.from({ length: V }, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
  let keep = V;
  if (o.topK > 0) keep = Math.min(keep, o.topK);
  if (o.topP < 1) {
    let cum = 0, n = 0;
    for (const i of order.slice(0, keep)) {
      cum += p[i]!;
      n++;
      if (cum >= o.topP - 1e-12) break;
    }
    keep = Math.max(1, n);
  }
  for (const i of order.slice(keep)) p[i] = 0;
  let s = 0;
  for (let i = 0; i < V; i++) s += p[i]!;
  for (let i = 0; i < V; i++) p[i] = p[i]! / s;
  return p;
}

/** One sampled token. */
export interface SampledToken {
  /** Token id. */
  token: number;
  /** Log-probability (natural log) of the token under the model itself: log-softmax of the raw logits (temperature 1, no truncation), what an API's `logprobs` reports. */
  logprob: number;
  /** Probability of the token under the sampling distribution actually used (temperature, top-k, top-p). */
  samplingProbability: number;
}

/** Draws the next token from `logits` with `options`, using `rng` (one draw per call; greedy draws nothing). */
export function sampleToken(logits: ArrayLike<number>, options: SamplingOptions, rng: Rng): SampledToken {
  const dist = samplingDistribution(logits, options);
  let token: number;
  if ((options.temperature ?? 1) === 0) token = argmax(dist);
  else {
    const u = rng.next();
    let cum = 0;
    token = -1;
    for (let i = 0; i < dist.length; i++) {
      if (dist[i] === 0) continue;
      cum += dist[i]!;
      token = i;
      if (u < cum) break;
    }
  }
  return { token, logprob: logSoftmax(logits)[token]!, samplingProbability: dist[token]! };
}

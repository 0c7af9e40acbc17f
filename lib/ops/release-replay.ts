import { Counter, type Registry } from "prom-client";
import { createRng, type Rng } from "../data/random";
import type { CanaryController, CanaryState, ReleaseArm } from "./canary";

/** One request of a replayed stream: who sent it, the text, and the true label (known later). */
export interface ReplayRequest {
  userId: string;
  text: string;
  label: string;
}

/** Options of {@link predictOverHttp}; every field has a default. */
export interface HttpPredictOptions {
  /** Requests in flight at once. Default `16`. */
  concurrency?: number;
}

/**
 * Sends each text as its own `POST /v1/predict` request (as users would) to a running course server
 * and returns the predicted labels in input order.
 * @param url the server's base URL (e.g. `RunningServer.url`)
 * @param model `NAME@VERSION` the request asks for
 * @throws when a request does not answer 200, with the status and body
 */
export async function predictOverHttp(url: string, model: string, texts: readonly string[], options: HttpPredictOptions = {}): Promise<string[]> {
  const out = new Array<string>(texts.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < texts.length) {
      const i = next++;
      const res = await fetch(`${url}/v1/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ inputs: [texts[i]], model }) });
      if (res.status !== 200) throw new Error(`predictOverHttp: ${model} answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { predictions: { label: string }[] };
      out[i] = body.predictions[0]!.label;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, worker));
  return out;
}

/** What a shadow replay measured. */
export interface ShadowReplayResult {
  /** Labels production answered (what users saw). */
  production: string[];
  /** Labels the shadow candidate computed (never shown). */
  candidate: string[];
  /** 1 where they disagree, in arrival order. */
  disagree: Uint8Array;
  /** Share of requests where they disagree. */
  disagreementRate: number;
}

/**
 * Shadow mode: every request is answered by `production` and also scored by `candidate`, whose
 * answer is only recorded. Counts `release_shadow_requests_total` and
 * `release_shadow_disagreements_total` in `registry` when given (e.g. the server's, for `/metrics`).
 */
export async function shadowReplay(url: string, production: string, candidate: string, texts: readonly string[], registry?: Registry): Promise<ShadowReplayResult> {
  const [p, c] = await Promise.all([predictOverHttp(url, production, texts), predictOverHttp(url, candidate, texts)]);
  const disagree = new Uint8Array(texts.length);
  let n = 0;
  for (let i = 0; i < texts.length; i++) if (p[i] !== c[i]) (disagree[i] = 1), n++;
  if (registry) {
    const registers = [registry];
    const get = (name: string, help: string): Counter => (registry.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, registers });
    get("release_shadow_requests_total", "Requests scored in shadow").inc(texts.length);
    get("release_shadow_disagreements_total", "Shadow answers that differ from production").inc(n);
  }
  return { production: p, candidate: c, disagree, disagreementRate: texts.length ? n / texts.length : 0 };
}

/**
 * A simulated user's online outcome from the real label: accepts a right answer with probability
 * 1 − noise and a wrong one with probability noise.
 */
export function userAccepts(correct: boolean, noise: number, rng: Rng): boolean {
  return correct ? rng.next() >= noise : rng.next() < noise;
}

/** Options of {@link canaryReplay}; every field has a default. */
export interface CanaryReplayOptions {
  /** Chance a user's reaction is the opposite of "accept if right". Default `0.1`. */
  noise?: number;
  /** Seed of the users' reactions. Default `42`. */
  seed?: number;
  /** Requests sent at once (routing and guardrail decisions are applied in arrival order). Default `8`. */
  concurrency?: number;
}

/** What a canary replay measured. */
export interface CanaryReplayResult {
  state: CanaryState;
  /** Distinct users the candidate answered before the rollback (all of them if it never rolled back). */
  usersExposed: number;
  /** Candidate answers that were wrong. */
  wrongCandidateAnswers: number;
  /** Requests replayed. */
  requests: number;
  /** Arm of each request, in order. */
  arms: ReleaseArm[];
}

/**
 * Canary release over HTTP: each request is routed by `controller` (a stable share of users to
 * `candidate`), answered by the real server, and the user's reaction (from the true label, with
 * noise) is fed back to the guardrail, which rolls back on its own.
 */
export async function canaryReplay(url: string, production: string, candidate: string, requests: readonly ReplayRequest[], controller: CanaryController, options: CanaryReplayOptions = {}): Promise<CanaryReplayResult> {
  const rng = createRng(options.seed ?? 42);
  const noise = options.noise ?? 0.1;
  const chunk = Math.max(1, options.concurrency ?? 8);
  const arms: ReleaseArm[] = [];
  let wrong = 0;
  for (let start = 0; start < requests.length; start += chunk) {
    const part = requests.slice(start, start + chunk);
    const routed = part.map((r) => controller.route(r.userId));
    const labels = await Promise.all(
      part.map(async (r, i) => {
        try {
          return (await predictOverHttp(url, routed[i] === "candidate" ? candidate : production, [r.text], { concurrency: 1 }))[0]!;
        } catch {
          return null;
        }
      }),
    );
    part.forEach((r, i) => {
      const label = labels[i];
      const correct = label === r.label;
      if (routed[i] === "candidate" && label !== null && !correct) wrong++;
      arms.push(routed[i]!);
      controller.record(routed[i]!, r.userId, label !== null, label !== null && userAccepts(correct, noise, rng));
    });
  }
  const state = controller.state;
  return { state, usersExposed: state.candidateUsers, wrongCandidateAnswers: wrong, requests: requests.length, arms };
}

import * as http from "node:http";
import { createRng } from "../data/random";
import { summaryStats } from "../metrics/summary";
import { assertLocalUrl, type LoadTestResult } from "./load-test";

/** Options of {@link runOpenLoopLoad}; every field but `url` and `rate` has a default. */
export interface OpenLoopOptions {
  /** Server base URL; must be this machine. */
  url: string;
  /** Requests per second offered (Poisson arrivals), whatever the server answers. */
  rate: number;
  /** Seconds of arrivals; capped at 60. Default `3`. */
  durationSeconds?: number;
  /** Most open connections (keep-alive); arrivals beyond wait client-side, and their wait counts in latency. Default `256`. */
  connections?: number;
  /** Texts to send, cycled. Default: two fixed headlines. */
  texts?: readonly string[];
  /** Texts per request. Default `1`. */
  textsPerRequest?: number;
  /** Route. Default `"/v1/predict"`. */
  path?: string;
  /** Per-request client timeout, s. Default `10`. */
  timeoutSeconds?: number;
  /** Seed of the arrival times. Default `1`. */
  seed?: number;
}

const DEFAULT_TEXTS = ["Oil prices rise as stocks slip on Wall Street", "Red Sox beat the Yankees in extra innings"];

/**
 * Open-loop load: requests arrive at `rate` per second (Poisson, seeded) for a bounded time, whether
 * or not earlier ones were answered, as users of a public service do; a closed loop (each connection
 * waiting for its answer, as autocannon runs, whose rate limit also sends each second's requests in a
 * burst) slows down with the server and so never shows overload. Latency is measured from each
 * request's scheduled arrival, so waiting for a free connection counts (no coordinated omission).
 * Returns the same summary as `runLoadTest`.
 */
export async function runOpenLoopLoad(options: OpenLoopOptions): Promise<LoadTestResult> {
  const u = assertLocalUrl(options.url);
  const rate = options.rate;
  const duration = Math.min(options.durationSeconds ?? 3, 60);
  const connections = options.connections ?? 256;
  const perRequest = options.textsPerRequest ?? 1;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError(`runOpenLoopLoad: rate must be a positive number of requests/s, got ${rate}.`);
  if (!(duration > 0)) throw new RangeError(`runOpenLoopLoad: durationSeconds must be > 0, got ${duration}.`);
  if (!Number.isInteger(connections) || connections < 1) throw new RangeError(`runOpenLoopLoad: connections must be an integer >= 1, got ${connections}.`);
  const texts = options.texts && options.texts.length ? options.texts : DEFAULT_TEXTS;
  const bodies = Array.from({ length: 64 }, (_, i) => Buffer.from(JSON.stringify({ inputs: Array.from({ length: perRequest }, (_, k) => texts[(i * perRequest + k) % texts.length]) })));
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const rng = createRng(options.seed ?? 1);
  const okTimes: number[] = [];
  const codes: Record<string, number> = {};
  let responses = 0;
  let errors = 0;
  let outstanding = 0;
  let done!: () => void;
  const allDone = new Promise<void>((r) => (done = r));
  let scheduling = true;
  const finishOne = (): void => {
    outstanding--;
    if (!scheduling && outstanding === 0) done();
  };
  const send = (scheduledAt: number, body: Buffer): void => {
    outstanding++;
    const req = http.request(
      { host: u.hostname.replace(/^\[|\]$/g, ""), port: u.port, path: options.path ?? "/v1/predict", method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length } },
      (res) => {
        res.resume();
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          responses++;
          codes[status] = (codes[status] ?? 0) + 1;
          if (status >= 200 && status < 300) okTimes.push(performance.now() - scheduledAt);
          finishOne();
        });
      },
    );
    req.setTimeout((options.timeoutSeconds ?? 10) * 1000, () => req.destroy(new Error("client timeout")));
    req.on("error", () => {
      errors++;
      finishOne();
    });
    req.end(body);
  };
  const t0 = performance.now();
  const end = t0 + duration * 1000;
  let next = t0;
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      while (next <= now && next < end) {
        send(next, bodies[i++ % bodies.length]!);
        next += (-Math.log(1 - rng.next()) / rate) * 1000;
      }
      if (next >= end) return resolve();
      setTimeout(tick, Math.max(0, Math.min(5, next - performance.now())));
    };
    tick();
  });
  scheduling = false;
  if (outstanding === 0) done();
  await allDone;
  agent.destroy();
  const latency = okTimes.length ? summaryStats(okTimes) : null;
  return {
    connections,
    durationSeconds: duration,
    responses,
    throughput: okTimes.length / duration,
    textsPerSecond: (okTimes.length * perRequest) / duration,
    p50Ms: latency ? latency.p50 : NaN,
    p99Ms: latency ? latency.p99 : NaN,
    latency,
    non2xx: responses - okTimes.length,
    errors,
    statusCodes: codes,
  };
}

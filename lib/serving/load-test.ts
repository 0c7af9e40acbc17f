import { summaryStats, type SummaryStats } from "../metrics/summary";

/** The part of autocannon's API the driver uses (the package ships no types). */
interface AutocannonInstance {
  on(event: "response", fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
  on(event: "done", fn: (result: AutocannonResult) => void): void;
  on(event: "reqError", fn: (error: Error) => void): void;
  stop(): void;
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number | string }>;
  latency: { p50: number; p99: number };
  requests: { total: number; average: number };
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

/** Options of {@link runLoadTest}. */
export interface LoadTestOptions {
  /** Server base URL; must be this machine (127.0.0.1, localhost or ::1). */
  url: string;
  /** Route. Default `"/v1/predict"`. */
  path?: string;
  /** Texts to send, one per request, cycled. Default: two fixed news headlines. */
  texts?: readonly string[];
  /** Texts per request. Default `1`. */
  textsPerRequest?: number;
  /** Concurrent connections (each sends its next request when the previous is answered). Default `16`. */
  connections?: number;
  /** Seconds to run; capped at 60. Default `3`. */
  durationSeconds?: number;
  /** Per-request client timeout in seconds. Default `10`. */
  timeoutSeconds?: number;
  /** Model spec to put in each body (`"model"` field). Default: none (the server's default). */
  model?: string;
  /**
   * Requests per second offered across all connections (autocannon's `overallRate`), for an
   * open-loop-like offered load; give enough `connections` that they are not all waiting. Default:
   * none (closed loop: each connection sends again as soon as it is answered).
   */
  rate?: number;
}

/** Result of one load-test run: throughput and latency of the answered requests, and what failed. */
export interface LoadTestResult {
  /** Concurrent connections. */
  connections: number;
  /** Measured seconds. */
  durationSeconds: number;
  /** Responses received (any status). */
  responses: number;
  /** 2xx responses per second: the useful throughput. */
  throughput: number;
  /** Texts classified per second (`throughput × textsPerRequest`). */
  textsPerSecond: number;
  /** Median latency of 2xx responses, ms (lib/metrics percentiles over every response). */
  p50Ms: number;
  /** 99th percentile latency of 2xx responses, ms. */
  p99Ms: number;
  /** Full summary of 2xx latencies (null when none succeeded). */
  latency: SummaryStats | null;
  /** Non-2xx responses. */
  non2xx: number;
  /** Connection errors and client timeouts. */
  errors: number;
  /** Count per HTTP status code. */
  statusCodes: Record<string, number>;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/** Throws unless `url` points at this machine (the driver never loads anyone else's server). */
export function assertLocalUrl(url: string): URL {
  const u = new URL(url);
  if (!LOCAL_HOSTS.has(u.hostname)) throw new Error(`Load tests only target this machine (127.0.0.1, localhost or ::1); refusing ${u.hostname}.`);
  return u;
}

const DEFAULT_TEXTS = [
  "Oil prices rise as stocks slip on Wall Street after the Federal Reserve meeting",
  "Red Sox beat the Yankees in extra innings to take the series lead",
];

/**
 * Drives a server with autocannon at a fixed number of concurrent connections for a bounded time
 * (closed loop: each connection waits for its answer before sending again) and reports throughput,
 * p50/p99 of the successful requests (computed with lib/metrics from every response time), errors
 * and status codes. Only local URLs are accepted; duration is capped at 60 s.
 * @example const r = await runLoadTest({ url: server.url, connections: 32, durationSeconds: 3 });
 */
export function runLoadTest(options: LoadTestOptions): Promise<LoadTestResult> {
  const u = assertLocalUrl(options.url);
  const connections = options.connections ?? 16;
  const duration = Math.min(options.durationSeconds ?? 3, 60);
  const perRequest = options.textsPerRequest ?? 1;
  const texts = options.texts && options.texts.length ? options.texts : DEFAULT_TEXTS;
  if (!Number.isInteger(connections) || connections < 1) throw new RangeError(`runLoadTest: connections must be an integer >= 1, got ${connections}.`);
  if (!(duration > 0)) throw new RangeError(`runLoadTest: durationSeconds must be > 0, got ${duration}.`);
  if (options.rate !== undefined && !(options.rate >= 1)) throw new RangeError(`runLoadTest: rate must be >= 1 request/s, got ${options.rate}.`);
  const path = options.path ?? "/v1/predict";
  // a rotating set of bodies, so the server does not see one text over and over
  const nBodies = Math.min(64, Math.max(1, Math.ceil(texts.length / perRequest)));
  const requests = Array.from({ length: nBodies }, (_, i) => ({
    method: "POST",
    path,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ inputs: Array.from({ length: perRequest }, (_, k) => texts[(i * perRequest + k) % texts.length]), ...(options.model ? { model: options.model } : {}) }),
  }));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const autocannon = require("autocannon") as Autocannon;
  const okTimes: number[] = [];
  const codes: Record<string, number> = {};
  let responses = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: `${u.protocol}//${u.host}`, connections, duration, timeout: options.timeoutSeconds ?? 10, requests, ...(options.rate ? { overallRate: Math.round(options.rate) } : {}) },
      (err, result) => {
        if (err) return reject(err);
        const ok = okTimes.length;
        const seconds = result.duration || duration;
        const latency = ok ? summaryStats(okTimes) : null;
        resolve({
          connections,
          durationSeconds: seconds,
          responses,
          throughput: ok / seconds,
          textsPerSecond: (ok * perRequest) / seconds,
          p50Ms: latency ? latency.p50 : NaN,
          p99Ms: latency ? latency.p99 : NaN,
          latency,
          non2xx: responses - ok,
          errors: result.errors,
          statusCodes: codes,
        });
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      responses++;
      codes[statusCode] = (codes[statusCode] ?? 0) + 1;
      if (statusCode >= 200 && statusCode < 300) okTimes.push(responseTime);
    });
  });
}

import type { ProviderOptions } from "../compute/providers";
import type { ModelRegistry } from "./registry";
import type { ClassPrediction, NoopClassifierOptions, ServedClassifier } from "./text-classifier";

/** Options of {@link startServer}; every field has a default. */
export interface ServerOptions {
  /** Interface to bind. Default `"127.0.0.1"` (this machine only). */
  host?: string;
  /** Port. Default `0`: a free port chosen by the OS (read it from the returned `url`). */
  port?: number;
  /** Model registry (or its folder) that `name@version` models are loaded from. Default: none. */
  registry?: ModelRegistry | string;
  /** Models served as given, without a registry (e.g. one just trained in a notebook). Default: none. */
  classifiers?: ServedClassifier[];
  /** Serve a {@link createNoopClassifier} (no model work: the HTTP layer's ceiling). Default: off. */
  noopModel?: NoopClassifierOptions;
  /**
   * Model a request gets when it names none: `NAME`, `NAME@VERSION` or `NAME@STAGE`. Default: the
   * first of `classifiers`, else the no-op model, else the first model in the registry.
   */
  defaultModel?: string;
  /** Dynamic micro-batching across requests. Default `true`; `false` is `maxBatchSize: 1, maxWaitMs: 0`. */
  batching?: boolean;
  /** Most texts per model call when batching. Default `32`. */
  maxBatchSize?: number;
  /** Longest a text waits for its batch to fill, ms. Default `2`. */
  maxWaitMs?: number;
  /**
   * Most texts waiting per model; beyond it requests get 429 (back-pressure). While the waiting texts
   * of all loaded models reach it, new predict requests are refused before their body is read. Default `256`.
   */
  maxQueueSize?: number;
  /**
   * Most predict requests admitted and not yet answered (parsing, queued or running); beyond it a new
   * one gets 429 before its body is read, so refusing costs almost nothing. Default: `maxQueueSize`.
   */
  maxPendingRequests?: number;
  /**
   * Refuse in admission control, before a body is read (the limits above). Default `true`; `false`
   * refuses only after the body is parsed and validated, when the model queue is full (how servers
   * commonly shed; kept to measure what cheap refusal buys).
   */
  earlyRefusal?: boolean;
  /** Deadline of a prediction request (queueing and inference), ms; past it the answer is 504. Default `5000`. */
  requestTimeoutMs?: number;
  /**
   * Longest time to receive a request's headers and its whole body, ms: slow clients (and connections
   * that send nothing) are cut off with 408. Checked every `receiveTimeoutMs / 4` ms (at most 1 s). Default `10000`.
   */
  receiveTimeoutMs?: number;
  /** An idle keep-alive connection (no request since the last answer) is closed after this many ms. Default `5000`. */
  keepAliveTimeoutMs?: number;
  /** Largest request body in bytes; larger bodies get 413. Default `1 MiB`. */
  bodyLimitBytes?: number;
  /** Most texts in one request. Default `256`. */
  maxInputs?: number;
  /** Longest text in characters. Default `20000`. */
  maxTextChars?: number;
  /** Memory budget for loaded models (least-recently-used ones are unloaded beyond it). Default 1 GiB. */
  memoryBudgetBytes?: number;
  /** Run a few predictions on the default model before reporting ready. Default `true`. */
  warmup?: boolean;
  /** Resolve `startServer` only once the default model is loaded and warm. Default `true`. */
  waitUntilReady?: boolean;
  /**
   * Bound on `close()`, ms: in-flight requests may finish until then; afterwards connections are cut,
   * queued texts are refused and `close()` resolves without waiting for a running model call. Default `10000`.
   */
  shutdownTimeoutMs?: number;
  /** Execution providers for models loaded from the registry (see `createSession`). Default: the library's order. */
  providers?: ProviderOptions;
  /** Fastify's request logger. Default `false`. */
  logger?: boolean;
  /** Include prom-client's default process metrics on `/metrics`. Default `true`. */
  processMetrics?: boolean;
}

/** {@link ServerOptions} with defaults filled in (the fields that have one). */
export type ResolvedServerOptions = Required<Omit<ServerOptions, "registry" | "classifiers" | "noopModel" | "defaultModel" | "providers">> &
  Pick<ServerOptions, "registry" | "classifiers" | "noopModel" | "defaultModel" | "providers">;

/** The body `POST /v1/predict` accepts. */
export interface PredictRequestBody {
  /** Texts to classify (at least one). */
  inputs: string[];
  /** `NAME`, `NAME@VERSION` or `NAME@STAGE`; default: the server's default model. */
  model?: string;
}

/** What `POST /v1/predict` answers. */
export interface PredictResponseBody {
  model: string;
  version: string;
  predictions: ClassPrediction[];
}

/** Fills in the defaults of {@link ServerOptions}. */
export function resolveServerOptions(options: ServerOptions = {}): ResolvedServerOptions {
  const batching = options.batching ?? true;
  const o: ResolvedServerOptions = {
    ...options,
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    batching,
    maxBatchSize: batching ? (options.maxBatchSize ?? 32) : 1,
    maxWaitMs: batching ? (options.maxWaitMs ?? 2) : 0,
    maxQueueSize: options.maxQueueSize ?? 256,
    maxPendingRequests: options.maxPendingRequests ?? options.maxQueueSize ?? 256,
    earlyRefusal: options.earlyRefusal ?? true,
    requestTimeoutMs: options.requestTimeoutMs ?? 5000,
    receiveTimeoutMs: options.receiveTimeoutMs ?? 10_000,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 5000,
    bodyLimitBytes: options.bodyLimitBytes ?? 2 ** 20,
    maxInputs: options.maxInputs ?? 256,
    maxTextChars: options.maxTextChars ?? 20_000,
    memoryBudgetBytes: options.memoryBudgetBytes ?? 2 ** 30,
    warmup: options.warmup ?? true,
    waitUntilReady: options.waitUntilReady ?? true,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 10_000,
    logger: options.logger ?? false,
    processMetrics: options.processMetrics ?? true,
  };
  for (const k of ["maxBatchSize", "maxQueueSize", "maxPendingRequests", "maxInputs", "maxTextChars", "bodyLimitBytes"] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`startServer: ${k} must be an integer >= 1, got ${o[k]}.`);
  }
  for (const k of ["maxWaitMs", "requestTimeoutMs", "receiveTimeoutMs", "keepAliveTimeoutMs", "shutdownTimeoutMs"] as const) {
    if (!(o[k] >= 0)) throw new RangeError(`startServer: ${k} must be >= 0 ms, got ${o[k]}.`);
  }
  return o;
}


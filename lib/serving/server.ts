import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from "fastify";
import { z } from "zod";
import type { ProviderOptions } from "../compute/providers";
import { MicroBatcher } from "./batcher";
import { DeadlineExceededError, ModelNotFoundError, ServingError, ShuttingDownError } from "./errors";
import { createServingMetrics, type ServingMetrics } from "./metrics";
import { ModelPool } from "./model-pool";
import { ModelRegistry, parseModelSpec } from "./registry";
import { loadTextClassifier, createNoopClassifier, type ClassPrediction, type NoopClassifierOptions, type ServedClassifier } from "./text-classifier";

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
  /** Most texts waiting per model; beyond it requests get 429 (back-pressure). Default `256`. */
  maxQueueSize?: number;
  /** Deadline of a prediction request (queueing and inference), ms; past it the answer is 504. Default `5000`. */
  requestTimeoutMs?: number;
  /** Longest time to receive a whole request from a client, ms (slow clients are cut off with 408). Default `10000`. */
  receiveTimeoutMs?: number;
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
  /** How long `close()` waits for in-flight requests before cutting connections, ms. Default `10000`. */
  shutdownTimeoutMs?: number;
  /** Execution providers for models loaded from the registry (see `createSession`). Default: the library's order. */
  providers?: ProviderOptions;
  /** Fastify's request logger. Default `false`. */
  logger?: boolean;
  /** Include prom-client's default process metrics on `/metrics`. Default `true`. */
  processMetrics?: boolean;
}

/** A server started by {@link startServer}. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** Port it listens on. */
  port: number;
  /** Resolves when the default model is loaded and warm (rejects if it cannot be loaded). */
  ready: Promise<void>;
  /** Whether `/readyz` answers 200 now. */
  isReady(): boolean;
  /**
   * Graceful shutdown: readiness goes to 503, the listener stops accepting connections, in-flight
   * requests finish (up to `shutdownTimeoutMs`), then models are unloaded.
   */
  close(): Promise<void>;
  /** The Fastify instance (for `inject` in tests). */
  app: FastifyInstance;
  /** The server's Prometheus metrics. */
  metrics: ServingMetrics;
  /** The model pool (loaded models, cold starts, evictions). */
  pool: ModelPool<LoadedServedModel>;
  /** Resolved options. */
  options: ResolvedServerOptions;
}

/** {@link ServerOptions} with defaults filled in (the fields that have one). */
export type ResolvedServerOptions = Required<Omit<ServerOptions, "registry" | "classifiers" | "noopModel" | "defaultModel" | "providers">> &
  Pick<ServerOptions, "registry" | "classifiers" | "noopModel" | "defaultModel" | "providers">;

/** A model the server has loaded: the classifier and its own micro-batcher. */
export interface LoadedServedModel {
  /** `name@version`. */
  key: string;
  /** The classifier. */
  classifier: ServedClassifier;
  /** Batcher in front of it. */
  batcher: MicroBatcher<string, ClassPrediction>;
  /** Size counted against the memory budget. */
  sizeBytes: number;
  /** Drains the batcher and frees the classifier. */
  release(): Promise<void>;
}

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
    requestTimeoutMs: options.requestTimeoutMs ?? 5000,
    receiveTimeoutMs: options.receiveTimeoutMs ?? 10_000,
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
  for (const k of ["maxBatchSize", "maxQueueSize", "maxInputs", "maxTextChars", "bodyLimitBytes"] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 1) throw new RangeError(`startServer: ${k} must be an integer >= 1, got ${o[k]}.`);
  }
  for (const k of ["maxWaitMs", "requestTimeoutMs", "receiveTimeoutMs", "shutdownTimeoutMs"] as const) {
    if (!(o[k] >= 0)) throw new RangeError(`startServer: ${k} must be >= 0 ms, got ${o[k]}.`);
  }
  return o;
}

/** Turns zod issues into one sentence per problem, naming the field (e.g. `inputs[2]: Expected string, received number`). */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${p}` : String(p)), "");
      return `${where || "body"}: ${i.message}`;
    })
    .join("; ");
}

function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  if (status === 429) reply.header("retry-after", "1");
  return reply.code(status).send({ error: { code, message } });
}

/**
 * Starts the course's model server (Fastify) and returns its URL and a `close()`.
 *
 * Routes: `POST /v1/predict` (`{"inputs": ["text", …], "model"?: "name@version"}` →
 * `{"model", "version", "predictions": [{"label", "probabilities": {label: p}}]}`), `GET /v1/models`,
 * `GET /healthz` (the process answers), `GET /readyz` (200 only once the default model is loaded and
 * warm, 503 while loading or shutting down), `GET /metrics` (Prometheus text).
 *
 * Reliability: bodies are validated with zod (400 with the field and the problem), bodies over
 * `bodyLimitBytes` get 413, a full queue 429 with `Retry-After`, a request past `requestTimeoutMs`
 * 504, an unknown model or version 404; texts from concurrent requests are micro-batched per model;
 * `close()` drains in-flight requests before unloading models. Binds 127.0.0.1 unless told otherwise.
 *
 * @example
 * const server = await startServer({ registry: "build/registry", defaultModel: "agnews@production" });
 * const res = await fetch(`${server.url}/v1/predict`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ inputs: ["oil prices fall"] }) });
 * await server.close();
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const o = resolveServerOptions(options);
  const registry = typeof o.registry === "string" ? new ModelRegistry(o.registry) : o.registry;
  const statics = new Map<string, ServedClassifier>();
  for (const c of [...(o.classifiers ?? []), ...(o.noopModel ? [createNoopClassifier(o.noopModel)] : [])]) statics.set(`${c.name}@${c.version}`, c);
  const metrics = createServingMetrics({ processMetrics: o.processMetrics });

  // ---- model resolution: spec -> "name@version" (cached; stage and bare-name lookups for 1 s)
  const resolved = new Map<string, { key: string; until: number }>();
  async function resolveKey(spec: string): Promise<string> {
    const hit = resolved.get(spec);
    if (hit && hit.until > Date.now()) return hit.key;
    const { name, ref } = parseModelSpec(spec);
    let key: string | undefined;
    let immutable = false;
    const candidates = [...statics.values()].filter((c) => c.name === name);
    if (candidates.length) {
      const c = ref === undefined || ref === "production" ? candidates[candidates.length - 1] : candidates.find((x) => x.version === ref);
      if (!c) throw new ModelNotFoundError(`Model ${name} has no version "${ref}"; versions: ${candidates.map((x) => x.version).join(", ")}.`);
      key = `${c.name}@${c.version}`;
      immutable = true;
    } else if (registry) {
      const rec = await registry.resolve(spec);
      key = `${rec.name}@${rec.version}`;
      immutable = ref !== undefined && ref !== "production" && ref !== "staging";
    } else {
      throw new ModelNotFoundError(`No model named "${name}"; this server serves: ${[...statics.keys()].join(", ") || "nothing"}.`);
    }
    resolved.set(spec, { key, until: immutable ? Infinity : Date.now() + 1000 });
    return key;
  }

  async function loadModel(key: string): Promise<LoadedServedModel> {
    let classifier = statics.get(key);
    if (!classifier) {
      if (!registry) throw new ModelNotFoundError(`No model ${key}.`);
      const [name, version] = key.split("@") as [string, string];
      const rec = await registry.get(name, version);
      classifier = await loadTextClassifier(rec.path, { ...o.providers, name, version });
    }
    const c = classifier;
    const batcher = new MicroBatcher<string, ClassPrediction>((texts) => c.predictBatch(texts), {
      maxBatchSize: o.maxBatchSize,
      maxWaitMs: o.maxWaitMs,
      maxQueueSize: o.maxQueueSize,
      onBatch: (info) => {
        metrics.batchSize.observe({ model: key }, info.size);
        metrics.batchWait.observe({ model: key }, info.waitedMs / 1000);
        metrics.queueDepth.set({ model: key }, batcher.queueDepth);
      },
    });
    const isStatic = statics.has(key);
    return {
      key,
      classifier: c,
      batcher,
      sizeBytes: c.sizeBytes,
      async release() {
        await batcher.close();
        if (!isStatic) await c.release(); // models handed in by the caller stay theirs to release
      },
    };
  }

  const pool = new ModelPool<LoadedServedModel>(loadModel, {
    memoryBudgetBytes: o.memoryBudgetBytes,
    onLoad: () => {
      metrics.modelLoads.inc();
      metrics.modelsLoaded.set(pool.stats.loaded.length);
    },
    onEvict: () => {
      metrics.modelEvictions.inc();
      metrics.modelsLoaded.set(Math.max(0, pool.stats.loaded.length));
    },
  });

  // ---- HTTP
  const app = Fastify({
    logger: o.logger,
    bodyLimit: o.bodyLimitBytes,
    requestTimeout: o.receiveTimeoutMs,
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });

  let state: "loading" | "ready" | "failed" | "closing" = "loading";
  let readyError = "";
  let defaultSpec = o.defaultModel;

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions?.url ?? "unmatched";
    metrics.requests.inc({ route, status: String(reply.statusCode) });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
  });

  // while shutting down, ask keep-alive clients to close after this response so close() is prompt
  app.addHook("onSend", async (_request, reply, payload) => {
    if (state === "closing") reply.header("connection", "close");
    return payload;
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof ServingError) return sendError(reply, error.statusCode, error.code, error.message);
    const status = error.statusCode ?? 500;
    if (status === 413) return sendError(reply, 413, "payload_too_large", `Request body is larger than the limit of ${o.bodyLimitBytes} bytes; send fewer or shorter texts per request.`);
    if (status === 415) return sendError(reply, 415, "unsupported_media_type", `${error.message}. Send JSON with the header content-type: application/json.`);
    if (error.code === "FST_ERR_CTP_EMPTY_JSON_BODY") return sendError(reply, 400, "empty_body", 'The body is empty; send JSON like {"inputs": ["some text"]}.');
    if (status === 400 && (error instanceof SyntaxError || /JSON/i.test(error.message))) {
      return sendError(reply, 400, "invalid_json", `The body is not valid JSON (${error.message}); send {"inputs": ["some text"]}.`);
    }
    if (status >= 400 && status < 500) return sendError(reply, status, error.code ?? "bad_request", error.message);
    app.log.error(error);
    return sendError(reply, 500, "internal", `Internal error: ${error.message}`);
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, "not_found", `No route ${request.method} ${request.url}; routes: POST /v1/predict, GET /v1/models, GET /healthz, GET /readyz, GET /metrics.`),
  );

  const bodySchema = z
    .object({
      inputs: z
        .array(z.string({ invalid_type_error: "each input must be a string" }).max(o.maxTextChars, `a text may have at most ${o.maxTextChars} characters`), {
          required_error: 'the field "inputs" is required (an array of strings)',
          invalid_type_error: '"inputs" must be an array of strings',
        })
        .min(1, '"inputs" must hold at least one text')
        .max(o.maxInputs, `at most ${o.maxInputs} texts per request; split the request`),
      model: z.string({ invalid_type_error: '"model" must be a string like "agnews@2"' }).optional(),
    })
    .strict();

  app.post("/v1/predict", async (request, reply) => {
    if (request.body === null || typeof request.body !== "object" || Array.isArray(request.body)) {
      return sendError(reply, 400, "invalid_body", 'The body must be a JSON object like {"inputs": ["some text"]}.');
    }
    const parsed = bodySchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, "invalid_body", describeIssues(parsed.error));
    if (state === "closing") throw new ShuttingDownError("The server is shutting down; retry on another instance.");
    const spec = parsed.data.model ?? defaultSpec;
    if (!spec) throw new ServingError(503, "not_ready", "The server has no default model yet; name one with \"model\".");
    let key: string;
    try {
      key = await resolveKey(spec);
    } catch (e) {
      if (e instanceof ServingError) throw e;
      return sendError(reply, 400, "bad_model", (e as Error).message);
    }
    const deadline = performance.now() + o.requestTimeoutMs;
    const { model, release } = await pool.acquire(key);
    const work = model.batcher.submitMany(parsed.data.inputs, { deadline });
    work.then(release, release); // keep the model loaded until its items are done, even after a 504
    metrics.queueDepth.set({ model: key }, model.batcher.queueDepth);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeadlineExceededError(`No answer within ${o.requestTimeoutMs} ms; the server is overloaded or the model is slow. Retry later.`)), Math.max(0, deadline - performance.now()));
    });
    try {
      const predictions = await Promise.race([work, timeout]);
      const body: PredictResponseBody = { model: model.classifier.name, version: model.classifier.version, predictions };
      return body;
    } finally {
      clearTimeout(timer);
      work.catch(() => undefined);
    }
  });

  app.get("/v1/models", async () => ({
    default: defaultSpec ?? null,
    loaded: pool.stats.loaded,
    static: [...statics.keys()],
    registry: registry ? await registry.listModels() : [],
    residentBytes: pool.residentBytes,
    memoryBudgetBytes: o.memoryBudgetBytes,
  }));

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    if (state === "ready") return { status: "ready", model: defaultSpec };
    return reply.code(503).send({ status: state, ...(readyError ? { error: readyError } : {}) });
  });
  app.get("/metrics", async (_request, reply) => {
    for (const key of pool.stats.loaded) {
      const model = pool.peek(key);
      if (model) metrics.queueDepth.set({ model: key }, model.batcher.queueDepth);
    }
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  await app.listen({ host: o.host, port: o.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : o.port;
  const hostForUrl = o.host.includes(":") ? `[${o.host}]` : o.host;
  const url = `http://${hostForUrl}:${port}`;

  const ready = (async () => {
    if (!defaultSpec) {
      if (statics.size) defaultSpec = [...statics.keys()][0];
      else if (registry) {
        const names = await registry.listModels();
        if (names[0]) defaultSpec = names[0];
      }
    }
    if (!defaultSpec) throw new Error("startServer: no model to serve: pass classifiers, noopModel, or a registry with at least one model (and defaultModel).");
    const key = await resolveKey(defaultSpec);
    const { model, release } = await pool.acquire(key);
    try {
      if (o.warmup) for (let i = 0; i < 3; i++) await model.batcher.submitMany(["warm-up request: the first calls allocate buffers and compile kernels", "second text"]);
    } finally {
      release();
    }
    if (state === "loading") state = "ready";
  })();
  ready.catch((e: Error) => {
    if (state === "loading") state = "failed";
    readyError = e.message;
  });

  let closing: Promise<void> | null = null;
  const server: RunningServer = {
    url,
    port,
    ready,
    isReady: () => state === "ready",
    app,
    metrics,
    pool,
    options: o,
    close() {
      if (closing) return closing;
      state = "closing";
      closing = (async () => {
        const force = setTimeout(() => app.server.closeAllConnections(), o.shutdownTimeoutMs);
        force.unref();
        try {
          await app.close(); // stops accepting; waits for in-flight requests to be answered
        } finally {
          clearTimeout(force);
        }
        await ready.catch(() => undefined);
        await pool.clear();
      })();
      return closing;
    },
  };

  if (o.waitUntilReady) {
    try {
      await ready;
    } catch (e) {
      await server.close();
      throw e;
    }
  }
  return server;
}

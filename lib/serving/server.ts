import Fastify, { type FastifyInstance } from "fastify";
import { z } from "zod";
import { createAdmission } from "./admission";
import { DeadlineExceededError, ServingError, ShuttingDownError } from "./errors";
import { clientErrorHandler, createErrorHandler, redactPaths, sendError } from "./http-errors";
import { createHttpServerFactory } from "./http-server";
import { createServingMetrics, type ServingMetrics } from "./metrics";
import type { ModelPool } from "./model-pool";
import { ModelRegistry } from "./registry";
import { createServedModels, type LoadedServedModel } from "./served-models";
import { resolveServerOptions, type PredictResponseBody, type ResolvedServerOptions, type ServerOptions } from "./server-options";
import { createNoopClassifier, type ServedClassifier } from "./text-classifier";
import { describeZodIssues } from "../schema/issues";

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
   * Graceful shutdown bounded by `shutdownTimeoutMs`: readiness goes to 503, the listener stops
   * accepting connections, in-flight requests finish; at the bound connections are cut and queued
   * texts refused; then models are unloaded.
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

const ROUTES = "POST /v1/predict, GET /v1/models, GET /healthz, GET /readyz, GET /metrics";

/**
 * Starts the course's model server (Fastify) and returns its URL and a `close()`.
 *
 * Routes: `POST /v1/predict` (`{"inputs": ["text", …], "model"?: "name@version"}` →
 * `{"model", "version", "predictions": [{"label", "probabilities": {label: p}}]}`), `GET /v1/models`,
 * `GET /healthz` (the process answers), `GET /readyz` (200 only once the default model is loaded and
 * warm; 503 while loading, shutting down, or after server-side corruption was found), `GET /metrics`.
 *
 * Reliability: admission control refuses with 429 before a body is read (pending requests, queued
 * texts); bodies must be `application/json` (else 415) and are validated with zod (400 naming the
 * field); bodies over `bodyLimitBytes` get 413; a request past `requestTimeoutMs` 504 and its texts
 * leave the queue at once; slow or idle connections are cut at `receiveTimeoutMs` /
 * `keepAliveTimeoutMs`; registry models are served only after their SHA-256 match the registry (a
 * damaged registry or artifact is a 500 that flips `/readyz` to 503); every error, including Node's
 * own (408, 431, bad Content-Length), is `{"error": {"code", "message"}}` without server paths;
 * `close()` is bounded by `shutdownTimeoutMs`. Binds 127.0.0.1 unless told otherwise.
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
  const models = createServedModels(statics, registry, o, metrics);
  const pool = models.pool;

  let state: "loading" | "ready" | "failed" | "closing" = "loading";
  let readyError = "";
  let defaultSpec = o.defaultModel;
  const redactRoots = registry ? [registry.root] : [];

  const admission = createAdmission({
    maxPending: o.earlyRefusal ? o.maxPendingRequests : Infinity,
    maxQueuedTexts: o.earlyRefusal ? o.maxQueueSize : Infinity,
    queuedTexts: models.queuedTexts,
    closing: () => state === "closing",
    onRefuse: (status) => metrics.requests.inc({ route: "/v1/predict", status: String(status) }),
  });
  const app = Fastify({
    logger: o.logger,
    bodyLimit: o.bodyLimitBytes,
    serverFactory: createHttpServerFactory({ receiveTimeoutMs: o.receiveTimeoutMs, keepAliveTimeoutMs: o.keepAliveTimeoutMs }, admission),
    clientErrorHandler,
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });

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
  app.setErrorHandler(
    createErrorHandler({
      bodyLimitBytes: o.bodyLimitBytes,
      redactRoots,
      log: (e) => app.log.error(e),
      onServerFault: (e) => {
        // a damaged registry or artifact: stop advertising readiness so the load balancer moves traffic away
        if (state === "ready" || state === "loading") state = "failed";
        readyError = redactPaths(e.message, redactRoots);
      },
    }),
  );
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, "not_found", `No route ${request.method} ${request.url.split("?")[0]}; routes: ${ROUTES}.`));

  const bodySchema = z
    .object({
      inputs: z
        .array(z.string({ invalid_type_error: "each input must be a string" }).max(o.maxTextChars, `a text may have at most ${o.maxTextChars} characters`), {
          required_error: 'the field "inputs" is required (an array of strings)',
          invalid_type_error: '"inputs" must be an array of strings',
        })
        .min(1, '"inputs" must hold at least one text')
        .max(o.maxInputs, `at most ${o.maxInputs} texts per request; split the request`),
      model: z.string({ invalid_type_error: '"model" must be a string like "agnews@2"' }).min(1, '"model" must not be empty; write NAME, NAME@VERSION or NAME@STAGE, or leave it out').optional(),
    })
    .strict();

  app.post(
    "/v1/predict",
    {
      // refuse a wrong content type before its body is read or parsed
      onRequest: async (request, reply) => {
        const type = String(request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
        if (type !== "application/json") {
          return sendError(reply, 415, "unsupported_media_type", `Content-Type ${type ? `"${type}"` : "(none)"} is not accepted; send JSON with the header content-type: application/json.`);
        }
      },
    },
    async (request, reply) => {
      if (request.body === null || typeof request.body !== "object" || Array.isArray(request.body)) {
        return sendError(reply, 400, "invalid_body", 'The body must be a JSON object like {"inputs": ["some text"]}.');
      }
      const parsed = bodySchema.safeParse(request.body);
      if (!parsed.success) return sendError(reply, 400, "invalid_body", describeZodIssues(parsed.error, "body"));
      if (state === "closing") throw new ShuttingDownError("The server is shutting down; retry on another instance.");
      const spec = parsed.data.model ?? defaultSpec;
      if (!spec) throw new ServingError(503, "not_ready", 'The server has no default model yet; name one with "model".');
      let key: string;
      try {
        key = await models.resolveKey(spec);
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
    },
  );

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
  const url = `http://${o.host.includes(":") ? `[${o.host}]` : o.host}:${port}`;

  const ready = (async () => {
    if (!defaultSpec) {
      if (statics.size) defaultSpec = [...statics.keys()][0];
      else if (registry) defaultSpec = (await registry.listModels())[0];
    }
    if (!defaultSpec) throw new Error("startServer: no model to serve: pass classifiers, noopModel, or a registry with at least one model (and defaultModel).");
    const key = await models.resolveKey(defaultSpec);
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
    readyError = redactPaths(e.message, redactRoots);
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
        let cut!: () => void;
        const bound = new Promise<void>((r) => (cut = r));
        const force = setTimeout(() => {
          app.server.closeAllConnections(); // past the bound: cut connections and refuse what is still queued
          models.abortQueues();
          cut();
        }, o.shutdownTimeoutMs);
        try {
          await Promise.race([app.close(), bound]); // stops accepting; waits for in-flight requests, at most until the bound
          await Promise.race([ready.catch(() => undefined), bound]);
          await Promise.race([pool.clear(), bound]);
        } finally {
          clearTimeout(force);
        }
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

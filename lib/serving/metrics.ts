import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** The Prometheus metrics one server exposes on `GET /metrics` (each server has its own registry). */
export interface ServingMetrics {
  /** The prom-client registry holding them (render with `await registry.metrics()`). */
  registry: Registry;
  /** `serving_requests_total{route,status}`: finished HTTP requests. */
  requests: Counter<"route" | "status">;
  /** `serving_request_duration_seconds{route}`: time from request received to response sent. */
  latency: Histogram<"route">;
  /** `serving_batch_size{model}`: items per call of the model. */
  batchSize: Histogram<"model">;
  /** `serving_batch_wait_seconds{model}`: time the oldest item of a batch waited in the queue. */
  batchWait: Histogram<"model">;
  /** `serving_queue_depth{model}`: items waiting for a batch now. */
  queueDepth: Gauge<"model">;
  /** `serving_models_loaded`: models resident in the pool. */
  modelsLoaded: Gauge<string>;
  /** `serving_model_loads_total` and `serving_model_evictions_total`. */
  modelLoads: Counter<string>;
  /** See {@link ServingMetrics.modelLoads}. */
  modelEvictions: Counter<string>;
}

/** Options of {@link createServingMetrics}. */
export interface ServingMetricsOptions {
  /** Also collect prom-client's default process metrics (CPU, memory, event-loop lag). Default `true`. */
  processMetrics?: boolean;
  /** Latency histogram buckets in seconds. Default: 0.5 ms … 10 s, roughly ×2 apart. */
  latencyBuckets?: number[];
  /** Batch-size buckets. Default `[1, 2, 4, 8, 16, 32, 64, 128, 256]`. */
  batchBuckets?: number[];
}

/**
 * Creates the serving metrics in a fresh prom-client `Registry`, so several servers in one
 * process (tests, notebooks) never collide.
 * @param options processMetrics (true), latencyBuckets, batchBuckets
 */
export function createServingMetrics(options: ServingMetricsOptions = {}): ServingMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({ name: "serving_requests_total", help: "HTTP requests by route and status code", labelNames: ["route", "status"] as const, registers }),
    latency: new Histogram({
      name: "serving_request_duration_seconds",
      help: "HTTP request duration in seconds (received to sent)",
      labelNames: ["route"] as const,
      buckets: options.latencyBuckets ?? [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10],
      registers,
    }),
    batchSize: new Histogram({ name: "serving_batch_size", help: "Items per model call", labelNames: ["model"] as const, buckets: options.batchBuckets ?? [1, 2, 4, 8, 16, 32, 64, 128, 256], registers }),
    batchWait: new Histogram({
      name: "serving_batch_wait_seconds",
      help: "Time the oldest item of a batch waited in the queue",
      labelNames: ["model"] as const,
      buckets: [0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1],
      registers,
    }),
    queueDepth: new Gauge({ name: "serving_queue_depth", help: "Items waiting for a batch", labelNames: ["model"] as const, registers }),
    modelsLoaded: new Gauge({ name: "serving_models_loaded", help: "Models resident in memory", registers }),
    modelLoads: new Counter({ name: "serving_model_loads_total", help: "Model loads (cold starts)", registers }),
    modelEvictions: new Counter({ name: "serving_model_evictions_total", help: "Models unloaded to stay within the memory budget", registers }),
  };
}

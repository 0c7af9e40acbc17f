import { MicroBatcher } from "./batcher";
import { ModelNotFoundError } from "./errors";
import type { ServingMetrics } from "./metrics";
import { ModelPool } from "./model-pool";
import { parseModelSpec } from "./model-spec";
import type { ModelRegistry } from "./registry";
import type { ResolvedServerOptions } from "./server-options";
import { loadTextClassifier, type ClassPrediction, type ServedClassifier } from "./text-classifier";

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

/** The models one server can serve: name resolution, verified loading, the pool and the live batchers. */
export interface ServedModels {
  /** Resolves a spec (`NAME`, `NAME@VERSION`, `NAME@STAGE`) to `name@version` (stage lookups cached for 1 s). */
  resolveKey(spec: string): Promise<string>;
  /** Loaded models within the memory budget. */
  pool: ModelPool<LoadedServedModel>;
  /** Texts waiting in the batchers of every loaded model (read before a request body is parsed). */
  queuedTexts(): number;
  /** Refuses everything queued in every loaded batcher at once (bounded shutdown); running model calls are not awaited. */
  abortQueues(): void;
}

/**
 * Builds the server's model catalog: classifiers handed in (`statics`) first, then the registry,
 * whose versions are loaded only after every file matches its recorded SHA-256
 * (`ModelRegistry.getVerified`: a tampered artifact is refused with the file named, never served).
 */
export function createServedModels(statics: ReadonlyMap<string, ServedClassifier>, registry: ModelRegistry | undefined, o: ResolvedServerOptions, metrics: ServingMetrics): ServedModels {
  const resolved = new Map<string, { key: string; until: number }>();
  const batchers = new Set<MicroBatcher<string, ClassPrediction>>();

  async function resolveKey(spec: string): Promise<string> {
    const hit = resolved.get(spec);
    if (hit && hit.until > Date.now()) return hit.key;
    const { name, ref } = parseModelSpec(spec);
    let key: string;
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
      const rec = await registry.getVerified(name, version);
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
    batchers.add(batcher);
    const isStatic = statics.has(key);
    return {
      key,
      classifier: c,
      batcher,
      sizeBytes: c.sizeBytes,
      async release() {
        await batcher.close();
        batchers.delete(batcher);
        if (!isStatic) await c.release(); // models handed in by the caller stay theirs to release
      },
    };
  }

  const pool: ModelPool<LoadedServedModel> = new ModelPool<LoadedServedModel>(loadModel, {
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

  return {
    resolveKey,
    pool,
    queuedTexts() {
      let n = 0;
      for (const b of batchers) n += b.queueDepth;
      return n;
    },
    abortQueues() {
      for (const b of batchers) void b.abort();
    },
  };
}

import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { ProviderName } from "../compute/providers";
import { summaryStats } from "../metrics/summary";
import { runPrefetchPipeline } from "./prefetch";
import type { SparseVector } from "../text/sparse";

const WORKER_FILE = path.join(__dirname, "inference-worker.cjs");

/** Options of {@link InferenceWorker.start}. */
export interface InferenceWorkerOptions {
  /** Provider to run on (resolve it first with createSession/detectProviders). Default `"cpu"`. */
  provider?: ProviderName;
  /** onnxruntime threads inside the worker. Default 1 (leave the other cores to preprocessing). */
  intraOpNumThreads?: number;
  /** Input and output tensor names. Default `"features"` and `"probabilities"` (the AG News artifact). */
  inputName?: string;
  outputName?: string;
}

/**
 * An onnxruntime session in a worker thread. onnxruntime-node's `session.run` computes on the
 * calling JavaScript thread (its promise only defers the call with `setImmediate`), so while a batch
 * runs, nothing else on that thread can: inference and preprocessing can overlap only when one of
 * them runs on another thread. This class moves inference there; batches travel by transfer (no copy).
 */
export class InferenceWorker {
  private worker: Worker;
  private nextId = 0;
  private pending = new Map<number, { resolve: (v: { data: Float32Array; runMs: number }) => void; reject: (e: Error) => void }>();
  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on("message", (msg: { type: string; id: number; data?: Float32Array; runMs?: number; message?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.type === "result") p.resolve({ data: msg.data!, runMs: msg.runMs! });
      else p.reject(new Error(`InferenceWorker: ${msg.message}`));
    });
    worker.on("error", (e) => {
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    });
  }

  /** Starts the worker and waits until its session is ready. */
  static async start(model: Uint8Array, options: InferenceWorkerOptions = {}): Promise<InferenceWorker> {
    const worker = new Worker(WORKER_FILE, {
      workerData: { model, provider: options.provider ?? "cpu", intraOpNumThreads: options.intraOpNumThreads ?? 1, inputName: options.inputName ?? "features", outputName: options.outputName ?? "probabilities" },
    });
    await new Promise<void>((resolve, reject) => {
      const onMsg = (m: { type: string; message?: string }): void => {
        worker.off("message", onMsg);
        if (m.type === "ready") resolve();
        else reject(new Error(`InferenceWorker: the session could not be created: ${m.message}`));
      };
      worker.on("message", onMsg);
      worker.once("error", reject);
    });
    return new InferenceWorker(worker);
  }

  /** Runs one batch `[rows, cols]`; `data`'s buffer is transferred to the worker (unusable afterwards). */
  run(data: Float32Array, dims: [number, number]): Promise<{ data: Float32Array; runMs: number }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: "run", id, data, dims }, [data.buffer as ArrayBuffer]);
    });
  }

  /**
   * Runs one batch given as sparse rows (`dim` features each): only the non-zeros travel (packed as
   * CSR, transferred), and the worker expands them into a dense input buffer it allocates once and
   * reuses. For TF-IDF features that is a few kilobytes per batch instead of `rows × dim × 4` bytes
   * (12.8 MB for 64 AG News rows), and the expansion's memory traffic leaves the preprocessing thread.
   */
  runSparse(rows: readonly SparseVector[], dim: number): Promise<{ data: Float32Array; runMs: number }> {
    let nnz = 0;
    for (const r of rows) nnz += r.indices.length;
    const rowPtr = new Int32Array(rows.length + 1), indices = new Int32Array(nnz), values = new Float32Array(nnz);
    for (const r of rows) {
      for (let k = 0; k < r.indices.length; k++) {
        const f = r.indices[k]!;
        if (f < 0 || f >= dim) return Promise.reject(new RangeError(`InferenceWorker.runSparse: feature id ${f} >= dim ${dim} (or negative); pass the vectorizer's dimension.`));
      }
    }
    rows.forEach((r, i) => {
      indices.set(r.indices, rowPtr[i]!);
      values.set(r.values, rowPtr[i]!);
      rowPtr[i + 1] = rowPtr[i]! + r.indices.length;
    });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: "runSparse", id, rowPtr, indices, values, dims: [rows.length, dim] }, [rowPtr.buffer, indices.buffer, values.buffer]);
    });
  }

  /** Releases the session and ends the worker. */
  async close(): Promise<void> {
    this.worker.postMessage({ type: "close" });
    await new Promise((r) => this.worker.once("exit", r));
  }
}

/** Options of {@link compareFeeding}. */
export interface FeedingOptions extends InferenceWorkerOptions {
  /** Rows per batch. Default 64. */
  batchSize?: number;
  /** Prefetch depth of the overlapped run (batches prepared ahead). Default 2. */
  depth?: number;
  /** Repetitions of each variant (alternating), for medians. Default 3. */
  repeats?: number;
  /** Batches handed to the worker before awaiting the oldest in the overlapped run. Default 2. */
  inFlight?: number;
}

/** What {@link compareFeeding} measured. */
export interface FeedingResult {
  batches: number;
  batchSize: number;
  depth: number;
  /** Wall ms of one pass over all batches: sequential and overlapped, medians of the repeats, with all samples. */
  sequentialMs: number;
  overlappedMs: number;
  sequentialSamples: number[];
  overlappedSamples: number[];
  /** sequential / overlapped (median), with the IQR band. */
  speedup: { ratio: number; low: number; high: number };
  /** Time spent preprocessing and in inference calls (worker round trip) during one sequential pass, ms. */
  preprocessMs: number;
  inferenceMs: number;
  /**
   * The same two times measured during the overlapped pass (inference: time inside the worker's
   * `session.run`). When they grow well above the sequential ones, the two threads were competing for
   * the same cores (or memory bandwidth): overlap only pays when each side has its own hardware.
   */
  overlappedPreprocessMs: number;
  overlappedInferenceMs: number;
  /** The best overlap can do: (preprocess + inference) / max(preprocess, inference). */
  idealSpeedup: number;
  /** Whether both variants produced exactly the same outputs, in the same order. */
  identicalOutputs: boolean;
  /** Most batches waiting in the prefetch queue at once (never above `depth`). */
  queueHighWater: number;
}

/**
 * Feeding the device: preprocessing (`prepare(i)` → a `[batchSize, dim]` float32 batch, or the
 * batch's sparse rows, which the worker expands itself: e.g. TF-IDF of AG News texts) overlapped with inference (an {@link InferenceWorker}) through a bounded prefetch
 * queue of `depth` batches, against the sequential loop (prepare, infer, prepare, …) on the same
 * worker. Alternates the variants `repeats` times and reports medians and the speed-up.
 */
export async function compareFeeding(model: Uint8Array, batches: number, prepare: (i: number) => Float32Array | readonly SparseVector[], dim: number, options: FeedingOptions = {}): Promise<FeedingResult> {
  const batchSize = options.batchSize ?? 64, depth = options.depth ?? 2, repeats = options.repeats ?? 3;
  if (!Number.isInteger(batches) || batches < 1) throw new RangeError(`compareFeeding: batches must be a positive integer, got ${batches}.`);
  const worker = await InferenceWorker.start(model, options);
  try {
    const pass = async (d: number, inFlight = 1) => {
      let inferMs = 0;
      const r = await runPrefetchPipeline(
        batches,
        prepare,
        async (x) => {
          const out = x instanceof Float32Array ? await worker.run(x, [x.length / dim, dim]) : await worker.runSparse(x, dim);
          inferMs += out.runMs;
          return out.data;
        },
        d,
        inFlight,
      );
      return { ...r, inferMs };
    };
    await pass(0); // warm-up: JIT, the session's first runs
    const seq: number[] = [], ovl: number[] = [];
    let first: Float32Array[] | undefined, same = true, pre = 0, inf = 0, high = 0, opre = 0, oinf = 0;
    for (let k = 0; k < repeats; k++) {
      const s = await pass(0);
      const o = await pass(depth, options.inFlight ?? 2);
      seq.push(s.wallMs);
      ovl.push(o.wallMs);
      pre += s.produceMs / repeats;
      inf += s.consumeMs / repeats;
      high = Math.max(high, o.queue.highWater);
      opre += o.produceMs / repeats;
      oinf += o.inferMs / repeats;
      first ??= s.results;
      for (const run of [s.results, o.results]) {
        if (run.length !== first.length) same = false;
        else for (let i = 0; i < run.length && same; i++) if (run[i]!.length !== first[i]!.length || run[i]!.some((v, j) => v !== first![i]![j])) same = false;
      }
    }
    const ss = summaryStats(seq), so = summaryStats(ovl);
    return {
      batches, batchSize, depth,
      sequentialMs: ss.p50, overlappedMs: so.p50, sequentialSamples: seq, overlappedSamples: ovl,
      speedup: { ratio: ss.p50 / so.p50, low: ss.p25 / so.p75, high: ss.p75 / so.p25 },
      preprocessMs: pre, inferenceMs: inf, overlappedPreprocessMs: opre, overlappedInferenceMs: oinf, idealSpeedup: (pre + inf) / Math.max(pre, inf),
      identicalOutputs: same, queueHighWater: high,
    };
  } finally {
    await worker.close();
  }
}

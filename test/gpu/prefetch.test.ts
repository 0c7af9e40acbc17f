import { describe, it, expect } from "vitest";
import { createRng } from "../../lib/data/random";
import { initMlpWeights } from "../../lib/onnx/mlp";
import { OnnxGraphBuilder } from "../../lib/onnx/graph-builder";
import type { MlpWeights } from "../../lib/onnx/mlp";
import { BoundedQueue, runPrefetchPipeline, compareFeeding, linearClassifierOnnx, InferenceWorker } from "../../lib/gpu/index";
import { sparseToDense, type SparseVector } from "../../lib/text/sparse";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("BoundedQueue", () => {
  it.each([1, 3, 8])("never loses, reorders or exceeds its bound (capacity %i)", async (capacity) => {
    const q = new BoundedQueue<number>(capacity);
    const rng = createRng(capacity);
    const n = 300;
    const got: number[] = [];
    let maxSeen = 0;
    const producer = (async () => {
      for (let i = 0; i < n; i++) {
        if (rng.next() < 0.1) await sleep(0);
        await q.push(i);
        maxSeen = Math.max(maxSeen, q.size);
        expect(q.size).toBeLessThanOrEqual(capacity);
      }
      q.close();
    })();
    const consumer = (async () => {
      for (;;) {
        if (rng.next() < 0.2) await sleep(0);
        const v = await q.pop();
        if (v === undefined) break;
        got.push(v);
      }
    })();
    await Promise.all([producer, consumer]);
    expect(got).toEqual(Array.from({ length: n }, (_, i) => i));
    expect(q.stats.highWater).toBeLessThanOrEqual(capacity);
    expect(maxSeen).toBeLessThanOrEqual(capacity);
  });

  it("push waits while full; pop returns undefined once closed and empty; push after close rejects", async () => {
    const q = new BoundedQueue<string>(1);
    await q.push("a");
    let second = false;
    const p = q.push("b").then(() => (second = true));
    await sleep(5);
    expect(second).toBe(false); // blocked: the queue is full
    expect(await q.pop()).toBe("a");
    await p;
    expect(second).toBe(true);
    expect(await q.pop()).toBe("b");
    q.close();
    expect(await q.pop()).toBeUndefined();
    await expect(q.push("c")).rejects.toThrow(/closed/);
    expect(() => new BoundedQueue(0)).toThrow(/capacity/);
  });

  it("runPrefetchPipeline keeps item order for every depth and in-flight count, including the sequential depth 0", async () => {
    for (const [depth, inFlight] of [[0, 1], [1, 1], [4, 1], [2, 3]] as const) {
      const r = await runPrefetchPipeline(50, (i) => i * 2, async (x, i) => {
        if (i % 7 === 0) await sleep(1);
        return x + 1;
      }, depth, inFlight);
      expect(r.results).toEqual(Array.from({ length: 50 }, (_, i) => 2 * i + 1));
      expect(r.queue.highWater).toBeLessThanOrEqual(depth);
    }
  });
});

describe("compareFeeding (inference in a worker thread)", () => {
  it("overlapped and sequential runs give identical outputs in order, within the queue bound", async () => {
    const dim = 24, classes = 3, bs = 8;
    const w = initMlpWeights({ inputSize: dim, hiddenSizes: [], outputSize: classes, softmax: true }, 2);
    // a linear classifier with the artifact's tensor names, built by the same path as the real one
    const lin = linearClassifierOnnx(buildMlpVariantOnnxAsLR(w), "fp32");
    const rng = createRng(4);
    const data = Array.from({ length: 6 }, () => Float32Array.from({ length: bs * dim }, () => rng.next()));
    const r = await compareFeeding(lin, data.length, (i) => data[i]!.slice(), dim, { batchSize: bs, depth: 2, repeats: 2 });
    expect(r.identicalOutputs).toBe(true);
    expect(r.queueHighWater).toBeLessThanOrEqual(2);
    expect(r.sequentialSamples).toHaveLength(2);
  }, 30_000);

  it("sparse batches (expanded in the worker's reused buffer) give exactly the dense batches' outputs", async () => {
    const dim = 40, classes = 3;
    const w = initMlpWeights({ inputSize: dim, hiddenSizes: [], outputSize: classes, softmax: true }, 5);
    const lin = linearClassifierOnnx(buildMlpVariantOnnxAsLR(w), "fp32");
    const rng = createRng(6);
    // 5 batches of 4 rows with different non-zeros each: a stale value left in the reused buffer would show
    const batches: SparseVector[][] = Array.from({ length: 5 }, () => Array.from({ length: 4 }, () => {
      const ids = [...new Set(Array.from({ length: 1 + rng.int(6) }, () => rng.int(dim)))].sort((a, b) => a - b);
      return { indices: Int32Array.from(ids), values: Float32Array.from(ids, () => rng.next() + 0.1) };
    }));
    batches.push(batches[0]!.slice(0, 2)); // a smaller last batch: the worker must resize its buffer
    const worker = await InferenceWorker.start(lin);
    try {
      for (const b of batches) {
        const sparse = await worker.runSparse(b, dim);
        const dense = await worker.run(sparseToDense(b, dim), [b.length, dim]);
        expect(Array.from(sparse.data)).toEqual(Array.from(dense.data));
      }
      // several in flight at once: each still sees its own batch
      const all = await Promise.all(batches.map((b) => worker.runSparse(b, dim)));
      for (let k = 0; k < batches.length; k++) expect(Array.from(all[k]!.data)).toEqual(Array.from((await worker.run(sparseToDense(batches[k]!, dim), [batches[k]!.length, dim])).data));
      await expect(worker.runSparse([{ indices: Int32Array.from([dim]), values: Float32Array.from([1]) }], dim)).rejects.toThrow(/feature id 40 >= dim 40/);
    } finally {
      await worker.close();
    }
    const r = await compareFeeding(lin, 5, (i) => batches[i]!, dim, { batchSize: 4, depth: 2, repeats: 2 });
    expect(r.identicalOutputs).toBe(true);
  }, 30_000);
});

// A logistic-regression-shaped model (W, b, features → probabilities), as the AG News artifact is.
function buildMlpVariantOnnxAsLR(w: MlpWeights): Uint8Array {
  const { inputSize: F, outputSize: C } = w.spec;
  return new OnnxGraphBuilder("lr").input("features", "float32", ["batch", F]).initializer("W", w.layers[0]!.weight, [F, C]).initializer("b", w.layers[0]!.bias, [C])
    .node("MatMul", ["features", "W"], ["xw"]).node("Add", ["xw", "b"], ["logits"]).node("Softmax", ["logits"], ["probabilities"], { axis: -1 })
    .output("probabilities", "float32", ["batch", C]).build();
}

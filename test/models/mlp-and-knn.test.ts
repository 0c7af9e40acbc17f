import { describe, it, expect } from "vitest";
import * as ort from "onnxruntime-node";
import { SparseMlpClassifier, GzipKnnClassifier } from "../../lib/models/index";
import { buildMlpOnnx, mlpForward } from "../../lib/onnx/index";
import { ncd, ncdMatrix, nearestIndices, knnVote } from "../../lib/compress/index";
import type { SparseVector } from "../../lib/text/index";

const sv = (pairs: [number, number][]): SparseVector => ({ indices: Int32Array.from(pairs.map((p) => p[0])), values: Float32Array.from(pairs.map((p) => p[1])) });

// XOR on two binary features (plus a constant feature 2): no linear model separates it.
const xorX = [sv([[2, 1]]), sv([[0, 1], [2, 1]]), sv([[1, 1], [2, 1]]), sv([[0, 1], [1, 1], [2, 1]])];
const xorY = [0, 1, 1, 0];
const X = Array.from({ length: 200 }, (_, i) => xorX[i % 4]!);
const Y = Array.from({ length: 200 }, (_, i) => xorY[i % 4]!);

describe("SparseMlpClassifier", () => {
  it("learns XOR, which needs the hidden layer, and the loss falls", () => {
    const losses: number[] = [];
    const mlp = new SparseMlpClassifier({ hidden: 8, epochs: 30, learningRate: 0.1, initScale: 0.5, seed: 1, onEpoch: (_, l) => losses.push(l) }).fit(X, Y, 3, 2);
    expect(mlp.predictMany(xorX)).toEqual(xorY);
    expect(losses.length).toBe(30);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 4);
    for (const x of xorX) expect(mlp.predictProba(x).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("is deterministic for a seed", () => {
    const a = new SparseMlpClassifier({ hidden: 4, epochs: 2, seed: 3 }).fit(X, Y, 3, 2);
    const b = new SparseMlpClassifier({ hidden: 4, epochs: 2, seed: 3 }).fit(X, Y, 3, 2);
    expect(Array.from(a.w1)).toEqual(Array.from(b.w1));
    expect(a.sizeBytes()).toBe((3 * 4 + 4 + 4 * 2 + 2) * 4);
  });

  it("exports weights that mlpForward and onnxruntime evaluate to the same probabilities", async () => {
    const mlp = new SparseMlpClassifier({ hidden: 8, epochs: 5, initScale: 0.5, seed: 2 }).fit(X, Y, 3, 2);
    const w = mlp.toMlpWeights();
    const dense = new Float32Array([0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1]);
    const ref = mlpForward(w, dense, 4);
    xorX.forEach((x, i) => mlp.predictProba(x).forEach((p, c) => expect(ref[i * 2 + c]!).toBeCloseTo(p, 5)));
    const session = await ort.InferenceSession.create(buildMlpOnnx(w), { executionProviders: ["cpu"] });
    const out = (await session.run({ input: new ort.Tensor("float32", dense, [4, 3]) })).output.data as Float32Array;
    for (let k = 0; k < ref.length; k++) expect(out[k]!).toBeCloseTo(ref[k]!, 5);
  });

  it("rejects bad labels, features and options with a clear message", () => {
    expect(() => new SparseMlpClassifier({ hidden: 0 })).toThrow(/hidden/);
    expect(() => new SparseMlpClassifier().fit(xorX, [0, 1, 2, 5], 3, 2)).toThrow(/outside 0\.\.1/);
    expect(() => new SparseMlpClassifier().fit(xorX, xorY, 2, 2)).toThrow(/feature 2/);
    expect(() => new SparseMlpClassifier().predict(xorX[0]!)).toThrow(/not trained/);
  });
});

describe("GzipKnnClassifier", () => {
  const train = [
    "the stock market fell as investors sold shares of banks",
    "oil prices rose and the stock market rallied on earnings",
    "shares of the company jumped after quarterly profit beat forecasts",
    "the team won the cup final after a late goal in extra time",
    "the striker scored twice as the home team won the league match",
    "the coach praised the goalkeeper after the team kept a clean sheet",
  ];
  const labels = ["biz", "biz", "biz", "sport", "sport", "sport"];
  const queries = ["bank shares fell on the stock market", "a late goal won the match for the home team", "profit and earnings of the company"];

  it("distances are the NCD to every training text", () => {
    const knn = new GzipKnnClassifier(train, labels, { k: 1 });
    const d = knn.distances(queries[0]!);
    train.forEach((t, i) => expect(d[i]).toBeCloseTo(ncd(queries[0]!, t), 12));
  });

  it("predicts what a reference built from ncdMatrix + knnVote predicts, and the obvious labels", () => {
    const knn = new GzipKnnClassifier(train, labels, { k: 3 });
    const m = ncdMatrix(queries, train);
    const ref = m.map((row) => knnVote(Array.from(nearestIndices(row, 3), (i) => labels[i]!), 3, "decrement").label);
    expect(knn.predictMany(queries)).toEqual(ref);
    expect(knn.predict(queries[0]!)).toBe("biz");
    expect(knn.predict(queries[1]!)).toBe("sport");
  });

  it("reports its size as the kept texts plus cached lengths", () => {
    const knn = new GzipKnnClassifier(train, labels);
    expect(knn.sizeBytes()).toBe(train.reduce((s, t) => s + Buffer.byteLength(t), 0) + 8 * train.length);
  });

  it("rejects misaligned inputs, a k larger than the data, and non-deterministic tie policies", () => {
    expect(() => new GzipKnnClassifier(train, labels.slice(1))).toThrow(/as many labels/);
    expect(() => new GzipKnnClassifier(train, labels, { k: 7 })).toThrow(/k must be/);
    expect(() => new GzipKnnClassifier(train, labels, { tiePolicy: "random" as never })).toThrow(/deterministic/);
  });
});

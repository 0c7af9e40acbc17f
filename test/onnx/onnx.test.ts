import { describe, it, expect } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ort from "onnxruntime-node";
import { createRng } from "../../lib/data/random";
import { loadTextSplit } from "../../lib/data";
import { TfidfVectorizer, sparseToDense } from "../../lib/text";
import { LogisticRegression, encodeClassLabels, logisticRegressionToOnnx } from "../../lib/models";
import {
  OnnxGraphBuilder,
  onnxAttr,
  onnxProtoType,
  decodeOnnxModel,
  buildMlpOnnx,
  initMlpWeights,
  mlpForward,
  toFloat16Bits,
  fromFloat16Bits,
  float32ToFloat16,
  float16ToFloat32,
  float16Tensor,
  saveOnnxArtifact,
  loadOnnxArtifact,
  sha256Hex,
  type MlpSpec,
} from "../../lib/onnx";

const cpu = (bytes: Uint8Array): Promise<ort.InferenceSession> => ort.InferenceSession.create(bytes, { executionProviders: ["cpu"] });

function randomInput(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

describe("ONNX protobuf encoding", () => {
  const W = Float32Array.from([0.5, -1, 2, 0.25, 0, 1]);
  const build = (): Uint8Array =>
    new OnnxGraphBuilder("tiny")
      .input("x", "float32", ["batch", 2])
      .initializer("W", W, [2, 3])
      .initializer("h", float32ToFloat16([1, -2]), [2])
      .node("MatMul", ["x", "W"], ["y"])
      .node("Gemm", ["x", "W"], ["g"], { alpha: onnxAttr.float(1), transB: 0, beta: 0.5 })
      .output("y", "float32", ["batch", 3])
      .build({ metadata: { labels: '["a","b","c"]' }, docString: "test" });

  it("decodes what it encoded (round trip of every field we write)", () => {
    const bytes = build();
    const m = decodeOnnxModel(bytes);
    expect(m.irVersion).toBe(8);
    expect(m.opsetImport).toEqual([{ domain: "", version: 17 }]);
    expect(m.producerName).toBe("ml-systems-course");
    expect(m.docString).toBe("test");
    expect(m.metadataProps).toEqual([{ key: "labels", value: '["a","b","c"]' }]);
    const g = m.graph!;
    expect(g.name).toBe("tiny");
    expect(g.node.map((n) => n.opType)).toEqual(["MatMul", "Gemm"]);
    expect(g.node[0]!.input).toEqual(["x", "W"]);
    const attrs = g.node[1]!.attribute as { name: string; type: string; f?: number; i?: number }[];
    expect(attrs.map((a) => [a.name, a.type])).toEqual([["alpha", "FLOAT"], ["transB", "INT"], ["beta", "FLOAT"]]);
    expect(attrs[0]!.f).toBe(1);
    expect(attrs[2]!.f).toBe(0.5);
    const [w, h] = g.initializer;
    expect(w!.dims).toEqual([2, 3]);
    expect(w!.dataType).toBe(1);
    expect(Array.from(new Float32Array(new Uint8Array(w!.rawData!).buffer))).toEqual(Array.from(W));
    expect(h!.dataType).toBe(10);
    expect(Array.from(float16ToFloat32(new Uint16Array(new Uint8Array(h!.rawData!).buffer)))).toEqual([1, -2]);
    const input = g.input[0] as { name: string; type: { tensorType: { elemType: number; shape: { dim: object[] } } } };
    expect(input.type.tensorType.elemType).toBe(1);
    expect(input.type.tensorType.shape.dim).toEqual([{ dimParam: "batch" }, { dimValue: 2 }]);
    // re-encoding the decoded message gives the same bytes
    const T = onnxProtoType("ModelProto");
    expect(Buffer.from(T.encode(T.decode(bytes)).finish()).equals(Buffer.from(bytes))).toBe(true);
  });

  it("is read by onnxruntime with the right names, and computes MatMul", async () => {
    const s = await cpu(build());
    expect(s.inputNames).toEqual(["x"]);
    expect(s.outputNames).toEqual(["y"]);
    const r = await s.run({ x: new ort.Tensor("float32", Float32Array.from([1, 2]), [1, 2]) });
    expect(Array.from(r.y!.data as Float32Array)).toEqual([0.5 + 0.5, -1 + 0, 2 + 2]);
  });

  it("rejects malformed graphs with clear errors", () => {
    const g = new OnnxGraphBuilder().input("x", "float32", [1]);
    expect(() => g.input("x", "float32", [1])).toThrow(/already defined/);
    expect(() => new OnnxGraphBuilder().initializer("w", new Float32Array(3), [2, 2])).toThrow(/hold 4 values/);
    expect(() => new OnnxGraphBuilder().input("x", "float32", [1]).node("Relu", ["z"], ["y"]).output("y", "float32", [1]).build()).toThrow(/reads "z"/);
    expect(() => new OnnxGraphBuilder().input("x", "float32", [1]).build()).toThrow(/at least one output/);
    expect(() => decodeOnnxModel(Uint8Array.from([0xff, 0xff, 0xff]))).toThrow(/not an ONNX ModelProto/);
  });
});

describe("float16", () => {
  it("known values", () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(65520)).toBe(0x7c00); // rounds up to +Infinity
    expect(toFloat16Bits(0.1)).toBe(0x2e66);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toFloat16Bits(1e-8)).toBe(0);
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
  });
  it("every finite half value round-trips", () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0) continue; // NaN payloads
      expect(toFloat16Bits(fromFloat16Bits(h))).toBe(h);
    }
  });
});

describe("MLP builder", () => {
  it("equals a direct TypeScript forward pass (1e-5), softmax and logits", async () => {
    const cases: [MlpSpec, number][] = [
      [{ inputSize: 20, hiddenSizes: [32, 16], outputSize: 5 }, 1],
      [{ inputSize: 7, hiddenSizes: [64], outputSize: 3, activation: "tanh", softmax: false }, 2],
      [{ inputSize: 10, hiddenSizes: [], outputSize: 4, activation: "sigmoid" }, 3],
    ];
    for (const [spec, seed] of cases) {
      const w = initMlpWeights(spec, seed);
      const s = await cpu(buildMlpOnnx(w));
      const batch = 9;
      const x = randomInput(batch * spec.inputSize, seed + 100);
      const out = (await s.run({ input: new ort.Tensor("float32", x, [batch, spec.inputSize]) })).output!;
      expect(out.dims).toEqual([batch, spec.outputSize]);
      const ref = mlpForward(w, x, batch);
      const got = out.data as Float32Array;
      for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i]! - ref[i]!)).toBeLessThan(1e-5);
    }
  });
  it("float16 model runs and stays close to the fp16-rounded reference", async () => {
    const spec = { inputSize: 16, hiddenSizes: [32], outputSize: 4 };
    const w = initMlpWeights(spec, 5);
    const s = await cpu(buildMlpOnnx(w, { dtype: "float16" }));
    const x = randomInput(3 * 16, 9);
    const xh = float32ToFloat16(x);
    const out = (await s.run({ input: float16Tensor(xh, [3, 16]) })).output!;
    const got = float16ToFloat32(out.data as ArrayBufferView);
    const rounded = { spec, layers: w.layers.map((l) => ({ weight: float16ToFloat32(float32ToFloat16(l.weight)), bias: float16ToFloat32(float32ToFloat16(l.bias)) })) };
    const ref = mlpForward(rounded, float16ToFloat32(xh), 3);
    for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i]! - ref[i]!)).toBeLessThan(5e-3);
  });
});

describe("logistic regression export", () => {
  it("onnxruntime matches the TypeScript model: same argmax, probabilities within 1e-5", async () => {
    const tr = (await loadTextSplit("r8", "train")).slice(0, 600);
    const te = (await loadTextSplit("r8", "test")).slice(0, 200);
    const { y, classes } = encodeClassLabels(tr.map((r) => r.label));
    const v = new TfidfVectorizer({ ngramRange: [1, 2], sublinearTf: true, maxFeatures: 3000 }).fit(tr.map((r) => r.text));
    const m = new LogisticRegression({ epochs: 5 }).fit(v.transformMany(tr.map((r) => r.text)), y, v.dim, classes.length);
    m.labels = classes;
    const bytes = logisticRegressionToOnnx(m);
    expect(decodeOnnxModel(bytes).metadataProps).toContainEqual({ key: "labels", value: JSON.stringify(classes) });
    const Xt = v.transformMany(te.map((r) => r.text));
    const s = await cpu(bytes);
    const r = await s.run({ features: new ort.Tensor("float32", sparseToDense(Xt, v.dim), [Xt.length, v.dim]) });
    const probs = r.probabilities!.data as Float32Array;
    const labels = r.label!.data as BigInt64Array;
    const C = classes.length;
    let maxDiff = 0;
    Xt.forEach((x, i) => {
      const p = m.predictProba(x);
      for (let c = 0; c < C; c++) maxDiff = Math.max(maxDiff, Math.abs(p[c]! - probs[i * C + c]!));
      expect(Number(labels[i])).toBe(m.predict(x));
    });
    expect(maxDiff).toBeLessThan(1e-5);
  });
});

describe("artifacts", () => {
  it("save and load with a checked sha256", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "onnx-art-"));
    const bytes = buildMlpOnnx(initMlpWeights({ inputSize: 3, hiddenSizes: [4], outputSize: 2 }));
    const meta = { kind: "mlp", labels: ["no", "yes"], inputs: [], outputs: [], seed: 42, data: { dataset: "none", split: "none", rows: 0, sha256: sha256Hex("") }, command: "test" };
    saveOnnxArtifact(dir, bytes, meta, { "extra.json": { a: 1 } });
    const a = loadOnnxArtifact(dir);
    expect(Buffer.from(a.model).equals(Buffer.from(bytes))).toBe(true);
    expect(a.meta.modelSha256).toBe(sha256Hex(bytes));
    expect(a.readJson("extra.json")).toEqual({ a: 1 });
    fs.appendFileSync(path.join(dir, "model.onnx"), "x");
    expect(() => loadOnnxArtifact(dir)).toThrow(/does not match the sha256/);
    expect(() => loadOnnxArtifact(path.join(dir, "missing"))).toThrow(/needs model.onnx/);
    fs.rmSync(dir, { recursive: true });
  });
});

describe("committed AG News artifact (models/agnews-logreg)", () => {
  it("loads with its vectorizer, hash checked, and classifies test texts as recorded", async () => {
    const art = loadOnnxArtifact(path.join(__dirname, "..", "..", "models", "agnews-logreg"));
    const vec = TfidfVectorizer.fromJSON(art.readJson("vectorizer.json"));
    expect(vec.dim).toBe(art.meta.nFeatures);
    expect(decodeOnnxModel(art.model).metadataProps).toContainEqual({ key: "labels", value: JSON.stringify(art.meta.labels) });
    const test = (await loadTextSplit("ag_news", "test")).slice(0, 400);
    const s = await cpu(art.model);
    const X = vec.transformMany(test.map((r) => r.text));
    const r = await s.run({ features: new ort.Tensor("float32", sparseToDense(X, vec.dim), [X.length, vec.dim]) });
    const labels = Array.from(r.label!.data as BigInt64Array, (i) => art.meta.labels[Number(i)]);
    const acc = labels.filter((l, i) => l === test[i]!.label).length / test.length;
    // the whole test set scores meta.testAccuracy (0.8905); 400 rows stay within a few points of it
    expect(acc).toBeGreaterThan((art.meta.testAccuracy as number) - 0.05);
  });
});

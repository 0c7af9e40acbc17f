import { describe, it, expect } from "vitest";
import * as ort from "onnxruntime-node";
import { createRng } from "../../lib/data/random";
import { initMlpWeights, mlpForward, float32ToFloat16, float16ToFloat32, float16Tensor, loadOnnxArtifact, readFloatInitializers, type MlpSpec } from "../../lib/onnx/index";
import { createSession, probeModelBytes } from "../../lib/compute/providers";
import { TfidfVectorizer } from "../../lib/text/tfidf";
import { sparseToDense } from "../../lib/text/sparse";
import {
  buildMlpVariantOnnx, buildMatMulCeilingOnnx, buildStreamCeilingOnnx, buildTinyOverheadOnnx, linearClassifierOnnx,
  profileNodePlacement, compareDeviceResidency, measureDeviceCeilings, detectGpuName, randomInputTensor, squareMlpSpec,
} from "../../lib/gpu/index";

const cpu = (bytes: Uint8Array): Promise<ort.InferenceSession> => ort.InferenceSession.create(bytes, { executionProviders: ["cpu"] });
const randX = (n: number, seed: number): Float32Array => {
  const r = createRng(seed);
  return Float32Array.from({ length: n }, () => r.next() * 2 - 1);
};

describe("MLP variants match the TypeScript reference (mlpForward)", () => {
  const specs: MlpSpec[] = [
    { inputSize: 16, hiddenSizes: [32, 8], outputSize: 4 },
    { inputSize: 64, hiddenSizes: [64], outputSize: 64, softmax: false, activation: "tanh" },
    squareMlpSpec(128, 3),
  ];
  it.each(specs.map((s, i) => [i, s] as const))("fp32 spec %i within 1e-5", async (_i, spec) => {
    const w = initMlpWeights(spec, 3);
    const s = await cpu(buildMlpVariantOnnx(w, "fp32"));
    for (const batch of [1, 5]) {
      const x = randX(batch * spec.inputSize, batch);
      const y = (await s.run({ input: new ort.Tensor("float32", x, [batch, spec.inputSize]) })).output!.data as Float32Array;
      const ref = mlpForward(w, x, batch);
      for (let k = 0; k < ref.length; k++) expect(Math.abs(y[k]! - ref[k]!)).toBeLessThan(1e-5);
    }
  });

  // fp16 tolerance: weights and input rounded to 11 significant bits (relative error 2^-11 ≈ 4.9e-4
  // each), plus fp16 rounding of the output; over a few layers of ~100-term sums of unit-scale values
  // the error stays below 1e-2 · max(1, |y|). The reference sees the same fp16-rounded input.
  it.each(specs.map((s, i) => [i, s] as const))("fp16 and fp16-cast spec %i within 1e-2·max(1,|y|)", async (_i, spec) => {
    const w = initMlpWeights(spec, 3);
    const batch = 4;
    const x = randX(batch * spec.inputSize, 11);
    const xh = float32ToFloat16(x);
    const ref = mlpForward(w, float16ToFloat32(xh), batch);
    const s16 = await cpu(buildMlpVariantOnnx(w, "fp16"));
    const y16 = float16ToFloat32((await s16.run({ input: float16Tensor(xh, [batch, spec.inputSize]) })).output!.data as ArrayBufferView);
    const sc = await cpu(buildMlpVariantOnnx(w, "fp16-cast"));
    const yc = (await sc.run({ input: new ort.Tensor("float32", x, [batch, spec.inputSize]) })).output!.data as Float32Array;
    expect((await sc.run({ input: new ort.Tensor("float32", x, [batch, spec.inputSize]) })).output!.type).toBe("float32");
    for (let k = 0; k < ref.length; k++) {
      const tol = 1e-2 * Math.max(1, Math.abs(ref[k]!));
      expect(Math.abs(y16[k]! - ref[k]!)).toBeLessThan(tol);
      expect(Math.abs(yc[k]! - ref[k]!)).toBeLessThan(tol);
    }
  });
});

describe("ceiling models compute what they claim", () => {
  it("matmul ceiling = sum of (A + s)·B, checked in TypeScript for n = 8", async () => {
    const m = buildMatMulCeilingOnnx(8);
    expect(m.flops).toBe(1024); // 2 · 8³
    expect(m.bytesMoved).toBe(1536); // 6 · 8² · 4
    const inits = readFloatInitializers(m.bytes);
    const A = inits.A!.data, B = inits.B!.data;
    const sVal = 0.25;
    let sum = 0;
    for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) for (let k = 0; k < 8; k++) sum += (A[i * 8 + k]! + sVal) * B[k * 8 + j]!;
    const out = (await (await cpu(m.bytes)).run({ s: new ort.Tensor("float32", Float32Array.from([sVal]), [1]) })).out!.data as Float32Array;
    expect(out[0]!).toBeCloseTo(sum, 4);
  });

  it("stream ceiling = max(A + s); tiny model = Relu", async () => {
    const m = buildStreamCeilingOnnx(1000);
    expect(m.bytesMoved).toBe(12_000); // 3 · 1000 · 4
    const A = readFloatInitializers(m.bytes).A!.data;
    const out = (await (await cpu(m.bytes)).run({ s: new ort.Tensor("float32", Float32Array.from([2]), [1]) })).out!.data as Float32Array;
    expect(out[0]!).toBeCloseTo(Math.max(...A) + 2, 5);
    const y = (await (await cpu(buildTinyOverheadOnnx())).run({ X: new ort.Tensor("float32", Float32Array.from([-1, 3]), [2]) })).Y!.data as Float32Array;
    expect(Array.from(y)).toEqual([0, 3]);
  });

  it("measureDeviceCeilings returns positive ceilings on the provider it reports", async () => {
    const c = await measureDeviceCeilings({ providers: ["cpu"], matmulSizes: [32, 64], streamElements: 4096, iterations: 3, minTimeMs: 0, tinyIterations: 5 });
    expect(c.provider).toBe("cpu");
    expect(c.matmuls.map((x) => x.description)).toEqual(["32×32 MatMul (float32)", "64×64 MatMul (float32)"]);
    expect(c.peakFlops).toBeGreaterThan(0);
    expect(c.bandwidth).toBeGreaterThan(0);
    expect(c.overheadSeconds).toBeGreaterThan(0);
  });
});

describe("providers and placement", () => {
  it("asking for WebGPU on a machine without a GPU falls back to the CPU with a reason", async () => {
    if (detectGpuName() !== undefined) return; // a GPU machine: the fallback does not happen there
    const r = await createSession(probeModelBytes(), { providers: ["webgpu"] });
    expect(r.provider).toBe("cpu");
    expect(r.attempts[0]!.provider).toBe("webgpu");
    expect(r.attempts[0]!.ok).toBe(false);
    expect(r.attempts[0]!.reason).toMatch(/WebGPU adapter|Vulkan|failed/);
    await expect(createSession(probeModelBytes(), { providers: ["webgpu"], strict: true })).rejects.toThrow(/No execution provider could run the model/);
  });

  it("the profiler reports every node on the CPU provider, and the casts the runtime inserts for fp16", async () => {
    const w = initMlpWeights(squareMlpSpec(32, 2), 1);
    const p32 = await profileNodePlacement(buildMlpVariantOnnx(w, "fp32"), { input: randomInputTensor("float32", 4, 32) }, { providers: ["cpu"], runs: 2 });
    expect(p32.provider).toBe("cpu");
    expect(p32.byProvider.map((b) => b.provider)).toEqual(["CPUExecutionProvider"]);
    expect(p32.nodes.every((n) => n.calls === 2)).toBe(true);
    expect(p32.inserted).toEqual([]);
    const p16 = await profileNodePlacement(buildMlpVariantOnnx(w, "fp16"), { input: randomInputTensor("float16", 4, 32) }, { providers: ["cpu"], runs: 1 });
    expect(p16.nodes.some((n) => n.opType === "Cast")).toBe(true); // the CPU computes fp16 MatMul in fp32 between inserted casts
  });

  it("keeping outputs on the device is reported as not applicable on the CPU", async () => {
    const r = await compareDeviceResidency({ providers: ["cpu"], width: 32, batch: 2, steps: 3, iterations: 2 });
    expect(r.provider).toBe("cpu");
    expect(r.applicable).toBe(false);
    expect(r.reason).toMatch(/host memory/);
    expect(r.copyBackStepMs).toBeGreaterThan(0);
  });
});

describe("linear classifier in two precisions (AG News artifact)", () => {
  it("fp32 rebuild equals the artifact; fp16-cast stays within 1e-3 of it", async () => {
    const art = loadOnnxArtifact("models/agnews-logreg");
    const vec = TfidfVectorizer.fromJSON(art.readJson("vectorizer.json"));
    const texts = ["Oil prices rise as OPEC cuts output", "Yankees beat Red Sox in extra innings", "New chip doubles laptop battery life"];
    const x = new ort.Tensor("float32", sparseToDense(vec.transformMany(texts), vec.dim), [3, vec.dim]);
    const ref = (await (await cpu(art.model)).run({ features: x })).probabilities!.data as Float32Array;
    const p32 = (await (await cpu(linearClassifierOnnx(art.model, "fp32"))).run({ features: x })).probabilities!.data as Float32Array;
    const p16 = (await (await cpu(linearClassifierOnnx(art.model, "fp16-cast"))).run({ features: x })).probabilities!.data as Float32Array;
    for (let k = 0; k < ref.length; k++) {
      expect(Math.abs(p32[k]! - ref[k]!)).toBeLessThan(1e-6);
      expect(Math.abs(p16[k]! - ref[k]!)).toBeLessThan(1e-3);
    }
  });
});

import { describe, it, expect } from "vitest";
import { GradTape, GradTensor, jsMatmulKernel, matmulJs, createOrtMatmulKernel, GptModel, randomDecoderWeights, decoderWeightShapes, type DecoderConfig } from "../../lib/index";
import { createRng } from "../../lib/data/random";

const tiny: DecoderConfig = { vocabSize: 7, contextLength: 6, layers: 2, heads: 2, width: 8 };

function windows(seed: number, batch: number, seq: number, vocab: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: batch * (seq + 1) }, () => rng.int(vocab));
}

describe("autograd", () => {
  it("matmul kernels agree with a hand-computed product, with and without transposes", async () => {
    // A = [[1,2],[3,4]], B = [[5,6],[7,8]]
    const A = Float32Array.of(1, 2, 3, 4), B = Float32Array.of(5, 6, 7, 8);
    expect([...matmulJs(A, B, { m: 2, k: 2, n: 2 })]).toEqual([19, 22, 43, 50]);
    expect([...matmulJs(A, B, { m: 2, k: 2, n: 2, transA: true })]).toEqual([26, 30, 38, 44]);
    expect([...matmulJs(A, B, { m: 2, k: 2, n: 2, transB: true })]).toEqual([17, 23, 39, 53]);
    const ortK = await createOrtMatmulKernel();
    const rng = createRng(3);
    const a = Float32Array.from({ length: 3 * 4 * 5 }, () => rng.normal()), b = Float32Array.from({ length: 3 * 5 * 6 }, () => rng.normal());
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const s = { batch: 3, m: 4, k: 5, n: 6, transA: ta, transB: tb };
      const x = matmulJs(a, b, s), y = await ortK.matmul(a, b, s);
      for (let i = 0; i < x.length; i++) expect(y[i]).toBeCloseTo(x[i]!, 5);
    }
  });

  it("gradients of the whole transformer loss match central finite differences", async () => {
    const batch = 2, seq = 5;
    const model = new GptModel(tiny, randomDecoderWeights(tiny, { seed: 1, std: 0.4 }));
    // give biases and LayerNorm parameters non-trivial values so their gradients are exercised
    const rng = createRng(2);
    for (const p of model.parameters()) if (p.shape.length === 1) for (let i = 0; i < p.size; i++) p.data[i] += 0.3 * rng.normal();
    const w = windows(5, batch, seq, tiny.vocabSize);
    const tape = new GradTape(jsMatmulKernel);
    const loss = await model.loss(tape, w, batch, seq);
    await tape.backward(loss);
    const lossAt = async (): Promise<number> => (await model.loss(new GradTape(jsMatmulKernel), w, batch, seq)).data[0]!;
    let checked = 0, worst = 0;
    for (const { name } of decoderWeightShapes(tiny)) {
      const p = model.params.get(name)!;
      const idx = [0, Math.floor(p.size / 2), p.size - 1];
      for (const i of idx) {
        const old = p.data[i]!;
        const h = 1e-2;
        p.data[i] = old + h;
        const up = await lossAt();
        p.data[i] = old - h;
        const down = await lossAt();
        p.data[i] = old;
        const numeric = (up - down) / (2 * h);
        const analytic = p.grad![i]!;
        const err = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
        worst = Math.max(worst, err);
        expect(err, `${name}[${i}]: analytic ${analytic} vs numeric ${numeric}`).toBeLessThan(2e-2);
        checked++;
      }
    }
    expect(checked).toBe(decoderWeightShapes(tiny).length * 3);
  });

  it("layer norm, GELU and cross-entropy match hand-computed values", async () => {
    const tape = new GradTape(jsMatmulKernel);
    const x = new GradTensor(Float32Array.of(1, 2, 3), [1, 3], true);
    const y = tape.layerNorm(x, new GradTensor(Float32Array.of(1, 1, 1), [3]), new GradTensor(Float32Array.of(0, 0, 0), [3]), 0);
    const s = Math.sqrt(2 / 3);
    expect(y.data[0]).toBeCloseTo(-1 / s, 5);
    expect(y.data[2]).toBeCloseTo(1 / s, 5);
    const g = tape.gelu(new GradTensor(Float32Array.of(0, 1), [2]));
    expect(g.data[0]).toBe(0);
    expect(g.data[1]).toBeCloseTo(0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * 1.044715)), 6);
    const ce = tape.crossEntropy(new GradTensor(Float32Array.of(0, 0, 0, 0), [1, 4]), Int32Array.of(2));
    expect(ce.data[0]).toBeCloseTo(Math.log(4), 6);
  });
});

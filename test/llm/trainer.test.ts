import { describe, expect, it } from "vitest";
import { AdamWOptimizer } from "../../lib/llm/adamw";
import { jsMatmulKernel } from "../../lib/llm/matmul-kernels";
import { GptModel } from "../../lib/llm/gpt";
import { randomDecoderWeights, type DecoderConfig } from "../../lib/onnx/decoder-config";
import {
  evenlySpacedWindows,
  gptLearningRate,
  gptTrainingBatch,
  packTrainingState,
  restoreTrainingState,
  trainGpt,
  type GptTrainRecord,
} from "../../lib/llm/trainer";

const config: DecoderConfig = { vocabSize: 4, contextLength: 8, layers: 1, heads: 2, width: 8 };
// a text the model can learn: "0123" repeated, with the held-out text the same pattern
const text = Int32Array.from({ length: 400 }, (_, i) => i % 4);
const held = Int32Array.from({ length: 120 }, (_, i) => (i + 1) % 4);
const fresh = (): { model: GptModel; opt: AdamWOptimizer } => {
  const model = new GptModel(config, randomDecoderWeights(config, { seed: 3 }));
  return { model, opt: new AdamWOptimizer(model.parameters()) };
};

describe("GPT training schedule and data", () => {
  it("warms up linearly, then follows a cosine down to minLrRatio · lr", () => {
    const s = { steps: 110, batch: 1, context: 8, lr: 1, warmup: 10, minLrRatio: 0.1 };
    expect(gptLearningRate(s, 0)).toBeCloseTo(0.1, 15);
    expect(gptLearningRate(s, 9)).toBe(1);
    expect(gptLearningRate(s, 10)).toBe(1);
    expect(gptLearningRate(s, 60)).toBeCloseTo(0.55, 15);
    expect(gptLearningRate(s, 110)).toBeCloseTo(0.1, 15);
  });

  it("draws the same windows for the same step, contiguous slices of the text", () => {
    const data = Int32Array.from({ length: 1000 }, (_, i) => i);
    const s = { steps: 10, batch: 3, context: 5, lr: 1, seed: 9 };
    const b = gptTrainingBatch(data, s, 4);
    expect(Array.from(b)).toEqual(Array.from(gptTrainingBatch(data, s, 4)));
    expect(Array.from(b)).not.toEqual(Array.from(gptTrainingBatch(data, s, 5)));
    for (let w = 0; w < 3; w++) for (let j = 1; j < 6; j++) expect(b[w * 6 + j]).toBe(b[w * 6]! + j);
    expect(() => gptTrainingBatch(data.subarray(0, 6), s, 0)).toThrow(/more than context \+ 1 = 6/);
  });

  it("spaces the held-out windows evenly", () => {
    const data = Int32Array.from({ length: 100 }, (_, i) => i);
    const w = evenlySpacedWindows(data, 4, 10);
    expect([0, 1, 2, 3].map((i) => w[i * 10])).toEqual([0, 22, 44, 66]);
  });
});

describe("trainGpt", () => {
  it("learns a repeating pattern, logging and checkpointing on schedule", async () => {
    const { model, opt } = fresh();
    const records: GptTrainRecord[] = [];
    const checkpoints: number[] = [];
    const opts = { steps: 30, batch: 4, context: 8, lr: 1e-2, warmup: 5, seed: 1, evalEvery: 10, evalWindows: 6, checkpointEvery: 7 };
    await trainGpt(model, opt, jsMatmulKernel, text, held, { ...opts, onRecord: (r) => records.push(r), onCheckpoint: (s) => checkpoints.push(s) });
    expect(records.map((r) => r.step)).toEqual([0, 10, 20, 30]);
    expect(records[0]!.train_loss).toBeNull();
    expect(records[3]!.tokens).toBe(30 * 4 * 8);
    expect(checkpoints).toEqual([7, 14, 21, 28, 30]);
    expect(records[3]!.heldout_loss).toBeLessThan(0.5 * records[0]!.heldout_loss);
    expect(opt.step).toBe(30);
  }, 60_000);

  it("a run resumed from a checkpoint ends with the same weights, bit for bit", async () => {
    const opts = { steps: 12, batch: 2, context: 8, lr: 1e-2, warmup: 3, seed: 2, evalEvery: 12, evalWindows: 2, checkpointEvery: 5 };
    const a = fresh();
    let saved: Float32Array | undefined;
    await trainGpt(a.model, a.opt, jsMatmulKernel, text, held, { ...opts, onCheckpoint: (s) => { if (s === 5) saved = packTrainingState(a.model, a.opt).slice(); } });
    const b = fresh();
    restoreTrainingState(b.model, b.opt, saved!, 5);
    const records: GptTrainRecord[] = [];
    await trainGpt(b.model, b.opt, jsMatmulKernel, text, held, { ...opts, startStep: 5, onRecord: (r) => records.push(r) });
    expect(records.map((r) => r.step)).toEqual([12]); // no untrained evaluation when resuming
    expect(Array.from(packTrainingState(b.model, b.opt))).toEqual(Array.from(packTrainingState(a.model, a.opt)));
    expect(() => restoreTrainingState(b.model, b.opt, saved!.subarray(1), 5)).toThrow(/another model shape/);
  }, 60_000);
});

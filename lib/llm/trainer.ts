/**
 * The GPT training loop of `scripts/train-gpt.ts`, as tested functions: the learning-rate
 * schedule, the seeded batches, the held-out windows, one optimizer step, the loop with its
 * periodic evaluations and checkpoints, and the optimizer state packed for a checkpoint.
 * @packageDocumentation
 */
import { createRng } from "../data/random";
import { AdamWOptimizer } from "./adamw";
import { GradTape } from "./autograd";
import type { MatmulKernel } from "./matmul-kernels";
import { GptModel } from "./gpt";

/** The schedule and batch settings of {@link trainGpt}. */
export interface GptTrainSchedule {
  /** Optimizer steps in all. */
  steps: number;
  /** Windows per step. */
  batch: number;
  /** Characters per window (the model's context; each window holds `context + 1` ids). */
  context: number;
  /** Peak learning rate. */
  lr: number;
  /** The cosine decays to `minLrRatio · lr`. Default 0.1. */
  minLrRatio?: number;
  /** Steps of linear warm-up. Default 100. */
  warmup?: number;
  /** Seed of the batches (batch of step s comes from `createRng(seed · 1,000,003 + s)`). Default 1234. */
  seed?: number;
}

/**
 * Learning rate at `step` (0-based): linear warm-up to `lr` over `warmup` steps, then a cosine from
 * `lr` down to `minLrRatio · lr` at the last step.
 * @param schedule steps, lr, warmup (100), minLrRatio (0.1)
 * @param step the step, from 0
 */
export function gptLearningRate(schedule: GptTrainSchedule, step: number): number {
  const warmup = schedule.warmup ?? 100;
  const minLrRatio = schedule.minLrRatio ?? 0.1;
  if (step < warmup) return (schedule.lr * (step + 1)) / warmup;
  const p = Math.min(1, (step - warmup) / Math.max(1, schedule.steps - warmup));
  return schedule.lr * (minLrRatio + (1 - minLrRatio) * 0.5 * (1 + Math.cos(Math.PI * p)));
}

/**
 * The training windows of `step`: `batch` windows of `context + 1` ids starting at seeded random
 * offsets of `data` (the same step always draws the same windows, so a resumed run repeats them).
 * @param data the encoded training text (longer than `context + 1`)
 * @param schedule batch, context, seed (1234)
 * @param step the step, from 0
 */
export function gptTrainingBatch(data: Int32Array, schedule: GptTrainSchedule, step: number): Int32Array {
  if (data.length <= schedule.context + 1) throw new Error(`gptTrainingBatch: the text has ${data.length} ids; it needs more than context + 1 = ${schedule.context + 1}`);
  const rng = createRng((schedule.seed ?? 1234) * 1_000_003 + step);
  const out = new Int32Array(schedule.batch * (schedule.context + 1));
  for (let b = 0; b < schedule.batch; b++) {
    const start = rng.int(data.length - schedule.context - 1);
    out.set(data.subarray(start, start + schedule.context + 1), b * (schedule.context + 1));
  }
  return out;
}

/**
 * `count` evenly spaced windows of `length` ids over `data` (window i starts at `i · ⌊(n − length)/count⌋`):
 * the held-out set every evaluation scores.
 * @param data the encoded held-out text
 * @param count number of windows
 * @param length ids per window (context + 1)
 */
export function evenlySpacedWindows(data: Int32Array, count: number, length: number): Int32Array {
  if (data.length < length) throw new Error(`evenlySpacedWindows: the text has ${data.length} ids, fewer than one window of ${length}`);
  const out = new Int32Array(count * length);
  const step = Math.floor((data.length - length) / count);
  for (let i = 0; i < count; i++) out.set(data.subarray(i * step, i * step + length), i * length);
  return out;
}

/**
 * One optimizer step on the windows of `step`: a fresh tape, zeroed gradients, the loss, backward,
 * then AdamW at the scheduled learning rate. Returns the batch loss and the gradient norm.
 * @param model the model being trained
 * @param optimizer its optimizer
 * @param kernel the matmul kernel
 * @param data the encoded training text
 * @param schedule see {@link GptTrainSchedule}
 * @param step the step, from 0
 */
export async function gptTrainStep(model: GptModel, optimizer: AdamWOptimizer, kernel: MatmulKernel, data: Int32Array, schedule: GptTrainSchedule, step: number): Promise<{ loss: number; norm: number }> {
  const tape = new GradTape(kernel);
  optimizer.zeroGrad();
  const loss = await model.loss(tape, gptTrainingBatch(data, schedule, step), schedule.batch, schedule.context);
  await tape.backward(loss);
  const norm = optimizer.update(gptLearningRate(schedule, step));
  return { loss: loss.data[0]!, norm };
}

/**
 * Mean loss per position over `windows` (as made by {@link evenlySpacedWindows}), scored `batch`
 * windows at a time by a frozen copy of the model's current weights.
 * @param model the model
 * @param kernel the matmul kernel
 * @param windows `count` windows of `context + 1` ids, back to back
 * @param count number of windows
 * @param batch windows per forward pass
 * @param context the model's context
 */
export async function gptHeldOutLoss(model: GptModel, kernel: MatmulKernel, windows: Int32Array, count: number, batch: number, context: number): Promise<number> {
  let sum = 0;
  const L = context + 1;
  for (let b = 0; b < Math.ceil(count / batch); b++) {
    const rows = Math.min(batch, count - b * batch);
    const frozen = new GptModel(model.config, model.weights(), false);
    const l = await frozen.loss(new GradTape(kernel), windows.subarray(b * batch * L, (b * batch + rows) * L), rows, context);
    sum += l.data[0]! * rows;
  }
  return sum / count;
}

/** One line of the training log (`train-log.jsonl`). */
export interface GptTrainRecord {
  /** Steps done. */
  step: number;
  /** Training tokens seen (steps · batch · context). */
  tokens: number;
  /** Learning rate of the last step (0 before training). */
  lr: number;
  /** Mean training loss since the previous record, nats/char (null before training). */
  train_loss: number | null;
  /** Held-out loss, nats/char. */
  heldout_loss: number;
  /** Mean gradient norm since the previous record (absent before training). */
  grad_norm?: number;
  /** Wall-clock seconds of training so far. */
  elapsed_s: number;
}

/** Options of {@link trainGpt}: the schedule plus how often to evaluate and checkpoint, and where to resume. */
export interface GptTrainOptions extends GptTrainSchedule {
  /** Evaluate on the held-out windows every this many steps (and after the last). Default 50. */
  evalEvery?: number;
  /** Held-out windows scored per evaluation. Default 128. */
  evalWindows?: number;
  /** Call `onCheckpoint` every this many steps (and after the last). Default 25. */
  checkpointEvery?: number;
  /** First step to run (a resumed run: the optimizer state must already be restored). Default 0, which also records the untrained held-out loss. */
  startStep?: number;
  /** Seconds of training before `startStep` (a resumed run), added to `elapsed_s`. Default 0. */
  elapsedBefore?: number;
  /** Receives each log record. */
  onRecord?: (record: GptTrainRecord) => void;
  /** Called to save a checkpoint after `step` steps, with the training seconds so far. */
  onCheckpoint?: (step: number, elapsedS: number) => void;
  /** Called after every step (e.g. a progress bar). */
  onStep?: (step: number) => void;
}

/**
 * The training loop: runs steps `startStep … steps − 1` ({@link gptTrainStep}), records the mean
 * training loss, gradient norm and held-out loss every `evalEvery` steps, and asks for a checkpoint
 * every `checkpointEvery` steps. Same seed, settings and start → the same weights, whether or not
 * the run was interrupted and resumed from a checkpoint. Returns the training seconds in all.
 * @param model the model (its weights are updated in place)
 * @param optimizer its optimizer (state restored when resuming)
 * @param kernel the matmul kernel
 * @param trainIds the encoded training text
 * @param heldIds the encoded held-out text
 * @param options schedule, evalEvery (50), evalWindows (128), checkpointEvery (25), startStep (0), callbacks
 */
export async function trainGpt(model: GptModel, optimizer: AdamWOptimizer, kernel: MatmulKernel, trainIds: Int32Array, heldIds: Int32Array, options: GptTrainOptions): Promise<{ trainSeconds: number }> {
  const evalEvery = options.evalEvery ?? 50;
  const evalCount = options.evalWindows ?? 128;
  const checkpointEvery = options.checkpointEvery ?? 25;
  const start = options.startStep ?? 0;
  const elapsedBefore = options.elapsedBefore ?? 0;
  for (const [k, v] of Object.entries({ steps: options.steps, batch: options.batch, context: options.context, evalEvery, evalWindows: evalCount, checkpointEvery })) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`trainGpt: ${k} must be a positive integer, got ${v}`);
  }
  const windows = evenlySpacedWindows(heldIds, evalCount, options.context + 1);
  const evaluate = (): Promise<number> => gptHeldOutLoss(model, kernel, windows, evalCount, options.batch, options.context);
  const t0 = performance.now();
  let acc = 0, accN = 0, normAcc = 0;
  if (start === 0) options.onRecord?.({ step: 0, tokens: 0, lr: 0, train_loss: null, heldout_loss: +(await evaluate()).toFixed(5), elapsed_s: 0 });
  for (let s = start; s < options.steps; s++) {
    const r = await gptTrainStep(model, optimizer, kernel, trainIds, options, s);
    acc += r.loss;
    accN++;
    normAcc += r.norm;
    options.onStep?.(s);
    const done = s + 1;
    const elapsed = elapsedBefore + (performance.now() - t0) / 1000;
    if (done % evalEvery === 0 || done === options.steps) {
      const v = await evaluate();
      options.onRecord?.({ step: done, tokens: done * options.batch * options.context, lr: +gptLearningRate(options, s).toExponential(4), train_loss: +(acc / accN).toFixed(5), heldout_loss: +v.toFixed(5), grad_norm: +(normAcc / accN).toFixed(4), elapsed_s: +elapsed.toFixed(1) });
      acc = 0;
      accN = 0;
      normAcc = 0;
    }
    if (done % checkpointEvery === 0 || done === options.steps) options.onCheckpoint?.(done, (elapsedBefore * 1000 + performance.now() - t0) / 1000);
  }
  return { trainSeconds: elapsedBefore + (performance.now() - t0) / 1000 };
}

/**
 * The training state a checkpoint saves, in one Float32Array: every parameter, then AdamW's first
 * and second moments, in parameter order.
 * @param model the model
 * @param optimizer its optimizer
 */
export function packTrainingState(model: GptModel, optimizer: AdamWOptimizer): Float32Array {
  const params = model.parameters();
  const all = new Float32Array(params.reduce((s, p) => s + p.size, 0) * 3);
  let o = 0;
  for (const arrs of [params.map((p) => p.data), optimizer.m, optimizer.v]) for (const x of arrs) { all.set(x, o); o += x.length; }
  return all;
}

/**
 * Restores what {@link packTrainingState} packed, and the optimizer's step count.
 * @param model the model (same config as when packed)
 * @param optimizer its optimizer
 * @param state the packed state
 * @param step steps done when it was packed
 */
export function restoreTrainingState(model: GptModel, optimizer: AdamWOptimizer, state: Float32Array, step: number): void {
  const params = model.parameters();
  const want = params.reduce((s, p) => s + p.size, 0) * 3;
  if (state.length !== want) throw new Error(`restoreTrainingState: the checkpoint holds ${state.length} floats; this model and optimizer need ${want} (another model shape? start over with --fresh)`);
  let o = 0;
  for (const arrs of [params.map((p) => p.data), optimizer.m, optimizer.v]) for (const x of arrs) { x.set(state.subarray(o, o + x.length)); o += x.length; }
  optimizer.step = step;
}

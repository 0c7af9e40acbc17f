/**
 * Trains the course's tiny character-level GPT on five Jane Austen novels (Persuasion held out)
 * with the TypeScript autograd of lib/llm, on ONE core, and writes build/models/austen-gpt/
 * (with --save: the committed models/austen-gpt/ and results/llm/).
 *
 *   npm run train-gpt -- [--save] [--layers 3] [--width 128] [--heads 4] [--context 128] [--batch 32]
 *                        [--steps 1200] [--lr 3e-3] [--warmup 100] [--seed 1234] [--eval-every 50]
 *                        [--out DIR (default build/models/austen-gpt; models/austen-gpt with --save)] [--checkpoint .checkpoints/austen-gpt] [--fresh]
 *                        [--time-steps N]   (only time N steps of this config and exit)
 *   npm run train-gpt -- --evaluate [--save] [--out models/austen-gpt] [--stride 64]
 *                        (score held-out Persuasion with the saved model through ONNX: bits per
 *                         character beside gzip/xz/bzip2 → llm/bpc.json, samples → llm/samples.json,
 *                         under build/results/, or the committed results/ with --save; it also runs after training)
 *
 * It checkpoints every --checkpoint-every steps (default 25) and resumes from the checkpoint when
 * one with the same settings exists (pass --fresh to start over). Same seed, same settings → the
 * same batches and initial weights (batch b of step s is drawn from createRng(seed·1,000,003 + s)).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadDocument } from "../lib/data/load";
import { describeMachine } from "../lib/compute/machine";
import { createProgress } from "../lib/viz/progress";
import { createOrtMatmulKernel } from "../lib/llm/matmul-kernels";
import { quantile } from "../lib/stats/quantile";
import { AdamWOptimizer } from "../lib/llm/adamw";
import { gptTrainStep, packTrainingState, restoreTrainingState, trainGpt } from "../lib/llm/trainer";
import { GptModel, saveDecoderWeights } from "../lib/llm/gpt";
import { CharTokenizer } from "../lib/llm/char-tokenizer";
import { loadDecoderWeights } from "../lib/llm/gpt";
import { OnnxDecoder } from "../lib/llm/onnx-decoder";
import { scoreSequence, compressionTable } from "../lib/llm/compression";
import { generateText } from "../lib/llm/generate";
import { randomDecoderWeights, decoderParameterCount, type DecoderConfig } from "../lib/onnx/decoder-config";
import { buildDecoderOnnx } from "../lib/onnx/transformer";
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { LLM_BPC, LLM_SAMPLES, writeResult } from "../lib/results/index";
import { writeFileAtomicSync } from "../lib/fs/atomic";

const TRAIN_BOOKS = ["sensesensibility", "prideprejudice", "mansfieldpark", "emma", "northangerabbey"];
const HELD_OUT = "persuasion";

interface Args {
  layers: number; width: number; heads: number; context: number; batch: number; steps: number; lr: number; minLrRatio: number;
  warmup: number; seed: number; evalEvery: number; evalWindows: number; checkpointEvery: number; out: string; checkpoint: string; fresh: boolean; timeSteps: number; threads: number;
  evaluate: boolean; stride: number; save: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    layers: 3, width: 128, heads: 4, context: 128, batch: 32, steps: 1200, lr: 3e-3, minLrRatio: 0.1, warmup: 100, seed: 1234, evalEvery: 50, evalWindows: 128,
    checkpointEvery: 25, out: "models/austen-gpt", checkpoint: ".checkpoints/austen-gpt", fresh: false, timeSteps: 0, threads: 1,
    evaluate: false, stride: 64, save: false,
  };
  let outGiven = false;
  const numeric: Record<string, keyof Args> = {
    "--layers": "layers", "--width": "width", "--heads": "heads", "--context": "context", "--batch": "batch", "--steps": "steps", "--lr": "lr", "--min-lr-ratio": "minLrRatio",
    "--warmup": "warmup", "--seed": "seed", "--eval-every": "evalEvery", "--eval-windows": "evalWindows", "--checkpoint-every": "checkpointEvery", "--time-steps": "timeSteps", "--threads": "threads", "--stride": "stride",
  };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i]!;
    if (f === "--fresh") a.fresh = true;
    else if (f === "--evaluate") a.evaluate = true;
    else if (f === "--save") a.save = true;
    else if (f === "--out") (a.out = argv[++i]!), (outGiven = true);
    else if (f === "--checkpoint") a.checkpoint = argv[++i]!;
    else if (numeric[f]) {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${f} needs a non-negative number, got ${argv[i]}`);
      (a as unknown as Record<string, number>)[numeric[f]!] = v;
    } else throw new Error(`Unknown option ${f}. See the header of scripts/train-gpt.ts for the options.`);
  }
  // training without --save leaves the committed model alone; --evaluate reads the committed one
  if (!outGiven && !a.save && !a.evaluate) a.out = "build/models/austen-gpt";
  return a;
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  if (a.evaluate) return evaluateSaved(a);
  const trainTexts = await Promise.all(TRAIN_BOOKS.map((b) => loadDocument("janeausten", b)));
  const heldText = await loadDocument("janeausten", HELD_OUT);
  const tok = CharTokenizer.fromTexts(trainTexts);
  const trainIds = tok.encode(trainTexts.join("\n\n\n\n"));
  const heldIds = tok.encode(heldText, { unknown: " " });
  const config: DecoderConfig = { vocabSize: tok.vocabSize, contextLength: a.context, layers: a.layers, heads: a.heads, width: a.width };
  const kernel = await createOrtMatmulKernel({ threads: a.threads });
  const model = new GptModel(config, randomDecoderWeights(config, { seed: a.seed }));
  const opt = new AdamWOptimizer(model.parameters());
  console.log(`model: ${a.layers} layers, width ${a.width}, ${a.heads} heads, context ${a.context}, vocab ${tok.vocabSize}: ${decoderParameterCount(config).toLocaleString("en-US")} parameters; ${trainIds.length.toLocaleString("en-US")} training characters; kernel ${kernel.name}`);

  if (a.timeSteps > 0) {
    const times: number[] = [];
    for (let s = 0; s < a.timeSteps; s++) {
      const t = performance.now();
      const r = await gptTrainStep(model, opt, kernel, trainIds, a, s);
      times.push(performance.now() - t);
      console.log(`step ${s}: loss ${r.loss.toFixed(4)} in ${times[times.length - 1]!.toFixed(0)} ms`);
    }
    console.log(`median step ${quantile(times, 0.5, { method: "higher" }).toFixed(0)} ms for ${a.batch}×${a.context} tokens`);
    return;
  }

  // resume
  fs.mkdirSync(a.checkpoint, { recursive: true });
  fs.mkdirSync(a.out, { recursive: true });
  const settings = JSON.stringify({ ...a, out: undefined, checkpoint: undefined, fresh: undefined, timeSteps: undefined, threads: undefined, evalEvery: undefined, checkpointEvery: undefined });
  const ckJson = path.join(a.checkpoint, "checkpoint.json"), ckBin = path.join(a.checkpoint, "checkpoint.bin");
  const logPath = path.join(a.out, "train-log.jsonl");
  let start = 0, elapsedBefore = 0, cpuBefore = 0;
  const cpu0 = process.cpuUsage();
  const cpuNow = (): number => {
    const u = process.cpuUsage(cpu0);
    return cpuBefore + (u.user + u.system) / 1e6;
  };
  if (!a.fresh && fs.existsSync(ckJson)) {
    const ck = JSON.parse(fs.readFileSync(ckJson, "utf8")) as { step: number; settings: string; elapsedS: number; cpuS?: number };
    if (ck.settings === settings) {
      const buf = fs.readFileSync(ckBin);
      restoreTrainingState(model, opt, new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)), ck.step);
      start = ck.step;
      elapsedBefore = ck.elapsedS;
      cpuBefore = ck.cpuS ?? 0;
      const kept = fs.existsSync(logPath) ? fs.readFileSync(logPath, "utf8").split("\n").filter((l) => l.trim() && (JSON.parse(l) as { step: number }).step <= start) : [];
      fs.writeFileSync(logPath, kept.map((l) => l + "\n").join(""));
      console.log(`resumed from step ${start}`);
    } else console.log("checkpoint has other settings: starting fresh");
  }
  if (start === 0) fs.writeFileSync(logPath, "");
  const saveCheckpoint = (step: number, elapsedS: number): void => {
    writeFileAtomicSync(ckBin, new Uint8Array(packTrainingState(model, opt).buffer));
    writeFileAtomicSync(ckJson, JSON.stringify({ step, settings, elapsedS, cpuS: cpuNow() }));
  };

  const progress = createProgress({ total: a.steps, label: "train-gpt", unit: "steps", start });
  const { trainSeconds } = await trainGpt(model, opt, kernel, trainIds, heldIds, {
    ...a,
    startStep: start,
    elapsedBefore,
    onStep: () => progress.tick(),
    onRecord: (rec) => {
      fs.appendFileSync(logPath, JSON.stringify(rec) + "\n");
      if (rec.step > 0) console.log(JSON.stringify(rec));
    },
    onCheckpoint: saveCheckpoint,
  });
  progress.finish();

  saveDecoderWeights(path.join(a.out, "weights.bin"), config, model.weights());
  const log = fs.readFileSync(logPath, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { train_loss: number; heldout_loss: number });
  const last = log[log.length - 1]!;
  const meta = {
    format: "decoder-weights-float32-v1",
    description: "Character-level GPT trained on five Jane Austen novels (Persuasion held out) by scripts/train-gpt.ts.",
    config,
    vocab: tok.vocab,
    weights: { file: "weights.bin", dtype: "float32", order: "decoderWeightShapes(config)", parameters: decoderParameterCount(config), bytes: decoderParameterCount(config) * 4 },
    data: { train: TRAIN_BOOKS, heldOut: HELD_OUT, trainCharacters: trainIds.length, heldOutCharacters: heldIds.length, separator: "\\n\\n\\n\\n between novels" },
    training: {
      command: `npm run train-gpt -- --layers ${a.layers} --width ${a.width} --heads ${a.heads} --context ${a.context} --batch ${a.batch} --steps ${a.steps} --lr ${a.lr} --warmup ${a.warmup} --seed ${a.seed}${a.save ? " --save" : ""}`,
      seed: a.seed, steps: a.steps, batch: a.batch, context: a.context, lr: a.lr, warmup: a.warmup, minLrRatio: a.minLrRatio, schedule: "linear warmup then cosine to minLrRatio·lr",
      optimizer: "AdamW β=(0.9, 0.99), weight decay 0.1 on matrices, gradient clipping at norm 1", tokens: a.steps * a.batch * a.context,
      seconds: +trainSeconds.toFixed(1), secondsPerStep: +(trainSeconds / a.steps).toFixed(3), cpuSeconds: +cpuNow().toFixed(1), cpuSecondsPerStep: +(cpuNow() / a.steps).toFixed(3),
      note: "seconds = wall clock; cpuSeconds = CPU time of the process (user + system): on a shared machine the wall clock includes time waiting for a core",
      kernel: kernel.name,
      finalTrainLoss: last.train_loss, finalHeldOutLoss: last.heldout_loss, heldOutEval: `${a.evalWindows} evenly spaced windows of ${a.context + 1} characters of Persuasion, mean over all positions`,
    },
    machine: describeMachine(),
  };
  fs.writeFileSync(path.join(a.out, "config.json"), JSON.stringify(meta, null, 2) + "\n");
  console.log(`done: ${a.steps} steps in ${trainSeconds.toFixed(0)} s; train loss ${last.train_loss}, held-out loss ${last.heldout_loss} nats/char`);
  await evaluateSaved(a);
}

/** Bits of `text` compressed by a command-line compressor, or null when it is not installed. */
function commandBits(cmd: string, args: string[], text: string): number | null {
  try {
    return execFileSync(cmd, args, { input: text, maxBuffer: 1 << 26 }).byteLength * 8;
  } catch {
    return null;
  }
}

async function evaluateSaved(a: Args): Promise<void> {
  const meta = JSON.parse(fs.readFileSync(path.join(a.out, "config.json"), "utf8")) as { config: DecoderConfig; vocab: string[]; training: Record<string, unknown> };
  const tok = new CharTokenizer(meta.vocab);
  const weights = loadDecoderWeights(path.join(a.out, "weights.bin"), meta.config);
  const params = decoderParameterCount(meta.config);
  const held = await loadDocument("janeausten", HELD_OUT);
  const ids = tok.encode(held, { unknown: " " });
  const dec = await OnnxDecoder.create(buildDecoderOnnx(meta.config, weights), meta.config, { providers: ["cpu"], sessionOptions: { intraOpNumThreads: a.threads, interOpNumThreads: 1 } });
  const progress = createProgress({ total: ids.length, label: "scoring Persuasion", unit: "chars" });
  const t0 = performance.now();
  const score = await scoreSequence(dec, ids, { window: meta.config.contextLength, stride: a.stride, batch: 16, onProgress: (d) => progress.update(d) });
  progress.finish();
  const scoreSeconds = (performance.now() - t0) / 1000;
  const chars = ids.length;
  const bytes = Buffer.byteLength(held, "utf8");
  const lmBits = score.totalNats / Math.LN2;
  const gz = gzipSync(held, { level: 9 }).byteLength * 8;
  const xz = commandBits("xz", ["-9", "-c"], held);
  const bz = commandBits("bzip2", ["-9", "-c"], held);
  const rows = compressionTable(chars, [
    { name: "gzip -9 (node zlib, with its 18-byte header and trailer)", bits: gz },
    ...(xz !== null ? [{ name: "xz -9", bits: xz }] : []),
    ...(bz !== null ? [{ name: "bzip2 -9", bits: bz }] : []),
    { name: "Austen GPT, weights float32", bits: lmBits, modelBytes: params * 4 },
    { name: "Austen GPT, weights float16", bits: lmBits, modelBytes: params * 2 },
  ]);
  const allAusten = 4_025_028;
  const result = {
    description: "A language model is a compressor: an arithmetic coder driven by the model spends −log2 p(next char) bits per character. Held-out novel, never seen in training.",
    text: { dataset: "janeausten", split: HELD_OUT, characters: chars, utf8Bytes: bytes },
    model: { path: a.out, config: meta.config, parameters: params, bytesFloat32: params * 4, bytesFloat16: params * 2, training: meta.training },
    evaluation: {
      method: `sliding windows of ${meta.config.contextLength} characters, stride ${a.stride}: every character after the first window has at least ${meta.config.contextLength - a.stride} characters of context; the first character is charged log2(${meta.config.vocabSize}) bits`,
      runtime: "onnxruntime CPU, the exported ONNX graph (fp32)", seconds: +scoreSeconds.toFixed(1),
    },
    languageModel: { meanNatsPerChar: +score.meanNats.toFixed(5), perplexity: +score.perplexity.toFixed(4), bitsPerChar: +score.bitsPerToken.toFixed(4), totalBits: Math.round(lmBits) },
    compressors: rows.map((r) => ({ ...r, bitsPerChar: +r.bitsPerChar.toFixed(4), bitsPerCharWithModel: +r.bitsPerCharWithModel.toFixed(4) })),
    recordedElsewhere: { note: "measured on Persuasion with the command-line tools (COURSE brief)", "gzip -9": 2.93, "xz -9": 2.47, "bzip2 -9": 2.14 },
    modelCostAmortised: [
      { over: "Persuasion only", characters: chars, float16BitsPerChar: +((params * 16) / chars).toFixed(3) },
      { over: "all six Austen novels", characters: allAusten, float16BitsPerChar: +((params * 16) / allAusten).toFixed(3) },
      { over: "100 million characters", characters: 1e8, float16BitsPerChar: +((params * 16) / 1e8).toFixed(4) },
    ],
    machine: describeMachine(),
  };
  const bpcFile = await writeResult(LLM_BPC, "llm/bpc.json", result, { save: a.save });
  console.log(`wrote ${path.relative(process.cwd(), bpcFile)}`);
  console.log(JSON.stringify({ languageModel: result.languageModel, compressors: result.compressors }, null, 2));

  // samples: greedy and sampled continuations of the same prompt, with timings per token
  const prompt = "\"My dear Elizabeth,\" said ";
  const samples = [];
  for (const opts of [{ temperature: 0 }, { temperature: 0.5, topK: 10, seed: 1 }, { temperature: 0.8, seed: 1 }, { temperature: 1, topP: 0.9, seed: 2 }]) {
    const g = await generateText(dec, tok, prompt, { ...opts, maxNewTokens: 400 });
    const decode = g.tokens.slice(1).map((t) => t.latencyMs);
    samples.push({ prompt, options: opts, text: g.text, ttftMs: +g.ttftMs.toFixed(2), medianDecodeMs: +(decode.length ? quantile(decode, 0.5, { method: "higher" }) : NaN).toFixed(3), meanLogprob: +(g.totalLogprob / g.tokens.length).toFixed(4) });
    console.log(`--- ${JSON.stringify(opts)}\n${prompt}${g.text}\n`);
  }
  const samplesFile = await writeResult(LLM_SAMPLES, "llm/samples.json", { model: a.out, samples, machine: describeMachine() }, { save: a.save });
  console.log(`wrote ${path.relative(process.cwd(), samplesFile)}${a.save ? "" : "; add --save to write the committed results/"}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

import * as fs from "node:fs";
import * as path from "node:path";
import { CharTokenizer } from "./char-tokenizer";
import { loadDecoderWeights } from "./gpt";
import { OnnxDecoder } from "./onnx-decoder";
import { decoderParameterCount, type DecoderConfig, type DecoderWeights } from "../onnx/decoder-config";
import { buildDecoderOnnx } from "../onnx/transformer";
import type { ProviderOptions } from "../compute/providers";

/** Options of {@link loadCharGpt}. */
export interface LoadCharGptOptions extends ProviderOptions {
  /** Build the graph with the padding-mask input (`attention_mask`) that batched serving needs. Default false. */
  attentionMask?: boolean;
  /** onnxruntime intra-op threads. Default 1 (the course machine has 2 shared cores). */
  threads?: number;
}

/** A committed character-level model, loaded and ready to generate. */
export interface LoadedCharGpt {
  /** The ONNX decoder (KV cache handled by `run`). */
  decoder: OnnxDecoder;
  /** Its character tokenizer (the vocabulary of `config.json`). */
  tokenizer: CharTokenizer;
  /** The model shape. */
  config: DecoderConfig;
  /** The weights as loaded from `weights.bin`. */
  weights: DecoderWeights;
  /** Number of parameters. */
  parameters: number;
  /** The `training` record of `config.json` (command, seed, steps, losses…). */
  training: Record<string, unknown>;
  /** The directory it came from. */
  dir: string;
}

/**
 * Loads a model written by `npm run train-gpt` (default the committed `models/austen-gpt/`:
 * `config.json` with config and vocabulary, `weights.bin` in float32), builds its ONNX graph with
 * the KV cache and opens it in onnxruntime through `createSession` (CPU unless told otherwise).
 * @param dir model directory. Default `"models/austen-gpt"`.
 * @param options attentionMask (false), threads (1), providers (default `["cpu"]`)
 */
export async function loadCharGpt(dir = "models/austen-gpt", options: LoadCharGptOptions = {}): Promise<LoadedCharGpt> {
  const cfgPath = path.join(dir, "config.json");
  if (!fs.existsSync(cfgPath)) throw new Error(`loadCharGpt: ${cfgPath} not found. Run from the repository root, or train a model first: npm run train-gpt -- --out ${dir}`);
  const meta = JSON.parse(fs.readFileSync(cfgPath, "utf8")) as { config?: DecoderConfig; vocab?: string[]; training?: Record<string, unknown> };
  if (!meta.config || !Array.isArray(meta.vocab)) throw new Error(`loadCharGpt: ${cfgPath} has no "config" or "vocab"; it should be the config.json written by scripts/train-gpt.ts.`);
  const weights = loadDecoderWeights(path.join(dir, "weights.bin"), meta.config);
  const threads = options.threads ?? 1;
  const decoder = await OnnxDecoder.create(buildDecoderOnnx(meta.config, weights, { attentionMask: options.attentionMask }), meta.config, {
    providers: options.providers ?? ["cpu"],
    strict: options.strict,
    sessionOptions: { intraOpNumThreads: threads, interOpNumThreads: 1, ...options.sessionOptions },
  });
  return { decoder, tokenizer: new CharTokenizer(meta.vocab), config: meta.config, weights, parameters: decoderParameterCount(meta.config), training: meta.training ?? {}, dir };
}

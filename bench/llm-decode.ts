/**
 * `npm run bench:decode [-- --save] [--out DIR] [--providers webgpu,cpu] [--steps 32] [--threads N]`
 *
 * Module 05, item 6: the decode step of a GPT-2-small-shaped decoder (RANDOM weights: a timing
 * model, speed does not depend on the values) and what moves it, one change at a time, measured in
 * one run so the variants can be compared (timings on a shared or virtualised GPU vary ±25% between
 * runs). Variants (lib/llm/decode-variants.ts): the first graph with every output copied back; the
 * KV cache kept on the device; fp16; onnxruntime's fused contrib operators (MultiHeadAttention,
 * SkipLayerNormalization, FastGelu); the greedy ArgMax in the graph so the logits never leave the
 * device; a static cache (allocated once at full length and bound as the output, GroupQueryAttention).
 * Each at batch 1 (and the first and last at batch 8), prompt 128, greedy; the last two again after
 * a long prompt (`--long-prompt`, default 896 tokens), where copying a growing cache costs most;
 * wall time per step, median and IQR over `--steps` steps. Each variant's greedy tokens are compared with the
 * reference (standard fp32 on the same provider): fp32 variants must agree.
 *
 * On a machine with a WebGPU adapter it runs the GPU list there and the CPU list on the CPU;
 * elsewhere the CPU list only. Writes `build/results/llm/decode-<provider>-<host-kind>.json` per provider
 * (with --save the committed `results/llm/…`; with --out DIR, `DIR/decode-…json`)
 * with describeMachine() and prints each step time beside the recorded anchors (PyTorch eager
 * H100_DECODE_ANCHORS in lib/gpu/recorded.ts: 5.8 ms per step on an H100; memory floor ≈ 0.2 ms).
 *
 * On a GPU machine without Node.js: `bash scripts/gpu-prepare.sh` here, then
 * `bash .gpu/boot.sh node build/gpu/llm-decode.js --out results-gpu/llm` there (see bench/README.md).
 */
import * as path from "node:path";
import * as os from "node:os";
import {
  describeMachine, detectGpuName, hostKindSlug, createSession, probeModelBytes, type ProviderName,
  GPU_DECODE_VARIANTS, CPU_DECODE_VARIANTS, timeDecodeVariant, type DecodeVariant,
  GPT2_SMALL_CONFIG, randomDecoderWeights, decoderParameterCount,
} from "../lib/index";
import { H100_DECODE_ANCHORS } from "../lib/gpu/recorded";
import { intArg, stringArg } from "./args";
import { LLM_DECODE, writeResult, saveRequested } from "../lib/results/index";

const args = process.argv.slice(2);
const argValue = stringArg;
const outDir = argValue("--out");
const STEPS = intArg("steps", 32);
const LONG_PROMPT = intArg("long-prompt", 896);
const THREADS = intArg("threads", os.cpus().length);
const requested = argValue("--providers")?.split(",") as ProviderName[] | undefined;
const ANCHORS = { pytorchEagerH100Ms: H100_DECODE_ANCHORS.pytorchEagerDecodeMs, firstOnnxGraphWebgpuH100Ms: H100_DECODE_ANCHORS.onnxWebgpuFirstGraphDecodeMs, memoryFloorH100Ms: H100_DECODE_ANCHORS.memoryFloorDecodeMs };
const log = (s: string): void => console.log(`[bench:decode] ${s}`);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

async function providerWorks(p: ProviderName): Promise<string | null> {
  try {
    const { session } = await createSession(probeModelBytes(), { providers: [p], strict: true });
    await session.release();
    return null;
  } catch (e) {
    return (e as Error).message.split("\n").slice(1).join(" ").trim().slice(0, 300);
  }
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const config = GPT2_SMALL_CONFIG;
  const candidates: ProviderName[] = requested ?? ["webgpu", "cpu"];
  const providers: ProviderName[] = [];
  const skipped: Record<string, string> = {};
  for (const p of candidates) {
    const why = await providerWorks(p);
    if (why) skipped[p] = why;
    else providers.push(p);
  }
  log(`providers: ${providers.join(", ")}${Object.keys(skipped).length ? `; not available: ${Object.entries(skipped).map(([p, w]) => `${p} (${w.slice(0, 120)})`).join("; ")}` : ""}`);
  if (!providers.length) throw new Error(`none of the requested providers (${candidates.join(", ")}) works on this machine: ${Object.entries(skipped).map(([p, w]) => `${p}: ${w}`).join("; ")}. Run with --providers cpu, or on a machine with a GPU.`);
  log(`GPT-2-small shape, ${decoderParameterCount(config).toLocaleString("en-US")} parameters, random weights (seed 0)…`);
  const weights = randomDecoderWeights(config, { seed: 0 });
  const gpuName = detectGpuName();
  const machine = describeMachine(gpuName ? { gpu: gpuName } : {});

  for (const provider of providers) {
    const list: readonly DecodeVariant[] = provider === "cpu" ? CPU_DECODE_VARIANTS : GPU_DECODE_VARIANTS;
    const plan = [
      ...list.flatMap((v, i) => [{ v, batch: 1, prompt: 128 }, ...(i === 0 || i === list.length - 1 ? [{ v, batch: 8, prompt: 128 }] : [])]),
      ...list.slice(-2).map((v) => ({ v, batch: 1, prompt: LONG_PROMPT })),
    ];
    const rows: Record<string, unknown>[] = [];
    const reference: Record<string, number[]> = {};
    for (const { v, batch, prompt } of plan) {
      const label = `${provider} · ${v.name} · batch ${batch} · prompt ${prompt}`;
      try {
        const r = await timeDecodeVariant(config, weights, v, { provider, batch, steps: STEPS, warmupSteps: 3, promptTokens: prompt, sessionOptions: provider === "cpu" ? { intraOpNumThreads: THREADS, interOpNumThreads: 1 } : {} });
        reference[`${batch}/${prompt}`] ??= r.tokens;
        const ref = reference[`${batch}/${prompt}`]!;
        const agree = r.tokens.filter((t, k) => t === ref[k]).length;
        rows.push({
          variant: v.name, dtype: v.dtype, fused: v.fused, argmaxInGraph: v.nextToken, kvOnDevice: v.resident && provider !== "cpu", staticCache: v.staticCache === true,
          ...(r.cacheBoundAsOutput !== undefined ? { cacheBoundAsOutput: r.cacheBoundAsOutput } : {}), batch, promptTokens: prompt, nodes: r.nodes,
          prefillMs: r3(r.prefillMs), stepMs: { p50: r3(r.stepMs.p50), p25: r3(r.stepMs.p25), p75: r3(r.stepMs.p75), min: r3(r.stepMs.min), count: r.stepMs.count },
          msPerToken: r3(r.stepMs.p50 / batch), vsPytorchEagerH100: r3(ANCHORS.pytorchEagerH100Ms / r.stepMs.p50),
          tokensAgreeWithFirstVariant: `${agree}/${r.tokens.length}`, // the first variant run at this batch and prompt
        });
        log(`${label}: ${r.nodes} nodes, prefill ${r.prefillMs.toFixed(1)} ms, step p50 ${r.stepMs.p50.toFixed(2)} ms (IQR ${r.stepMs.iqr.toFixed(2)}), greedy tokens agree ${agree}/${r.tokens.length}`);
      } catch (e) {
        const msg = (e as Error).message.replace(/\s+/g, " ").slice(0, 300);
        rows.push({ variant: v.name, dtype: v.dtype, fused: v.fused, argmaxInGraph: v.nextToken, kvOnDevice: v.resident && provider !== "cpu", staticCache: v.staticCache === true, batch, promptTokens: prompt, error: msg });
        log(`${label}: not run here: ${msg}`);
      }
    }
    const file = await writeResult(LLM_DECODE, `llm/decode-${provider}-${hostKindSlug(machine)}.json`, {
      bench: "llm-decode",
      description: "Decode step of a GPT-2-small-shaped decoder (12 layers, 12 heads, width 768, vocab 50,257; separate LM head, 163M parameters) with RANDOM weights, one change at a time. Wall time per greedy step after a 128-token prefill (the last two variants also after a ${LONG_PROMPT}-token one).",
      command: `npm run bench:decode${args.length ? " -- " + args.join(" ") : ""}`,
      provider, threads: provider === "cpu" ? THREADS : undefined, steps: STEPS, anchors: ANCHORS,
      machine, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100), skippedProviders: skipped, rows,
    }, { save: saveRequested(), dir: outDir && path.resolve(outDir) });
    log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

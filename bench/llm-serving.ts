/**
 * Measured serving behaviour of the course's own language models on this machine (CPU):
 *
 * 1. The tiny Austen GPT (models/austen-gpt, 632k parameters, one thread): prefill time against
 *    prompt length (the TTFT of a lone request), decode step time against batch size and context
 *    length; static vs continuous batching under seeded Poisson arrivals at several loads (TTFT,
 *    TPOT, ITL, throughput, goodput under stated SLOs), and continuous batching's batch-size cap
 *    against throughput and time between tokens. Traces of some runs → llm/traces/*.jsonl.
 * 2. A GPT-2-small-shaped decoder with RANDOM weights (timing only: speed does not depend on the
 *    values): prefill and decode step with the KV cache in fp32 (and fp16 when it runs), and the
 *    memory arithmetic checked against the tensors the model returns.
 *
 *   npm run bench:llm -- [--requests 150] [--skip-gpt2] [--gpt2-threads 1] [--save]
 *
 * Writes llm/serving.json and the traces under build/results/, or the committed results/ with --save.
 *
 * Timings are medians with their spread (IQR) over repeated runs. Step times are the process's CPU
 * time (one-thread sessions: what a dedicated core needs; the machine is shared, and elapsed times,
 * recorded beside them, are inflated by other jobs); the batching runs use the same CPU-time clock.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  loadCharGpt, timeDecoderSteps, batchingLoadSweep, serveWithBatching, poissonLlmWorkload, decoderMemoryArithmetic, kvCacheBytes,
  OnnxDecoder, type BatchingLoadPoint, type StepTiming,
} from "../lib/llm/index";
import { randomDecoderWeights, decoderParameterCount, GPT2_SMALL_CONFIG } from "../lib/onnx/decoder-config";
import { buildDecoderOnnx } from "../lib/onnx/transformer";
import { computeLlmMetrics, formatLlmTraceJsonl, type LlmSlo, type LlmServingReport } from "../lib/metrics/index";
import { loadDocument } from "../lib/data/load";
import { describeMachine } from "../lib/compute/machine";
import { repoRoot } from "../lib/data/paths";
import { LLM_SERVING, LLM_TRACES, writeResult, resultTarget, saveRequested } from "../lib/results/index";
import { H100_DECODE_ANCHORS } from "../lib/gpu/recorded";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}
const REQUESTS = Number(arg("--requests", "150"));
const SAVE = saveRequested();
const SKIP_GPT2 = process.argv.includes("--skip-gpt2");
const GPT2_THREADS = Number(arg("--gpt2-threads", "1"));

const r3 = (x: number | null | undefined): number | null => (x === null || x === undefined ? null : Math.round(x * 1000) / 1000);
const timingRow = (t: StepTiming): Record<string, number | null> => ({ batch: t.batch, tokens: t.tokens, context: t.context, p50Ms: r3(t.ms.p50), p25Ms: r3(t.ms.p25), p75Ms: r3(t.ms.p75), iqrMs: r3(t.ms.iqr), wallP50Ms: r3(t.wallMs.p50), wallIqrMs: r3(t.wallMs.iqr), runs: t.ms.count });
const log = (s: string): void => console.log(`[bench:llm] ${s}`);

function reportRow(p: { policy: string; ratePerSec: number; load?: number; maxBatch?: number; report: LlmServingReport; meanDecodeBatch: number; wastedRowShare: number }): Record<string, unknown> {
  const r = p.report;
  return {
    policy: p.policy, ratePerSec: r3(p.ratePerSec), load: p.load === undefined ? undefined : r3(p.load), maxBatch: p.maxBatch,
    requests: r.requests.completed,
    ttftMs: { p50: r3(r.ttftMs?.p50), p90: r3(r.ttftMs?.p90), p99: r3(r.ttftMs?.p99), mean: r3(r.ttftMs?.mean) },
    tpotMs: { p50: r3(r.tpotMs?.p50), p90: r3(r.tpotMs?.p90), p99: r3(r.tpotMs?.p99), mean: r3(r.tpotMs?.mean) },
    itlMs: { p50: r3(r.itlMs?.p50), p90: r3(r.itlMs?.p90), p99: r3(r.itlMs?.p99), max: r3(r.itlMs?.max) },
    e2eMs: { p50: r3(r.e2eMs?.p50), p90: r3(r.e2eMs?.p90), p99: r3(r.e2eMs?.p99) },
    llmperfItlMs: { p50: r3(r.llmperfItlMs?.p50) },
    outputTokenThroughput: r3(r.outputTokenThroughput), requestThroughput: r3(r.requestThroughput),
    goodput: r.goodput ? { requestsPerSecond: r3(r.goodput.requestsPerSecond), fractionGood: r3(r.goodput.fractionGood) } : null,
    meanDecodeBatch: r3(p.meanDecodeBatch), wastedRowShare: r3(p.wastedRowShare),
  };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  // ---------- 1. tiny Austen model ----------
  const m = await loadCharGpt("models/austen-gpt", { attentionMask: true, threads: 1 });
  const plain = await loadCharGpt("models/austen-gpt", { threads: 1 });
  log(`Austen GPT loaded: ${m.parameters} parameters, context ${m.config.contextLength}`);
  const prefill = await timeDecoderSteps(plain.decoder, [4, 8, 16, 32, 48, 64, 96, 127].map((p) => ({ batch: 1, tokens: p, context: 0 })), { repeats: 21, warmup: 2, clock: "cpu" });
  log(`prefill: ${prefill.map((t) => `${t.tokens}:${t.ms.p50.toFixed(2)}ms`).join(" ")}`);
  const decodeBatch = await timeDecoderSteps(plain.decoder, [1, 2, 4, 8, 16, 32, 64].map((b) => ({ batch: b, tokens: 1, context: 64 })), { repeats: 25, warmup: 3, clock: "cpu" });
  log(`decode vs batch (ctx 64): ${decodeBatch.map((t) => `${t.batch}:${t.ms.p50.toFixed(2)}ms`).join(" ")}`);
  const decodeContext = await timeDecoderSteps(plain.decoder, [1, 16, 32, 64, 96, 126].flatMap((c) => [1, 8].map((b) => ({ batch: b, tokens: 1, context: c }))), { repeats: 25, warmup: 3, clock: "cpu" });
  log(`decode vs context: ${decodeContext.map((t) => `${t.batch}/${t.context}:${t.ms.p50.toFixed(2)}ms`).join(" ")}`);

  // workload: prompts cut from Persuasion (held out), lengths 16-64 in, 16-48 out
  const persuasion = await loadDocument("janeausten", "persuasion");
  const sourceIds = m.tokenizer.encode(persuasion.slice(0, 200_000), { unknown: " " });
  const work = { count: REQUESTS, seed: 5, promptTokens: [16, 64] as [number, number], outputTokens: [16, 48] as [number, number], sourceIds };
  // a lone request's service time: calibrates the loads (1× = one request at a time back to back)
  const soloReqs = poissonLlmWorkload({ ...work, ratePerSec: 0.01, count: 12 });
  const solo = await serveWithBatching(m.decoder, soloReqs, { policy: "continuous", maxBatch: 1, tokenizer: m.tokenizer });
  const soloReport = computeLlmMetrics(solo.traces);
  const soloE2e = soloReport.e2eMs!.mean;
  const capacity = 1000 / soloE2e;
  const slo: LlmSlo = { ttftMs: Math.ceil(25 * soloReport.ttftMs!.p50), tpotMs: Math.ceil(4 * soloReport.tpotMs!.p50 * 10) / 10 };
  log(`solo: TTFT p50 ${soloReport.ttftMs!.p50.toFixed(2)} ms, TPOT p50 ${soloReport.tpotMs!.p50.toFixed(2)} ms, e2e mean ${soloE2e.toFixed(1)} ms → capacity ${capacity.toFixed(1)} req/s unbatched; SLO ttft ≤ ${slo.ttftMs} ms, tpot ≤ ${slo.tpotMs} ms`);

  const loads = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4];
  const sweep: BatchingLoadPoint[] = await batchingLoadSweep(m.decoder, {
    ...work, ratesPerSec: loads.map((l) => l * capacity), maxBatch: 8, slo, tokenizer: m.tokenizer,
    onRun: (d, n) => log(`load sweep ${d}/${n}`),
  });
  const rows = sweep.map((p) => reportRow({ ...p, load: p.ratePerSec / capacity, maxBatch: 8 }));
  for (const r of rows) log(`${r.policy} load ${r.load}: ${JSON.stringify({ ttft: r.ttftMs, tpot: r.tpotMs, thr: r.outputTokenThroughput, goodput: r.goodput })}`);

  // traces of two loads, both policies (small JSONL files)
  const traceFiles: string[] = [];
  for (const p of sweep) {
    const load = Math.round((p.ratePerSec / capacity) * 100) / 100;
    if (load !== 0.5 && load !== 1.5) continue;
    const rel = `llm/traces/austen-${p.policy}-load${load}.jsonl`;
    if (SAVE && !LLM_TRACES.files.test(rel)) throw new Error(`bench:llm: ${rel} is not a canonical trace name (lib/results/llm.ts)`);
    const file = resultTarget(rel, { save: SAVE });
    const rounded = p.run.traces.map((t) => ({ ...t, sent: r3(t.sent)!, end: t.end === undefined ? undefined : r3(t.end)!, tokens: t.tokens.map((c) => ({ t: r3(c.t)!, text: c.text })) }));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, formatLlmTraceJsonl(rounded));
    traceFiles.push(path.relative(repoRoot(), file).split(path.sep).join("/"));
  }

  // continuous batching's cap on the batch: throughput against time between tokens (LinkedIn's trade-off)
  const capSweep: Record<string, unknown>[] = [];
  const CAP_LOAD = 4; // far past one-at-a-time capacity, so that the cap binds
  const heavy = poissonLlmWorkload({ ...work, ratePerSec: CAP_LOAD * capacity });
  for (const maxBatch of [1, 2, 4, 8, 16, 32]) {
    const run = await serveWithBatching(m.decoder, heavy, { policy: "continuous", maxBatch, tokenizer: m.tokenizer });
    const report = computeLlmMetrics(run.traces, { slo });
    const dec = run.steps.filter((s) => s.kind === "decode");
    capSweep.push(reportRow({ policy: "continuous", ratePerSec: CAP_LOAD * capacity, load: CAP_LOAD, maxBatch, report, meanDecodeBatch: dec.reduce((a, s) => a + s.batch, 0) / Math.max(1, dec.length), wastedRowShare: 0 }));
    log(`cap ${maxBatch}: thr ${report.outputTokenThroughput.toFixed(0)} tok/s, TPOT p50 ${report.tpotMs?.p50.toFixed(2)} ms, TTFT p50 ${report.ttftMs?.p50.toFixed(1)} ms`);
  }
  const tinyMemory = decoderMemoryArithmetic(m.config, m.parameters, 4);
  const oneStep = await plain.decoder.run(Array.from(sourceIds.subarray(0, 100)), null);
  const tinyMeasuredKv = kvCacheBytes(oneStep.cache);
  await m.decoder.release();
  await plain.decoder.release();

  // ---------- 2. GPT-2-small-shaped timing model ----------
  let gpt2: Record<string, unknown> | null = null;
  if (!SKIP_GPT2) {
    const config = GPT2_SMALL_CONFIG;
    const params = decoderParameterCount(config);
    log(`GPT-2-small shape: ${params} parameters; random weights…`);
    const weights = randomDecoderWeights(config, { seed: 0 });
    const variants: Record<string, unknown>[] = [];
    for (const dtype of ["float32", "float16"] as const) {
      const tb = performance.now();
      let bytes: Uint8Array | null = buildDecoderOnnx(config, weights, { dtype });
      const modelBytes = bytes.byteLength;
      const buildS = (performance.now() - tb) / 1000;
      try {
        const dec = await OnnxDecoder.create(bytes, config, { providers: ["cpu"], dtype, sessionOptions: { intraOpNumThreads: GPT2_THREADS, interOpNumThreads: 1 } });
        bytes = null;
        const shapes = [
          { batch: 1, tokens: 128, context: 0 },
          { batch: 1, tokens: 1, context: 128 },
          { batch: 1, tokens: 1, context: 512 },
          { batch: 4, tokens: 1, context: 128 },
          { batch: 8, tokens: 1, context: 128 },
        ];
        const timings = await timeDecoderSteps(dec, dtype === "float32" ? shapes : shapes.slice(0, 2), { repeats: 5, warmup: 1, clock: "cpu", onShape: (d, n) => log(`gpt2 ${dtype} ${d}/${n}`) });
        const step = await dec.run([1, 2, 3, 4], null);
        const kvMeasured = kvCacheBytes(step.cache) / step.cache.length;
        variants.push({ dtype, modelBytes, buildSeconds: r3(buildS), timings: timings.map(timingRow), kvBytesPerTokenMeasured: kvMeasured, arithmetic: decoderMemoryArithmetic(config, params, dtype === "float16" ? 2 : 4) });
        log(`gpt2 ${dtype}: ${timings.map((t) => `${t.batch}x${t.tokens}@${t.context}: ${t.ms.p50.toFixed(1)}ms`).join(", ")}`);
        await dec.release();
      } catch (e) {
        variants.push({ dtype, modelBytes, buildSeconds: r3(buildS), error: (e as Error).message.slice(0, 300) });
        log(`gpt2 ${dtype} failed: ${(e as Error).message.slice(0, 200)}`);
      }
    }
    gpt2 = {
      note: "GPT-2-small-shaped decoder (12 layers, 12 heads, width 768, vocab 50,257, context 1,024) with RANDOM weights: a timing model only; speed does not depend on the values. Separate LM head (GPT-2 ties it to the token embedding), hence 163M rather than 124M parameters.",
      config, parameters: params, threads: GPT2_THREADS, variants,
      h100Reference: {
        source: "recorded by the course authors on an NVIDIA H100 (bench/README.md, \"Recorded GPU figures\"), onnxruntime-node 1.30, same model shape, fp32, batch 1, prompt 128",
        pytorchEagerDecodeMs: H100_DECODE_ANCHORS.pytorchEagerDecodeMs,
        pytorchEagerPrefill128Ms: H100_DECODE_ANCHORS.pytorchEagerPrefill128Ms,
        onnxWebgpuFirstGraphDecodeMs: H100_DECODE_ANCHORS.onnxWebgpuFirstGraphDecodeMs,
        onnxCpu16CoresDecodeMs: H100_DECODE_ANCHORS.onnxCpu16CoresDecodeMs,
        memoryFloorDecodeMs: H100_DECODE_ANCHORS.memoryFloorDecodeMs,
      },
    };
  }

  const result = {
    description: "Measured serving behaviour of the course's own models on CPU: prefill (TTFT) vs prompt length, decode step vs batch and context, static vs continuous batching under Poisson arrivals (traces summarised with lib/metrics computeLlmMetrics: GenAI-Perf/vLLM definitions), and a GPT-2-small-shaped random-weight timing model.",
    command: `npm run bench:llm -- --requests ${REQUESTS}${SKIP_GPT2 ? " --skip-gpt2" : ""}${SAVE ? " --save" : ""}`,
    austen: {
      model: "models/austen-gpt", parameters: m.parameters, config: m.config, threads: 1,
      prefill: prefill.map(timingRow), decodeByBatch: decodeBatch.map(timingRow), decodeByContext: decodeContext.map(timingRow),
      memory: { arithmeticFloat32: tinyMemory, kvBytesPerTokenMeasured: tinyMeasuredKv / 100 },
      workload: { requestsPerRun: REQUESTS, seed: 5, promptTokens: work.promptTokens, outputTokens: work.outputTokens, prompts: "windows of Persuasion (held out from training)", arrivals: "Poisson (exponential gaps), createRng-seeded", sampling: "greedy", clock: "virtual: each step advances it by its measured CPU time (one-thread session); idle jumps to the next arrival" },
      solo: { requests: solo.traces.length, ttftP50Ms: r3(soloReport.ttftMs!.p50), tpotP50Ms: r3(soloReport.tpotMs!.p50), e2eMeanMs: r3(soloE2e), capacityRequestsPerSec: r3(capacity) },
      slo: { ...slo, rule: "TTFT ≤ 25 × a lone request's median TTFT, TPOT ≤ 4 × its median TPOT (rounded up)" },
      loadSweep: { loads, maxBatch: 8, rows },
      batchCapSweep: { load: CAP_LOAD, rows: capSweep },
      traceFiles,
    },
    gpt2Small: gpt2,
    seconds: r3((performance.now() - t0) / 1000),
    machine: describeMachine(),
  };
  const out = await writeResult(LLM_SERVING, "llm/serving.json", result, { save: SAVE });
  log(`wrote ${path.relative(process.cwd(), out)} and ${traceFiles.join(", ")} in ${result.seconds} s${SAVE ? "" : "; add --save to write the committed results/"}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// %% [markdown]
// # 05 · LLM metrics: time to first token, time between tokens, goodput, and bits
//
// **Goals.** By the end of this notebook you can (1) generate text token by token from a language
// model we trained ourselves, streaming each token with its log-probability; (2) define [TTFT](../GLOSSARY.md),
// [time per output token](../GLOSSARY.md), [inter-token latency](../GLOSSARY.md), end-to-end latency, throughput and [goodput](../GLOSSARY.md) exactly as
// NVIDIA GenAI-Perf and vLLM define them, and say why llmperf's "inter-token latency" is a different
// number; (3) explain, with measurements, why [prefill](../GLOSSARY.md) and [decode](../GLOSSARY.md) behave differently; (4) compare
// static and [continuous batching](../GLOSSARY.md) under random (Poisson) traffic and see the trade-off between
// latency (TTFT, [time between tokens](../GLOSSARY.md)) and throughput; (5) read logprobs as compression:
// [bits per character](../GLOSSARY.md) beside gzip, xz and bzip2; (6) do the memory arithmetic of serving (bytes per parameter,
// [KV cache](../GLOSSARY.md) per token) and check it against a real model.
//
// **Prerequisites.** Modules 00–04 (module 04's Poisson traffic and batching in particular). No GPU.
// **Time.** About 60 minutes to read and run; the defaults run in about a minute on a 2-core CPU (live
// measurements are kept short; the big sweeps come from `npm run bench:llm`, committed in
// `results/llm/serving.json`). Set `FULL = true` below for longer live runs.
//
// Vicki Boykis, in ["What's new with ML in production"](https://vickiboykis.com/2024/01/15/whats-new-with-ml-in-production/),
// notes that models which complete text bring their own operational metrics: time to first token,
// tokens per second ("the ultimate metric"), and logprobs, and points to Ray's
// ["Numbers every LLM developer should know"](https://github.com/ray-project/llm-numbers). Chip
// Huyen's summary of LinkedIn's ["Musings on building a Generative AI product"](https://www.linkedin.com/blog/engineering/generative-ai/musings-on-building-a-generative-ai-product)
// adds what a team learned in production: time between tokens hurt more than time to first token,
// both trade against throughput, and YAML beat JSON as an output format because it takes fewer
// tokens. This notebook measures each of these on a model small enough to run here.

// %%
import * as fs from "node:fs";
import { decoderParameterCount } from "./lib/onnx/index";
import { loadCharGpt } from "./lib/llm/index";
import { showTable, showMarkdown, plot } from "./lib/viz/index";
import { describeMachine } from "./lib/compute/index";
const FULL = false; // true: longer generations, more requests, more repetitions (a few minutes)
const austen = await loadCharGpt("models/austen-gpt");
const trainLog = fs
  .readFileSync("models/austen-gpt/train-log.jsonl", "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
showTable(
  [
    {
      what: "model",
      value: `decoder-only transformer, ${austen.config.layers} layers, ${austen.config.heads} heads, width ${austen.config.width}, ` +
        `context ${austen.config.contextLength} characters`,
    },
    { what: "parameters", value: decoderParameterCount(austen.config).toLocaleString("en-US") },
    { what: "vocabulary", value: `${austen.tokenizer.vocabSize} characters (one token per character)` },
    { what: "trained on", value: "five Jane Austen novels; Persuasion held out" },
    { what: "made by", value: String(austen.training.command) },
    { what: "held-out loss", value: `${austen.training.finalHeldOutLoss} nats/char after ${austen.training.steps} steps` },
  ],
  { caption: "The committed model models/austen-gpt (weights.bin + config.json)" },
);
plot(
  [
    {
      type: "scatter",
      mode: "lines+markers",
      name: "train",
      x: trainLog.filter((r) => r.train_loss !== null).map((r) => r.step),
      y: trainLog.filter((r) => r.train_loss !== null).map((r) => r.train_loss),
    },
    { type: "scatter", mode: "lines+markers", name: "held out (Persuasion)", x: trainLog.map((r) => r.step), y: trainLog.map((r) => r.heldout_loss) },
  ],
  {
    title: { text: "Training log of the committed model (nats per character)" },
    xaxis: { title: { text: "step" } },
    yaxis: { title: { text: "loss" } },
  },
  { height: 320 },
);

// %% [markdown]
// The model was trained by the course's own TypeScript autograd on one core (about 27 CPU-minutes
// for 2,400 steps; `models/austen-gpt/README.md` has the log, the samples and an earlier 600-step
// model for comparison). Retraining is one command away: the one in the table (add `--fresh` to
// start over; try fewer `--steps` to see what a quarter of the training buys). It checkpoints and
// resumes, and writes `build/models/austen-gpt/` and `build/results/llm/` (with `--save`, the committed `models/austen-gpt/`, `results/llm/bpc.json` and `results/llm/samples.json`). The graph that runs it is [ONNX](../GLOSSARY.md), built by `buildDecoderOnnx` with a
// **KV cache**: the keys and values of every past token are inputs and outputs of the graph, so
// each new token costs one short step instead of re-reading the whole text.
//
// ## Streaming generation, token by token, with logprobs
// `generateTokens` prefills the prompt once, then runs one decode step per token and hands each
// token over as soon as it is chosen (a server would flush it to the client at that moment), with
// its log-probability under the model and the time it was ready.

// %% id=generate-text
import { generateText, generationToTrace } from "./lib/llm/index";
const prompt = '"My dear Elizabeth," said ';
const streamed: string[] = [];
const gen = await generateText(austen.decoder, austen.tokenizer, prompt, {
  maxNewTokens: FULL ? 300 : 120,
  temperature: 0.8,
  seed: 1,
  onToken: (t) => streamed.push(t.text),
});
showMarkdown(`**Prompt:** \`${prompt}\` → **streamed:** *${streamed.join("")}*`);
showTable(
  gen.tokens
    .slice(0, 16)
    .map((t) => ({
      index: t.index,
      token: JSON.stringify(t.text),
      logprob: t.logprob.toFixed(3),
      p: Math.exp(t.logprob).toFixed(3),
      "bits (−log2 p)": (-t.logprob / Math.LN2).toFixed(2),
      "ms since previous": t.latencyMs.toFixed(2),
    })),
  {
    caption: `First 16 of ${gen.tokens.length} tokens (temperature 0.8, seed 1); mean logprob ${(gen.totalLogprob / gen.tokens.length).toFixed(3)} nats`,
  },
);
plot(
  [
    {
      type: "bar",
      x: gen.tokens.map((t) => t.index),
      y: gen.tokens.map((t) => -t.logprob / Math.LN2),
      text: gen.tokens.map((t) => t.text),
      hovertemplate: "%{text}: %{y:.2f} bits",
    },
  ],
  {
    title: { text: "Surprise of each generated character (bits = −log2 p)" },
    xaxis: { title: { text: "token" } },
    yaxis: { title: { text: "bits" } },
  },
  { height: 300 },
);

// %% [markdown]
// Low bars are characters the model was sure of (the rest of a common word, a space after a comma);
// tall bars are where it chose among many. Sampling at temperature 0.8 sometimes picks an unlikely
// one: that is where the invented words come from. The same numbers serve evaluation ([perplexity](../GLOSSARY.md),
// bits per character, below) and products (highlighting uncertain spans, ranking answers).
//
// ## The metrics, as the reference tools define them
// A client sees a request as a **trace**: when it was sent, and when each streamed chunk arrived.
// `generationToTrace` writes our generation in the course's trace format (`{id, sent, input_tokens,
// tokens: [{t, text}], end}`, one JSON object per line), and `computeLlmMetrics` (lib/metrics)
// computes, per request and over a run:
//
// | metric | definition | source |
// |---|---|---|
// | TTFT | first non-empty chunk − sent | GenAI-Perf, vLLM |
// | e2e latency | last chunk (or stream end) − sent | GenAI-Perf, vLLM |
// | TPOT | (e2e − TTFT) / (output tokens − 1), only with > 1 token | vLLM; GenAI-Perf calls it "inter-token latency" |
// | ITL | every gap between consecutive chunks after the first, pooled over requests | vLLM |
// | llmperf ITL | e2e / output tokens, **TTFT included** | ray-project/llmperf: a different number |
// | output token throughput | output tokens / (last response − first request) | GenAI-Perf |
// | goodput | requests meeting every [SLO](../GLOSSARY.md) (TTFT, TPOT, e2e) per second | vLLM, after DistServe |
//
// Empty chunks (a role header, a keep-alive) are ignored, as GenAI-Perf and llmperf ignore them.
// Below: our generation, and a hand-made request whose first token is slow, to show how far apart
// TPOT and llmperf's ITL can be for the same stream.

// %% id=compute-llm-metrics
import { computeLlmMetrics, llmRequestMetrics } from "./lib/metrics/index";
const ourTrace = generationToTrace(gen, "austen-0");
const slowStart = {
  id: "hand-made",
  sent: 0,
  input_tokens: 500,
  tokens: [{ t: 200, text: "" }, { t: 900, text: "The" }, ...Array.from({ length: 9 }, (_, i) => ({ t: 930 + 30 * i, text: " word" }))],
};
showTable(
  [ourTrace, slowStart].map((tr) => {
    const r = llmRequestMetrics(tr);
    return {
      request: r.id,
      "output tokens": r.outputTokens,
      "TTFT ms": r.ttftMs!.toFixed(2),
      "TPOT ms": r.tpotMs!.toFixed(3),
      "ITL p50 ms": [...r.itlMs].sort((a, b) => a - b)[r.itlMs.length >> 1]!.toFixed(3),
      "e2e ms": r.e2eMs!.toFixed(1),
      "llmperf ITL ms": r.llmperfItlMs!.toFixed(3),
      "tokens/s": r.outputTokensPerSecond!.toFixed(0),
    };
  }),
  { caption: "Per-request metrics (lib/metrics llmRequestMetrics)" },
);
const ours = computeLlmMetrics([ourTrace]);
showMarkdown(
  `For the hand-made stream, TPOT is 30 ms while llmperf's ITL is ${llmRequestMetrics(slowStart).llmperfItlMs!.toFixed(0)} ` +
    `ms: llmperf spreads the 900 ms wait for the first token over every token. Always say which definition a number uses. ` +
    `Our own generation: TTFT **${ours.ttftMs!.p50.toFixed(1)} ms** (the prefill of ${gen.promptIds.length} characters), ` +
    `TPOT **${ours.tpotMs!.p50.toFixed(2)} ms**, so **${ours.outputTokenThroughput.toFixed(0)} tokens/s** for one stream ` +
    `on one thread.`,
);

// %% [markdown]
// ## Prefill and decode are different kinds of work
// Generating starts with the **prefill**: the whole prompt in one call, every position at once
// (matrix × matrix: the hardware is used well). Then each **decode** step runs one new token per
// sequence against the cached keys and values (matrix × vector: every weight is read for a single
// row, so the step is bound by memory traffic and per-call overhead, not arithmetic). TTFT follows
// the prefill and grows with the prompt; the time between tokens follows the decode step and
// barely changes with the batch size until the batch is large, which is why batching decode steps
// pays. `timeDecoderSteps` times both shapes on this machine (CPU time of a one-thread session,
// in interleaved rounds, median and interquartile range: the machine is shared).

// %%
import { timeDecoderSteps } from "./lib/llm/index";
const reps = FULL ? 21 : 9;
const prefillT = await timeDecoderSteps(
  austen.decoder,
  [8, 32, 64, 96, 127].map((p) => ({ batch: 1, tokens: p, context: 0 })),
  { repeats: reps, clock: "cpu" },
);
const decodeT = await timeDecoderSteps(
  austen.decoder,
  [1, 4, 16, 64].map((b) => ({ batch: b, tokens: 1, context: 64 })),
  { repeats: reps, clock: "cpu" },
);
import { readResult, readResults, resultFilePath, LLM_SERVING, LLM_DECODE, LLM_TRACES, LLM_BPC, LLM_STRUCTURED } from "./lib/results/index";
const serving = readResult(LLM_SERVING, "llm/serving.json");
plot(
  [
    {
      type: "scatter",
      mode: "lines+markers",
      name: "prefill, live",
      x: prefillT.map((t) => t.tokens),
      y: prefillT.map((t) => t.ms.p50),
      error_y: {
        type: "data",
        symmetric: false,
        array: prefillT.map((t) => t.ms.p75 - t.ms.p50),
        arrayminus: prefillT.map((t) => t.ms.p50 - t.ms.p25),
      },
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: "prefill, bench:llm (committed)",
      x: serving.austen.prefill.map((r) => r.tokens),
      y: serving.austen.prefill.map((r) => r.p50Ms),
      line: { dash: "dot" },
    },
  ],
  {
    title: { text: "TTFT of a lone request = prefill time, against prompt length" },
    xaxis: { title: { text: "prompt length (characters)" } },
    yaxis: { title: { text: "ms (median, IQR)" }, rangemode: "tozero" },
  },
  { height: 320 },
);
plot(
  [
    { type: "scatter", mode: "lines+markers", name: "ms per step, live", x: decodeT.map((t) => t.batch), y: decodeT.map((t) => t.ms.p50) },
    { type: "scatter", mode: "lines+markers", name: "ms per token, live", x: decodeT.map((t) => t.batch), y: decodeT.map((t) => t.ms.p50 / t.batch) },
    {
      type: "scatter",
      mode: "lines+markers",
      name: "ms per step, committed",
      x: serving.austen.decodeByBatch.map((r) => r.batch),
      y: serving.austen.decodeByBatch.map((r) => r.p50Ms),
      line: { dash: "dot" },
    },
  ],
  {
    title: { text: "One decode step (64 cached tokens) against batch size" },
    xaxis: { type: "log", title: { text: "sequences in the batch" } },
    yaxis: { type: "log", title: { text: "ms (median)" } },
  },
  { height: 320 },
);
const ctxRows = serving.austen.decodeByContext;
plot(
  [1, 8].map((b) => ({
    type: "scatter",
    mode: "lines+markers",
    name: `batch ${b}`,
    x: ctxRows.filter((r) => r.batch === b).map((r) => r.context),
    y: ctxRows.filter((r) => r.batch === b).map((r) => r.p50Ms),
  })),
  {
    title: { text: "Decode step against context length (committed bench:llm)" },
    xaxis: { title: { text: "tokens already in the KV cache" } },
    yaxis: { title: { text: "ms (median)" }, rangemode: "tozero" },
  },
  { height: 300 },
);
showMarkdown(
  `Prefill of 127 characters: **${prefillT[prefillT.length - 1]!.ms.p50.toFixed(2)} ms** against **${prefillT[0]!.ms.p50.toFixed(2)} ` +
    `ms** for 8. One decode step costs **${decodeT[0]!.ms.p50.toFixed(2)} ms** for one sequence and **${decodeT[2]!.ms.p50.toFixed(2)} ` +
    `ms** for 16: ${((decodeT[0]!.ms.p50 * 16) / decodeT[2]!.ms.p50).toFixed(1)}× more tokens per second from the same core. ` +
    `With this tiny model the attention over a 128-character context is cheap, so context length moves the step little; for ` +
    `long contexts the KV cache read grows linearly and becomes the cost.`,
);

// %% [markdown]
// ## A GPT-2-small-shaped model: the timing model
// The Austen model is tiny (632k parameters, 2.5 MB). To see what a real model's decode step costs,
// `npm run bench:llm` builds a decoder with GPT-2 small's shape (12 layers, 12 heads, width 768,
// 50,257-token vocabulary) and **random weights**: a timing model only, since speed does not depend on
// the values (its text would be noise). Its separate LM head makes it 163M parameters (GPT-2 ties
// the head to the embedding: 124M). Below, its measured steps on this CPU, and figures the course
// authors recorded on an NVIDIA H100 (same shape, onnxruntime-node 1.30 and PyTorch; where they come
// from: bench/README.md, "Recorded GPU figures").

// %%
import { RECORDED_GPU_CITATION } from "./lib/gpu/index";

const g2 = serving.gpt2Small;
if (g2) {
  showTable(
    g2.variants.flatMap((v) =>
      (v.timings ?? []).map((t) => ({
        dtype: v.dtype,
        step: t.context === 0 ? `prefill ${t.tokens} tokens` : `decode, batch ${t.batch}, ${t.context} cached`,
        "ms (CPU time, median)": t.p50Ms,
        "IQR ms": t.iqrMs,
        "wall ms (median)": t.wallP50Ms,
        "ms per token": t.context === 0 ? (t.p50Ms / t.tokens).toFixed(2) : (t.p50Ms / t.batch).toFixed(1),
      })),
    ),
    {
      caption: `GPT-2-small-shaped decoder, RANDOM weights (timing only), onnxruntime CPU, ${g2.threads} thread(s), ${serving.machine.cpu}; errors: ${
        g2.variants
          .filter((v) => v.error)
          .map((v) => `${v.dtype}: ${v.error}`)
          .join("; ") || "none"
      }`,
    },
  );
  const h = g2.h100Reference;
  showTable(
    [
      {
        run: "this CPU, onnxruntime, fp32, batch 1 (bench:llm)",
        "decode step ms": g2.variants[0].timings?.find((t) => t.context === 128 && t.batch === 1)?.p50Ms ?? "n/a",
        source: "measured here",
      },
      { run: "H100 machine, onnxruntime CPU provider, 16 cores", "decode step ms": h.onnxCpu16CoresDecodeMs, source: "recorded" },
      { run: "H100, onnxruntime WebGPU, KV cache on the GPU (first graph)", "decode step ms": h.onnxWebgpuFirstGraphDecodeMs, source: "recorded" },
      { run: "H100, PyTorch eager, fp32", "decode step ms": h.pytorchEagerDecodeMs, source: "recorded" },
      { run: "H100 memory floor: ~650 MB of weights at ~3 TB/s", "decode step ms": h.memoryFloorDecodeMs, source: "arithmetic" },
    ],
    { caption: `GPT-2-small decode step, batch 1: recorded reference figures beside our measurement (H100 figures: ${RECORDED_GPU_CITATION})` },
  );
} else showMarkdown("results/llm/serving.json has no GPT-2 section (the bench ran with --skip-gpt2).");

// %% [markdown]
// Even the fastest recorded run is ~30× above the memory floor: at batch 1 a decode step is bound
// by overhead (many small kernels, host round trips), which is exactly why batching many sequences
// into one step raises throughput almost for free, the ">10× from batching" of llm-numbers.
//
// ## What moves a decode step: one change at a time
// If a step is overhead-bound, the cure is fewer, larger operations and fewer trips between host
// and device. `buildDecoderOnnx` can emit the same model five ways, and `timeDecodeVariant` times a
// greedy decode loop with each (the KV cache fed straight back in; on a GPU, kept there):
//
// 1. **the first graph**: standard ONNX operators (about 40 per layer: reshapes, transposes,
//    the attention's MatMul–Mul–Add–Softmax–MatMul, a GELU spelled out in 9 operators);
// 2. **fp16**: half the bytes of weights and cache;
// 3. **fused** (`fused: true`): onnxruntime's contrib operators: `MultiHeadAttention` (bias, causal
//    mask and KV cache in one kernel), `SkipLayerNormalization` (residual add + bias + LayerNorm)
//    and `FastGelu` (bias + GELU): about 9 operators per layer, same numbers (the tests check it);
// 4. **argmax in the graph** (`nextToken: true`): the greedy choice is made on the device and 8 bytes
//    come back instead of the logits (50,257 floats per row for GPT-2);
// 5. **a static cache** (`staticCache: true`): instead of a cache that grows by one row per step
//    (a new, longer tensor every step), one buffer of the full context length, allocated once and
//    bound as its own output; attention is onnxruntime's `GroupQueryAttention`, told how much of the
//    buffer is filled. Where the runtime shares that buffer between input and output, a step writes
//    one row instead of copying the cache, and the fixed shapes are what GPU graph capture (replaying
//    a recorded step without the CPU dispatching each kernel) requires.
//
// First live, on the Austen model, where every operator is tiny and overhead is all there is:

// %% id=time-decode-variant
import { timeDecodeVariant, CPU_DECODE_VARIANTS, loadDecoderWeights, decodeStepMs, compareStaticCache, DEFAULT_DECODE_PROMPT } from "./lib/llm/index";
import { RECORDED_GPU_TABLES, H100_DECODE_ANCHORS } from "./lib/gpu/index";
const austenWeights = loadDecoderWeights("models/austen-gpt/weights.bin", austen.config);
const liveVariants = [];
const liveMs: Record<string, number> = {};
for (const v of CPU_DECODE_VARIANTS) {
  try {
    const opts = { promptTokens: 64, steps: FULL ? 60 : 30, warmupSteps: 3, sessionOptions: { intraOpNumThreads: 1 } };
    await timeDecodeVariant({ ...austen.config }, austenWeights, v, { ...opts, steps: 5 }); // a first session warms the runtime
    const r = await timeDecodeVariant({ ...austen.config }, austenWeights, v, opts);
    liveMs[v.name] = r.stepMs.p50;
    liveVariants.push({
      variant: v.name,
      nodes: r.nodes,
      "prefill 64 ms": r.prefillMs.toFixed(2),
      "decode step ms (median)": r.stepMs.p50.toFixed(3),
      "IQR ms": r.stepMs.iqr.toFixed(3),
      "first greedy characters": JSON.stringify(austen.tokenizer.decode(r.tokens.slice(0, 16))),
    });
  } catch (e) {
    liveVariants.push({
      variant: v.name,
      nodes: "–",
      "prefill 64 ms": "–",
      "decode step ms (median)": "not supported here",
      "IQR ms": "–",
      "first greedy characters": (e as Error).message.split("\n").slice(-1)[0].slice(0, 90),
    });
  }
}
showTable(liveVariants, {
  caption: "Live, this machine, CPU provider, one thread: the Austen model (3 layers) built five ways; greedy from a random 64-character prompt",
});
showMarkdown(
  `Fused against standard fp32, live: **${(liveMs["standard fp32"] / liveMs["fused fp32"]).toFixed(2)}×** the decode steps ` +
    `per second, with the same greedy text and a quarter of the nodes.`,
);

// %% [markdown]
// On this tiny model every operator is a few microseconds of arithmetic, so the per-operator
// overhead is what fusion saves. fp16 is a GPU format: the CPU runs the standard fp16 graph through
// conversions and has no kernel at all for the fused fp16 attention. The static cache costs more
// than it saves here: its buffer is the full 128-character context whatever the step. Now the
// GPT-2-small-shaped model,
// measured by `npm run bench:decode` (committed results; GPU results appear here once a GPU run is
// committed). Here a step must read 650 MB of fp32 weights, so on the CPU it is bound by memory
// bandwidth and fusion cannot help; on a GPU, where reading them takes ~0.2 ms, the dispatch
// overhead is what remains:

// %%
const decodeRuns = readResults(LLM_DECODE).map((r) => r.value); // results/llm/decode-<provider>-<host>.json
for (const run of decodeRuns) {
  showTable(
    run.rows.map((r) => ({
      variant: r.variant,
      batch: r.batch,
      nodes: r.nodes ?? "–",
      prompt: r.promptTokens,
      "prefill ms": r.prefillMs ?? "–",
      "step ms (median)": r.stepMs?.p50 ?? `not run: ${String(r.error).slice(0, 80)}`,
      "IQR ms": r.stepMs ? (r.stepMs.p75 - r.stepMs.p25).toFixed(2) : "–",
      "ms per token": r.msPerToken ?? "–",
      "greedy tokens agree": r.tokensAgreeWithFirstVariant ?? "–",
    })),
    {
      caption: `GPT-2-small shape, random weights, ${run.provider}${run.threads ? `, ${run.threads} threads` : ""}: ` +
        `${run.machine.gpu ?? `${run.machine.cpu}${run.machine.simd ? ` (${run.machine.simd})` : ""}`} ` +
        `(${run.command})`,
    },
  );
}
const cpuDecode = decodeRuns.find((r) => r.provider === "cpu");
if (cpuDecode) {
  const at = (name: string, batch = 1) => decodeStepMs(cpuDecode.rows, name, batch);
  const [std, fused, b8] = [at("standard fp32"), at("fused fp32"), at("standard fp32", 8)];
  showMarkdown(
    `On the CPU (committed): standard fp32 **${std.toFixed(1)} ms** per step, fused **${fused.toFixed(1)} ms**: ${(std / fused).toFixed(2)}× ` +
      `(${std / fused > 1.15 ? "a gain even here" : "no real gain, as expected for a memory-bound step"}). Batch 8 costs ` +
      `**${b8.toFixed(1)} ms** per step, ${(b8 / std).toFixed(1)}× batch 1 for 8× the tokens: batching, not fusion, is the ` +
      `CPU's lever.`,
  );
  const sc = compareStaticCache(cpuDecode.rows);
  if (sc) {
    const staticGrowth = sc.staticMs.long / sc.staticMs.short;
    showMarkdown(
      `The static cache: **${sc.staticMs.short.toFixed(1)} ms** per step after ${DEFAULT_DECODE_PROMPT} tokens against **${sc.growingMs.short.toFixed(1)} ` +
        `ms** for the growing cache, and **${sc.staticMs.long.toFixed(1)} ms** against **${sc.growingMs.long.toFixed(1)} ` +
        `ms** after ${sc.longPrompt}. The growing cache's step gets ${(sc.growingMs.long / sc.growingMs.short).toFixed(1)}× ` +
        `dearer as the context grows ${(sc.longPrompt / DEFAULT_DECODE_PROMPT).toFixed(0)}×; the static one's ${staticGrowth.toFixed(2)}×. ` +
        `${
          staticGrowth < 1.25 && sc.staticMs.short > 1.2 * sc.growingMs.short
            ? "It costs about the same at both lengths, the price of its full 1,024-token buffer: even with the output bound to the input, " +
              "onnxruntime-node's CPU kernel does work in proportion to the capacity, not to the tokens held. Preallocation alone buys " +
              "nothing here; it pays where the runtime truly shares the buffer between steps (onnxruntime's CUDA and WebGPU decoders, " +
              "with graph capture on top)."
            : "Compare the two columns on your own run: a static cache pays when the step stops copying the whole cache."
        }`,
    );
  }
}
const gpuDecode = decodeRuns.find((r) => r.provider !== "cpu");
if (gpuDecode) {
  const ok = gpuDecode.rows.filter((r) => r.stepMs && r.batch === 1);
  plot(
    [
      {
        type: "bar",
        orientation: "h",
        y: ok.map((r) => r.variant),
        x: ok.map((r) => r.stepMs.p50),
        name: gpuDecode.machine.gpu ?? gpuDecode.provider,
      },
      {
        type: "scatter",
        mode: "lines",
        y: [ok[0].variant, ok[ok.length - 1].variant],
        x: [H100_DECODE_ANCHORS.pytorchEagerDecodeMs, H100_DECODE_ANCHORS.pytorchEagerDecodeMs],
        name: `PyTorch eager, H100 (${H100_DECODE_ANCHORS.pytorchEagerDecodeMs} ms)`,
        line: { dash: "dash" },
      },
    ],
    {
      title: { text: "GPT-2-small decode step, batch 1, one change at a time" },
      xaxis: { title: { text: "ms per step (median)" }, rangemode: "tozero" },
      margin: { l: 330 },
    },
    { height: 340 },
  );
} else {
  const t = RECORDED_GPU_TABLES[1];
  showTable(
    t.rows.map((r) => ({ run: r.run, "decode step ms": r.decodeStepMs })),
    { caption: `No GPU run of bench:decode is committed yet. Recorded reference instead (${t.machine}; ${t.source}). ${t.reading}` },
  );
  showMarkdown(
    `**Open:** the goal of this section, a decode step faster than PyTorch eager's ${H100_DECODE_ANCHORS.pytorchEagerDecodeMs} ` +
      `ms on the same H100, needs a GPU run of \`npm run bench:decode\` (recipe in \`bench/README.md\`: \`bash scripts/gpu-prepare.sh\`, ` +
      `then two commands on the GPU machine). The recorded fp16 run with partial fusions reached ` +
        `${t.rows.find((r) => r.run.startsWith("fp16, same fusions")).decodeStepMs} ` +
      `ms; attention was not fused there, and the logits were copied back every step.`,
  );
}

// %% [markdown]
// ## Memory arithmetic
// Serving memory is weights plus KV cache. Weights: parameters × bytes per parameter (4 in fp32,
// 2 in fp16: llm-numbers' "≈ 2 × parameters bytes"). KV cache: every token keeps one key and one
// value vector of `width` numbers per layer, `2 × layers × width × bytes` per token. We check the
// arithmetic against the tensors our decoders return.

// %%
import { GPT2_SMALL_CONFIG } from "./lib/onnx/index";
import { decoderMemoryArithmetic, kvCacheBytes } from "./lib/llm/index";
const step100 = await austen.decoder.run(
  Array.from(
    austen.tokenizer
      .encode("It was a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife.")
      .slice(0, 100),
  ),
  null,
);
const tinyMem = decoderMemoryArithmetic(austen.config, austen.parameters, 4);
const g2Params = decoderParameterCount(GPT2_SMALL_CONFIG);
const llama13b = { layers: 40, width: 5120, contextLength: 4096 };
const rowsMem = [
  {
    model: "Austen GPT fp32",
    ...decoderMemoryArithmetic(austen.config, austen.parameters, 4),
    measured: `${kvCacheBytes(step100.cache) / step100.cache.length} B/token (live)`,
  },
  ...["float32", "float16"].map((dt) => {
    const v = g2?.variants.find((x) => x.dtype === dt);
    return {
      model: `GPT-2-small shape ${dt}`,
      ...decoderMemoryArithmetic(GPT2_SMALL_CONFIG, g2Params, dt === "float16" ? 2 : 4),
      measured: v ? `${v.kvBytesPerTokenMeasured ?? "n/a"} B/token; ONNX file ${(v.modelBytes / 1e6).toFixed(0)} MB` : "n/a",
    };
  }),
  { model: "13B LLaMA-shaped, fp16 (llm-numbers: ~1 MB per token)", ...decoderMemoryArithmetic(llama13b, 13e9, 2), measured: "arithmetic only" },
];
showTable(
  rowsMem.map((r) => ({
    model: r.model,
    parameters: r.parameters.toLocaleString("en-US"),
    "weights MB": (r.weightBytes / 1e6).toFixed(1),
    "KV bytes / token": r.kvBytesPerToken.toLocaleString("en-US"),
    "KV MB, full context": (r.kvBytesFullContext / 1e6).toFixed(1),
    measured: r.measured,
  })),
  { caption: "Weights and KV cache by arithmetic, checked against real tensors" },
);
showMarkdown(
  `The live cache of 100 characters holds **${kvCacheBytes(step100.cache).toLocaleString("en-US")} bytes** = 100 × ${tinyMem.kvBytesPerToken} ` +
    `(arithmetic). A 13B model keeps ${(decoderMemoryArithmetic(llama13b, 13e9, 2).kvBytesPerToken / 1e6).toFixed(2)} MB ` +
    `per token in fp16, llm-numbers' "about 1 MB per output token": a 40 GB card holding 26 GB of weights has room for only ` +
    `~17k cached tokens, which caps the batch and is why vLLM pages the KV cache.`,
);

// %% [markdown] id=poisson
// ## Static against continuous batching, under Poisson arrivals
// A server can batch in two ways. **Static** batching takes the requests waiting, runs them
// together until the *longest* is done, and only then starts the next batch: rows that finished
// early sit idle, and a newcomer waits for the whole batch. **Continuous** (iteration-level) batching,
// from Orca (Yu et al., OSDI 2022) and used by vLLM, re-forms the batch at every decode step:
// finished sequences leave at once and arrivals join after their prefill. Our decoder graph takes a
// padding mask (`buildDecoderOnnx(..., { attentionMask: true })`), so sequences of different lengths
// share one step with left padding, each at its own positions. `serveWithBatching` runs either policy
// on the real model, on a virtual clock that advances by each step's measured CPU time (and jumps
// over idle gaps), and records one trace per request. Prompts are windows of Persuasion (held out),
// 16–64 characters, outputs 16–48 characters, greedy. First a small live run at two loads.

// %%
import { loadDocument } from "./lib/data/index";
import { poissonLlmWorkload, serveWithBatching } from "./lib/llm/index";
const served = await loadCharGpt("models/austen-gpt", { attentionMask: true });
const persuasionIds = served.tokenizer.encode((await loadDocument("janeausten", "persuasion")).slice(0, 50_000), { unknown: " " });
const workBase = {
  count: FULL ? 60 : 24,
  seed: 5,
  promptTokens: [16, 64] as [number, number],
  outputTokens: [16, 48] as [number, number],
  sourceIds: persuasionIds,
};
const soloRun = await serveWithBatching(served.decoder, poissonLlmWorkload({ ...workBase, ratePerSec: 0.01, count: 8 }), {
  policy: "continuous",
  maxBatch: 1,
});
const soloE2e = computeLlmMetrics(soloRun.traces).e2eMs!.mean;
const capacity = 1000 / soloE2e;
const live = [];
for (const load of [0.5, 1.5]) {
  const reqs = poissonLlmWorkload({ ...workBase, ratePerSec: load * capacity });
  for (const policy of ["static", "continuous"] as const) {
    const run = await serveWithBatching(served.decoder, reqs, { policy, maxBatch: 8, tokenizer: served.tokenizer });
    live.push({ load, policy, run, report: computeLlmMetrics(run.traces) });
  }
}
showTable(
  live.map(({ load, policy, report: r }) => ({
    load: `${load}×`,
    policy,
    "TTFT p50 ms": r.ttftMs!.p50.toFixed(1),
    "TTFT p90 ms": r.ttftMs!.p90.toFixed(1),
    "TPOT p50 ms": r.tpotMs!.p50.toFixed(2),
    "ITL p99 ms": r.itlMs!.p99.toFixed(2),
    "e2e p50 ms": r.e2eMs!.p50.toFixed(0),
    "output tokens/s": r.outputTokenThroughput.toFixed(0),
  })),
  {
    caption: `Live: ${workBase.count} requests per run; 1× = ${capacity.toFixed(0)} requests/s, one request at a time back ` +
      `to back (a lone request takes ${soloE2e.toFixed(1)} ms)`,
  },
);
const showTimeline = live.find((x) => x.load === 1.5 && x.policy === "static")!;
const showTimeline2 = live.find((x) => x.load === 1.5 && x.policy === "continuous")!;
plot(
  [showTimeline, showTimeline2].flatMap((x, k) =>
    x.run.traces.flatMap((tr, i) => [
      {
        type: "scatter",
        mode: "lines",
        showlegend: i === 0,
        legendgroup: `w${k}`,
        name: `${x.policy}: waiting (sent → first token)`,
        x: [tr.sent, tr.tokens[0]!.t],
        y: [i + k * 0.35, i + k * 0.35],
        line: { color: k ? "#ff7f0e" : "#1f77b4", width: 2, dash: "dot" },
      },
      {
        type: "scatter",
        mode: "lines",
        showlegend: i === 0,
        legendgroup: `s${k}`,
        name: `${x.policy}: streaming (first → last token)`,
        x: [tr.tokens[0]!.t, tr.end ?? tr.tokens[tr.tokens.length - 1]!.t],
        y: [i + k * 0.35, i + k * 0.35],
        line: { color: k ? "#ff7f0e" : "#1f77b4", width: 5 },
      },
    ]),
  ),
  {
    title: { text: "Each request's life at 1.5× load: static (blue) against continuous (orange)" },
    xaxis: { title: { text: "virtual time (ms)" } },
    yaxis: { title: { text: "request" } },
  },
  { height: 460 },
);

// %% [markdown]
// In the timeline, static batching's requests wait (dotted) for the batch in front of them to finish
// and then all stream together; continuous batching starts each one soon after it arrives. The
// committed sweep (`npm run bench:llm`: 150 requests per run, eight loads from 0.25× to 4×) shows the whole picture:

// %%
const sweepRows = serving.austen.loadSweep.rows;
const byPolicy = (p: string) => sweepRows.filter((r) => r.policy === p);
const colorOf = { static: "#1f77b4", continuous: "#ff7f0e" };
plot(
  ["static", "continuous"].flatMap((p) => [
    {
      type: "scatter",
      mode: "lines+markers",
      name: `${p} TTFT p50`,
      x: byPolicy(p).map((r) => r.load),
      y: byPolicy(p).map((r) => r.ttftMs.p50),
      line: { color: colorOf[p] },
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: `${p} TTFT p90`,
      x: byPolicy(p).map((r) => r.load),
      y: byPolicy(p).map((r) => r.ttftMs.p90),
      line: { color: colorOf[p], dash: "dot" },
    },
  ]),
  {
    title: { text: "Time to first token against load" },
    xaxis: { title: { text: "offered load (× one-at-a-time capacity)" } },
    yaxis: { type: "log", title: { text: "ms" } },
  },
  { height: 320 },
);
plot(
  ["static", "continuous"].flatMap((p) => [
    {
      type: "scatter",
      mode: "lines+markers",
      name: `${p} TPOT p50`,
      x: byPolicy(p).map((r) => r.load),
      y: byPolicy(p).map((r) => r.tpotMs.p50),
      line: { color: colorOf[p] },
    },
    {
      type: "scatter",
      mode: "lines+markers",
      name: `${p} ITL p99`,
      x: byPolicy(p).map((r) => r.load),
      y: byPolicy(p).map((r) => r.itlMs.p99),
      line: { color: colorOf[p], dash: "dot" },
    },
  ]),
  {
    title: { text: "Time between tokens against load" },
    xaxis: { title: { text: "offered load" } },
    yaxis: { title: { text: "ms" }, rangemode: "tozero" },
  },
  { height: 320 },
);
plot(
  ["static", "continuous"].map((p) => ({
    type: "scatter",
    mode: "lines+markers",
    name: p,
    x: byPolicy(p).map((r) => r.load),
    y: byPolicy(p).map((r) => r.outputTokenThroughput),
    line: { color: colorOf[p] },
  })),
  {
    title: { text: "Output token throughput against load" },
    xaxis: { title: { text: "offered load" } },
    yaxis: { title: { text: "tokens/s" }, rangemode: "tozero" },
  },
  { height: 300 },
);
showTable(
  sweepRows.map((r) => ({
    policy: r.policy,
    load: r.load,
    "TTFT p50": r.ttftMs.p50,
    "TPOT p50": r.tpotMs.p50,
    "ITL p99": r.itlMs.p99,
    "tokens/s": r.outputTokenThroughput,
    "mean decode batch": r.meanDecodeBatch,
    "wasted rows": `${(100 * r.wastedRowShare).toFixed(0)}%`,
  })),
  { caption: `Committed sweep (ms; ${serving.machine.cpu}, virtual clock = CPU time)` },
);

// %% [markdown]
// What to read: at low load both policies behave like one request at a time. As load rises, static
// batching's TTFT climbs first (newcomers wait for a whole batch) and a share of its decode rows is
// wasted on sequences that already finished; continuous batching keeps TTFT lower and the model
// busy with useful rows, so its throughput is higher, but each running sequence pauses whenever a
// newcomer's prefill runs, which shows in its time between tokens (the ITL tail). Past the capacity
// of either, queues grow and every latency grows with the length of the burst.
//
// ### LinkedIn's observation: TTFT and TBT against throughput
// LinkedIn found that time to first token and time between tokens trade against tokens per second:
// to get good latency they had to give up throughput. The knob here is the cap on the batch size of
// continuous batching, at 4× load (committed sweep), where requests queue and the cap binds:

// %%
const capRows = serving.austen.batchCapSweep.rows;
plot(
  [
    {
      type: "scatter",
      mode: "lines+markers+text",
      x: capRows.map((r) => r.tpotMs.p50),
      y: capRows.map((r) => r.outputTokenThroughput),
      text: capRows.map((r) => `max ${r.maxBatch}`),
      textposition: "top right",
    },
  ],
  {
    title: { text: `Throughput against time per output token, by batch cap (continuous, ${serving.austen.batchCapSweep.load}× load)` },
    xaxis: { type: "log", title: { text: "TPOT p50 (ms)" } },
    yaxis: { title: { text: "output tokens/s" }, rangemode: "tozero" },
  },
  { height: 340 },
);
showTable(
  capRows.map((r) => ({
    "max batch": r.maxBatch,
    "mean decode batch": r.meanDecodeBatch,
    "TTFT p50 ms": r.ttftMs.p50,
    "TPOT p50 ms": r.tpotMs.p50,
    "ITL p99 ms": r.itlMs.p99,
    "tokens/s": r.outputTokenThroughput,
  })),
  { caption: "Continuous batching with a cap on the batch (committed)" },
);

// %% [markdown]
// A larger batch makes each step longer (more time between a user's tokens) while it raises the
// tokens per second of the server, up to the point where the CPU is saturated; past it, a bigger
// cap only lengthens every step (and on one core can even lower throughput). On a GPU the curve
// is far steeper in favour of batching (the step at batch 8 costs about what it costs at batch 1,
// module 04), which is why servers batch and then cap the batch to meet a TBT target.
//
// ## Goodput: throughput that meets the SLOs
// Raw throughput counts tokens nobody wanted that late. **Goodput** (DistServe; vLLM's benchmark)
// counts only requests that met every service-level objective. The SLOs of the committed sweep are
// stated in `results/llm/serving.json`; here they are recomputed from the saved traces with
// `computeLlmMetrics`, the same numbers `npm run llm-metrics -- --trace FILE --slo-ttft MS --slo-tpot MS` prints.

// %%
import { readLlmTraceFile } from "./lib/metrics/index";
const slo = { ttftMs: serving.austen.slo.ttftMs, tpotMs: serving.austen.slo.tpotMs };
plot(
  ["static", "continuous"]
    .map((p) => ({
      type: "scatter",
      mode: "lines+markers",
      name: p,
      x: byPolicy(p).map((r) => r.load),
      y: byPolicy(p).map((r) => r.goodput.requestsPerSecond),
      line: { color: colorOf[p] },
    }))
    .concat([
      {
        type: "scatter",
        mode: "lines",
        name: "offered",
        x: [0, Math.max(...sweepRows.map((r) => r.load))],
        y: [0, Math.max(...sweepRows.map((r) => r.load)) * serving.austen.solo.capacityRequestsPerSec],
        line: { color: "gray", dash: "dot" },
      } as any,
    ]),
  {
    title: { text: `Goodput against load (TTFT ≤ ${slo.ttftMs} ms and TPOT ≤ ${slo.tpotMs} ms)` },
    xaxis: { title: { text: "offered load" } },
    yaxis: { title: { text: "good requests/s" }, rangemode: "tozero" },
  },
  { height: 320 },
);
showTable(
  serving.austen.traceFiles.map((f) => {
    const r = computeLlmMetrics(readLlmTraceFile(resultFilePath(LLM_TRACES, f)), { slo });
    return {
      trace: f,
      requests: r.requests.total,
      "TTFT p50 ms": r.ttftMs!.p50.toFixed(2),
      "TPOT p50 ms": r.tpotMs!.p50.toFixed(3),
      "requests/s": r.requestThroughput.toFixed(1),
      "goodput req/s": r.goodput!.requestsPerSecond.toFixed(1),
      "good share": `${(100 * r.goodput!.fractionGood).toFixed(0)}%`,
    };
  }),
  { caption: `Saved traces re-read and summarised (SLO rule: ${serving.austen.slo.rule})` },
);

// %% [markdown]
// **Read the chart:** goodput follows the dotted "offered" line while the server keeps up; where a
// policy's line bends away from it and falls is that policy's capacity under these SLOs.

// %%
const topLoad = Math.max(...sweepRows.map((r) => r.load));
const goodputAtTop = (p: string) => byPolicy(p).find((r) => r.load === topLoad)!.goodput.requestsPerSecond;
showMarkdown(
  `In the committed sweep at the highest load (${topLoad}×), continuous batching keeps **${goodputAtTop("continuous").toFixed(0)}** ` +
    `good requests per second, static batching **${goodputAtTop("static").toFixed(0)}**${
      goodputAtTop("continuous") > goodputAtTop("static") ? "." : ": in this run static batching did at least as well, so the claim above does not hold here."
    }`,
);

// %% [markdown]
// Goodput rises with load while the server keeps up and then **falls**, even though throughput
// stays high: beyond that point the extra requests only make everyone late. The load at the peak is
// the capacity worth selling. Past it, continuous batching should keep more requests within the SLOs
// than static batching (the line above says whether the committed run agrees);
// near the peak the order can flip, because continuous batching's prefill pauses push some
// requests' TPOT over its bound. This machine is shared, so rerun `npm run bench:llm` before
// trusting any single point.
//
// ## Logprobs are compression
// An arithmetic coder driven by the model spends −log2 p(next character) bits on each character,
// so the mean surprise *is* a compressed size (Delétang et al., "Language Modeling Is Compression",
// ICLR 2024; Boykis: "machine learning is compression"). The committed evaluation on the whole of
// Persuasion (held out) and a live measurement on a passage of it:

// %% id=score-sequence
import { scoreSequence, compressionTable } from "./lib/llm/index";
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
const bpc = readResult(LLM_BPC, "llm/bpc.json");
showTable(
  bpc.compressors.map((c) => ({ compressor: c.name, "bits/char": c.bitsPerChar, "bits/char counting the model": c.bitsPerCharWithModel })),
  { caption: `Committed: Persuasion, ${bpc.text.characters.toLocaleString("en-US")} characters (results/llm/bpc.json)` },
);
const passage = (await loadDocument("janeausten", "persuasion")).slice(20_000, 20_000 + (FULL ? 20_000 : 4_000));
const passageIds = austen.tokenizer.encode(passage, { unknown: " " });
const score = await scoreSequence(austen.decoder, passageIds, { stride: 64 });
const cmdBits = (cmd: string, args: string[]): number | null => {
  try {
    return execFileSync(cmd, args, { input: passage }).byteLength * 8;
  } catch {
    return null;
  }
};
const liveRows = compressionTable(passage.length, [
  { name: "gzip -9", bits: gzipSync(passage, { level: 9 }).byteLength * 8 },
  ...[
    ["xz", ["-9", "-c"]],
    ["bzip2", ["-9", "-c"]],
  ]
    .map(([c, a]) => ({ name: `${c} -9`, bits: cmdBits(c as string, a as string[]) }))
    .filter((r) => r.bits !== null)
    .map((r) => ({ name: r.name, bits: r.bits! })),
  { name: "Austen GPT (fp16 weights counted)", bits: score.totalNats / Math.LN2, modelBytes: austen.parameters * 2 },
]);
showTable(
  liveRows.map((r) => ({ compressor: r.name, "bits/char": r.bitsPerChar.toFixed(3), "bits/char with the model": r.bitsPerCharWithModel.toFixed(3) })),
  { caption: `Live: ${passage.length.toLocaleString("en-US")} characters of Persuasion; model perplexity ${score.perplexity.toFixed(2)}` },
);
const lengths = [1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
plot(
  [
    {
      type: "scatter",
      mode: "lines+markers",
      name: "Austen GPT + fp16 weights",
      x: lengths,
      y: lengths.map((n) => bpc.languageModel.bitsPerChar + (16 * bpc.model.parameters) / n),
    },
    ...bpc.compressors
      .filter((c) => c.modelBytes === 0)
      .map((c) => ({
        type: "scatter",
        mode: "lines",
        name: c.name.split(" (")[0],
        x: [lengths[0], lengths[lengths.length - 1]],
        y: [c.bitsPerChar, c.bitsPerChar],
        line: { dash: "dot" },
      })),
  ],
  {
    title: { text: "Counting the model's own size: bits per character against text length" },
    xaxis: { type: "log", title: { text: "characters compressed" } },
    yaxis: { type: "log", title: { text: "bits per character" } },
  },
  { height: 320 },
);

// %% [markdown] id=yaml
// On the whole novel the committed model alone beats gzip, xz and bzip2 (an earlier model trained a
// quarter as long beat gzip, matched xz and lost to bzip2: training is what buys the bits). On a
// short passage it wins by far: gzip, xz and bzip2 must learn the text's
// statistics from the text itself, while the model arrives knowing Austen. That knowledge is the
// catch: counting its 1.3 MB of fp16 weights as part of the message turns the win into a loss for
// any single book, and the weights only pay for themselves over tens of millions of characters. That is the
// honest version of "an LLM is a compressor": it is one whose dictionary is enormous and shared.
//
// ## Structured output: YAML against JSON, and repairs
// LinkedIn chose YAML over JSON because it takes fewer tokens, and fixed the ~10% of malformed
// answers with re-prompts and then a repair script. The course's `lib/structured` (YAML vs JSON token
// counts with real tokenizers, parsing and repairing malformed output) writes
// `results/llm/structured.json`; shown here when present, with a live token count beside it.

// %%
import { encode as encodeO200k } from "gpt-tokenizer";
import { stringify as toYaml } from "yaml";
const record = {
  name: "Anne Elliot",
  age: 27,
  family: { father: "Sir Walter Elliot", sisters: ["Elizabeth", "Mary"] },
  home: "Kellynch Hall",
  suitors: [
    { name: "Frederick Wentworth", rank: "Captain" },
    { name: "William Elliot", rank: null },
  ],
};
const asJson = JSON.stringify(record, null, 2),
  asYaml = toYaml(record);
showTable(
  [
    { format: "JSON (indented)", characters: asJson.length, "tokens (o200k_base)": encodeO200k(asJson).length },
    { format: "JSON (compact)", characters: JSON.stringify(record).length, "tokens (o200k_base)": encodeO200k(JSON.stringify(record)).length },
    { format: "YAML", characters: asYaml.length, "tokens (o200k_base)": encodeO200k(asYaml).length },
  ],
  { caption: "One record three ways, counted with gpt-tokenizer (GPT-4o's o200k_base)" },
);

// %% [markdown]
// Over 400 records from four of the course's datasets (`npm run bench:structured`, with
// `lib/structured`), YAML saves tokens against **indented** JSON but costs more than **compact** JSON
// with both real tokenizers: the saving LinkedIn saw depends on what it is compared with.

// %%
import { repairStructuredOutput } from "./lib/structured/index";
const structured = readResult(LLM_STRUCTURED, "llm/structured.json");
const allRows = structured.formats.rows.filter((r) => r.source === "all");
const tokTable = [...new Set(allRows.map((r) => r.tokenizer))].map((tokenizer) => {
  const mean = (f: string) => allRows.find((r) => r.tokenizer === tokenizer && r.format === f).meanTokens;
  return {
    tokenizer,
    "JSON indented": mean("json-pretty"),
    "JSON compact": mean("json-min"),
    YAML: mean("yaml"),
    "YAML ÷ compact": mean("yaml") / mean("json-min"),
    "YAML ÷ indented": mean("yaml") / mean("json-pretty"),
  };
});
showTable(tokTable, {
  caption: `Mean tokens per record over ${structured.records.total} records (${structured.records.sources.join(", ")}); ${structured.command}`,
  digits: 3,
});
const rep = structured.repair.rows.filter((r) => !r.errorClass.startsWith("mixed"));
plot(
  [
    { type: "bar", name: "valid before repair", x: rep.map((r) => `${r.syntax}: ${r.errorClass}`), y: rep.map((r) => r.validBefore) },
    { type: "bar", name: "valid after repair", x: rep.map((r) => `${r.syntax}: ${r.errorClass}`), y: rep.map((r) => r.validAfter) },
    { type: "bar", name: "exactly the original after repair", x: rep.map((r) => `${r.syntax}: ${r.errorClass}`), y: rep.map((r) => r.exactAfter) },
  ],
  {
    title: { text: "Repairing broken model output, per error class (documented error model, seed 42)" },
    barmode: "group",
    yaxis: { tickformat: ".0%" },
    margin: { b: 150 },
  },
);
const broken = "Sure! Here is the record:\n```json\n{name: 'Anne Elliot', age: 27, married: False, suitors: ['Wentworth', 'Mr Elliot',],}\n```";
const fixed = repairStructuredOutput(broken);
showTable([{ input: broken, repaired: fixed.text, steps: fixed.repairs.join(", "), parses: fixed.parses }], {
  caption: "One malformed answer, repaired instead of re-prompted",
});

// %% [markdown]
// **Read the chart:** for each error class, the gap between the two bars is what parse → validate →
// repair recovers without asking the model again; what stays invalid would need a re-prompt.

// %% [markdown]
// ## llm-numbers, checked here
// Ray's llm-numbers (2023) gives rules of thumb: ~1.3 tokens per English word; serving memory ≈
// 2 bytes × parameters in fp16; ~1 MB of KV cache per token for a 13B model (checked above); >10×
// throughput from batching. Tokens per word, on Austen's prose, with two real tokenizers and ours:

// %%
// the cl100k_base encoding is a subpath export of gpt-tokenizer: load it with require
const { encode: encodeCl100k } = require("gpt-tokenizer/encoding/cl100k_base") as { encode: (text: string) => number[] };
const words = passage.split(/\s+/).filter(Boolean).length;
showTable(
  [
    { tokenizer: "cl100k_base (GPT-3.5/4)", tokens: encodeCl100k(passage).length },
    { tokenizer: "o200k_base (GPT-4o)", tokens: encodeO200k(passage).length },
    { tokenizer: "Austen GPT (one per character)", tokens: passageIds.length },
  ].map((r) => ({ ...r, words, "tokens per word": (r.tokens / words).toFixed(2) })),
  { caption: `Tokens per word on ${words.toLocaleString("en-US")} words of Persuasion (llm-numbers: ~1.3)` },
);
await served.decoder.release();

// %% [markdown]
// Austen's prose lands on llm-numbers' 1.3 tokens per word with both tokenizers; a character model
// needs ~5.7 tokens per word, one reason real LLMs use subword tokenizers: every
// token is a decode step, so tokens per word multiply TPOT into time per word.
//
// ## Summary
// * The user-facing latencies of an LLM are **TTFT** (dominated by prefill, grows with the prompt,
//   and with queueing) and **time between tokens** (one decode step, grows with the batch and the
//   context). Define them as GenAI-Perf/vLLM do; llmperf's ITL includes TTFT and is not comparable.
// * Decode is memory- and overhead-bound: batching sequences into one step multiplies throughput.
//   **Continuous batching** re-forms the batch every step: lower TTFT and higher throughput than
//   static batching, paid for with pauses (prefills) in the running streams.
// * TTFT and TBT trade against throughput (LinkedIn): cap the batch to meet a TBT target, and judge
//   a server by **goodput** under stated SLOs, which peaks and then falls as load grows.
// * Logprobs are bits: our 632k-parameter model compresses held-out Austen better than gzip, xz and
//   bzip2, until its own weights are counted.
// * Memory: weights = parameters × bytes; KV cache = 2 × layers × width × bytes per token, checked
//   against real tensors; it, not the weights, limits how many sequences a GPU can serve at once.
//
// ## Exercises
// Open `exercises/05.ts`, replace each `throw new NotImplementedYet(…)`, and run the cell below (or
// `npm run check -- 05`). Reference solutions are in `solutions/05.ts`: try first.
// 1. **05.1** `requestLatencies(trace)`: TTFT, TPOT and e2e of one request, by hand-made traces.
// 2. **05.2** `goodput(traces, slo)`: good requests per second, also on a trace recorded above.
// 3. **05.3** `bitsPerChar(logprobs, modelBytes)`: bits per character from the model's logprobs,
//    with and without the model's size.
// 4. **05.4** `kvCapacity(config, parameters, bytes, memory, tokens)`: how many sequences fit next
//    to the weights, for GPT-2 small and a 13B model.
// 5. **05.5** `chooseServingPoint()` (a judgement): the batching policy and load that keep 90% of
//    requests within the SLO and serve the most; checked by the numbers your choice implies.

// %%
import * as mine from "./exercises/05";
import { checks as checks05 } from "./exercises/checks/05";
import { runChecks, showCheckReport } from "./lib/nb/index";
showCheckReport(await runChecks(checks05, mine));

// %% [markdown]
//
// ## Further reading
// * Vicki Boykis, "What's new with ML in production" (2024): https://vickiboykis.com/2024/01/15/whats-new-with-ml-in-production/
// * Chip Huyen's thread on LinkedIn's report; LinkedIn Engineering, "Musings on building a Generative AI product" (2024): https://www.linkedin.com/blog/engineering/generative-ai/musings-on-building-a-generative-ai-product
// * Ray, "Numbers every LLM developer should know": https://github.com/ray-project/llm-numbers
// * NVIDIA GenAI-Perf (now AIPerf) metrics; vLLM `benchmark_serving`; ray-project/llmperf: https://github.com/ray-project/llmperf
// * Yu et al., "Orca: A Distributed Serving System for Transformer-Based Generative Models", OSDI 2022; Kwon et al., "Efficient Memory Management for Large Language Model Serving with PagedAttention" (vLLM), SOSP 2023; Zhong et al., "DistServe", OSDI 2024 (goodput).
// * Delétang et al., "Language Modeling Is Compression", ICLR 2024.
// * Theia Vogel, "How to make LLMs go fast" (metrics section): https://vgel.me/posts/faster-inference/

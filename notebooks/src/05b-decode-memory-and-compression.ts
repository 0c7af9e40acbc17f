// %% [markdown]
// # 05b · Deep dive: what a decode step costs, memory, compression, structured output
//
// Notebook 05 measured [TTFT](../GLOSSARY.md), [time per output token](../GLOSSARY.md) (TPOT), [time between tokens](../GLOSSARY.md) and [goodput](../GLOSSARY.md) on a character-level GPT trained on
// Jane Austen (run as [ONNX](../GLOSSARY.md) graphs), under static and [continuous batching](../GLOSSARY.md). This deep dive holds the sections its core
// path leaves out: a GPT-2-small-shaped timing model and what moves a [decode](../GLOSSARY.md) step, the memory
// arithmetic of serving (bytes per parameter, [KV cache](../GLOSSARY.md) per token), LinkedIn's observation on
// time between tokens against throughput, logprobs as compression ([bits per character](../GLOSSARY.md) beside gzip,
// xz and bzip2), structured output (YAML against JSON, and repairs), and Ray's llm-numbers checked.
//
// **Prerequisites.** Notebook 05. **Time.** About 50 minutes to read and run; the cells run in well
// under a minute on a 2-core CPU (the big sweeps are read from `results/llm/`).

// %%
import * as fs from "node:fs";
import { loadCharGpt } from "./lib/llm/index";
import { decoderParameterCount } from "./lib/onnx/index";
import { loadDocument } from "./lib/data/index";
import { showTable, showMarkdown, plot } from "./lib/viz/index";
import { describeMachine } from "./lib/compute/index";
import { computeLlmMetrics, llmRequestMetrics } from "./lib/metrics/index";
import { readResult, readResults, resultFilePath, LLM_SERVING, LLM_DECODE, LLM_TRACES, LLM_BPC, LLM_STRUCTURED } from "./lib/results/index";
const FULL = false; // true: more repetitions (a few minutes)
const austen = await loadCharGpt("models/austen-gpt");
const served = await loadCharGpt("models/austen-gpt", { attentionMask: true });
const persuasionIds = served.tokenizer.encode((await loadDocument("janeausten", "persuasion")).slice(0, 50_000), { unknown: " " });
const serving = readResult(LLM_SERVING, "llm/serving.json");
showMarkdown(`Loaded models/austen-gpt and the committed serving results (${serving.machine.cpu}).`);

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

// %% [markdown]
// ## LinkedIn's observation: TTFT and TBT against throughput
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

// %% [markdown]
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

// %% [markdown]
// # 05 · LLM metrics: time to first token, time between tokens, goodput, and bits
//
// **Goals.** By the end of this notebook you can (1) generate text token by token from a language
// model we trained ourselves, streaming each token with its log-probability; (2) define [TTFT](../GLOSSARY.md),
// [time per output token](../GLOSSARY.md), [inter-token latency](../GLOSSARY.md), end-to-end latency, throughput and [goodput](../GLOSSARY.md) exactly as
// NVIDIA GenAI-Perf and vLLM define them, and say why llmperf's "inter-token latency" is a different
// number; (3) explain, with measurements, why [prefill](../GLOSSARY.md) and [decode](../GLOSSARY.md) behave differently; (4) compare
// static and [continuous batching](../GLOSSARY.md) under random (Poisson) traffic and see the trade-off between
// latency (TTFT, [time between tokens](../GLOSSARY.md)) and throughput; (5) count goodput against [SLOs](../GLOSSARY.md).
// Deep dive 05b adds what moves a decode step, the memory arithmetic of serving ([KV cache](../GLOSSARY.md) per token),
// logprobs as compression ([bits per character](../GLOSSARY.md)), structured output and llm-numbers.
//
// **Prerequisites.** Modules 00–04 (module 04's Poisson traffic and batching in particular). No GPU.
// **Time.** About 45 minutes to read and run; the defaults run in about a minute on a 2-core CPU (live
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
import { showTable, showMarkdown, plot, plotPanel, sideBySide, type PlotPanel } from "./lib/viz/index";
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
const stepPanels: PlotPanel[] = [];
stepPanels.push(plotPanel(
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
));
stepPanels.push(plotPanel(
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
));
const ctxRows = serving.austen.decodeByContext;
stepPanels.push(plotPanel(
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
));
const stepPanelsFigure = sideBySide(stepPanels);
plot(stepPanelsFigure.traces, stepPanelsFigure.layout, { height: 340 });
showMarkdown(
  `Prefill of 127 characters: **${prefillT[prefillT.length - 1]!.ms.p50.toFixed(2)} ms** against **${prefillT[0]!.ms.p50.toFixed(2)} ` +
    `ms** for 8. One decode step costs **${decodeT[0]!.ms.p50.toFixed(2)} ms** for one sequence and **${decodeT[2]!.ms.p50.toFixed(2)} ` +
    `ms** for 16: ${((decodeT[0]!.ms.p50 * 16) / decodeT[2]!.ms.p50).toFixed(1)}× more tokens per second from the same core. ` +
    `With this tiny model the attention over a 128-character context is cheap, so context length moves the step little; for ` +
    `long contexts the KV cache read grows linearly and becomes the cost.`,
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
const sweepPanels: PlotPanel[] = [];
sweepPanels.push(plotPanel(
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
));
sweepPanels.push(plotPanel(
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
));
sweepPanels.push(plotPanel(
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
));
const sweepPanelsFigure = sideBySide(sweepPanels);
plot(sweepPanelsFigure.traces, sweepPanelsFigure.layout, { height: 340 });
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

// %% [markdown]
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

// %%
await served.decoder.release();
showMarkdown("The served model is released.");

// %% [markdown]
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
